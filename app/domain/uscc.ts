/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015) for civil-affairs registrations.
 * Shared by client and server: one source of truth for the rules and their messages.
 */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Position 2 for civil affairs: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 other. The register holds
 * only the first three types, so a well-formed category-9 code is refused with its own rule
 * (`categoryNotRegistered`) rather than mapped to a type.
 */
export const USCC_CATEGORY_BY_TYPE = { socialGroup: "1", socialServiceAgency: "2", foundation: "3" } as const;

export type UsccRule =
  | "length"
  | "charset"
  | "authority"
  | "category"
  | "division"
  | "orgCodeCheck"
  | "checkCharacter"
  | "categoryNotRegistered";

export type UsccResult = { ok: true; value: string } | { ok: false; rule: UsccRule };

function charValue(char: string): number {
  return USCC_CHARSET.indexOf(char);
}

/** GB 11714 organization-code check character for an 8-character body. */
export function orgCodeCheckCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i]!;
    const value = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55; // A=10 … Z=35
    sum += value * ORG_CODE_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}

/** Check character (position 18) for the first 17 characters. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += charValue(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

export function validateUscc(input: string): UsccResult {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, rule: "length" };
  for (const c of code) if (charValue(c) < 0) return { ok: false, rule: "charset" };
  if (code[0] !== "5") return { ok: false, rule: "authority" };
  if (!"1239".includes(code[1]!)) return { ok: false, rule: "category" };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, rule: "division" };
  if (orgCodeCheckCharacter(code.slice(8, 16)) !== code[16]) return { ok: false, rule: "orgCodeCheck" };
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return { ok: false, rule: "checkCharacter" };
  if (!(Object.values(USCC_CATEGORY_BY_TYPE) as string[]).includes(code[1]!)) return { ok: false, rule: "categoryNotRegistered" };
  return { ok: true, value: code };
}

/** Builds a valid code; used by the demo seed and tests. `body` is 8 digits. */
export function buildUscc(category: string, division: string, body: string): string {
  const first17 = `5${category}${division}${body}${orgCodeCheckCharacter(body)}`;
  return first17 + usccCheckCharacter(first17);
}
