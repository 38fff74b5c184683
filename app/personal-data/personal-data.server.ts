/**
 * The personal-data boundary (ADR 016): values are sealed (SM4) on their way into the database
 * and opened on their way out; pages mask them; `revealPersonal` shows one value whole to
 * someone allowed to see the record, and records that it did in the audit trail.
 */
import { recordAudit } from "~/audit/audit-trail.server";
import type { SessionUser } from "~/auth/guards.server";
import { maskPersonal } from "~/domain/personal-data";
import { normalizePersonal, type PersonalKind } from "./fields";
import { indexHash, open, PersonalDataError, seal } from "./sm4.server";

export function sealPersonal(plaintext: string | null | undefined): string {
  return seal((plaintext ?? "").trim());
}

/**
 * The value in clear. A value that cannot be opened (its key is no longer configured, or it
 * was tampered with) reads as empty and is logged, rather than failing every page that lists it.
 */
export function openPersonal(stored: string | null | undefined): string {
  try {
    return open(stored);
  } catch (error) {
    if (!(error instanceof PersonalDataError)) throw error;
    console.error(`[personal-data] ${error.message}`);
    return "";
  }
}

export function maskedPersonal(stored: string | null | undefined): string {
  return maskPersonal(openPersonal(stored));
}

/** The keyed hashes a record is found by (one per non-empty value). */
export function personalIndexOf(values: { kind: PersonalKind; value: string }[]): string[] {
  const hashes = values.filter((v) => v.value.trim() !== "").map((v) => indexHash(normalizePersonal(v.kind, v.value)));
  return [...new Set(hashes)];
}

/** The keyed hash a search term would have if it is an identity number or a phone number. */
export function personalSearchHashes(term: string): string[] {
  const text = term.trim();
  if (!/^[\d\s+()-]{7,20}[\dXx]?$/.test(text)) return [];
  return [...new Set([indexHash(normalizePersonal("idNumber", text)), indexHash(normalizePersonal("phone", text))])];
}

/**
 * Shows one personal value whole: the caller has already checked that `user` may see the record
 * (the same check as the page); this records who saw which value of which record, and when.
 */
export async function revealPersonal(
  user: SessionUser,
  record: { kind: string; id: string; label: string },
  field: string,
  stored: string | null | undefined,
): Promise<string> {
  const value = openPersonal(stored);
  await recordAudit({ actor: user, action: "personalData.show", object: record, detail: { field } });
  return value;
}
