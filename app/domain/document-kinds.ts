/**
 * The official documents (文书) the platform issues, one kind per decision it records: title,
 * the 文号's issuing-authority code (机关代字), who may download it, and whether it is an adverse
 * decision (which then tells how to seek review or sue). Client-safe.
 */
import type { MessageKey } from "~/i18n/i18n";

export const DOCUMENT_KINDS = [
  // entry gate
  "acceptanceNotice",
  "correctionNotice",
  "denialDecision",
  "registrationDecision",
  "registrationCertificate",
  // daily gate
  "inspectionConclusion",
  "rectificationNotice",
  "abnormalListing",
  "abnormalRemoval",
  "seriousListing",
  "seriousRemoval",
  // exit gate
  "deregistrationCertificate",
  "hearingNotice",
  "revocationDecision",
  // competition
  "publicAnnouncement",
  "fundingAgreement",
  "disbursementNotice",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentKindInfo {
  /** 机关代字 of the 文号: 银民社登〔2026〕第12号. Each kind numbers its own series per year. */
  prefix: string;
  label: MessageKey;
  /** Who may download it besides regulators: the organization concerned, or anyone (a public notice). */
  audience: "organization" | "public";
}

export const DOCUMENT_KIND_INFO: Record<DocumentKind, DocumentKindInfo> = {
  acceptanceNotice: { prefix: "银民社受", label: "documents.kind.acceptanceNotice", audience: "organization" },
  correctionNotice: { prefix: "银民社补", label: "documents.kind.correctionNotice", audience: "organization" },
  denialDecision: { prefix: "银民社不登", label: "documents.kind.denialDecision", audience: "organization" },
  registrationDecision: { prefix: "银民社登", label: "documents.kind.registrationDecision", audience: "organization" },
  registrationCertificate: { prefix: "银民社证", label: "documents.kind.registrationCertificate", audience: "organization" },
  inspectionConclusion: { prefix: "银民社检", label: "documents.kind.inspectionConclusion", audience: "organization" },
  rectificationNotice: { prefix: "银民社改", label: "documents.kind.rectificationNotice", audience: "organization" },
  abnormalListing: { prefix: "银民社异列", label: "documents.kind.abnormalListing", audience: "organization" },
  abnormalRemoval: { prefix: "银民社异移", label: "documents.kind.abnormalRemoval", audience: "organization" },
  seriousListing: { prefix: "银民社失列", label: "documents.kind.seriousListing", audience: "organization" },
  seriousRemoval: { prefix: "银民社失移", label: "documents.kind.seriousRemoval", audience: "organization" },
  deregistrationCertificate: { prefix: "银民社注", label: "documents.kind.deregistrationCertificate", audience: "organization" },
  hearingNotice: { prefix: "银民社听", label: "documents.kind.hearingNotice", audience: "organization" },
  revocationDecision: { prefix: "银民社撤", label: "documents.kind.revocationDecision", audience: "organization" },
  publicAnnouncement: { prefix: "银民社创公", label: "documents.kind.publicAnnouncement", audience: "public" },
  fundingAgreement: { prefix: "银民社创协", label: "documents.kind.fundingAgreement", audience: "organization" },
  disbursementNotice: { prefix: "银民社创拨", label: "documents.kind.disbursementNotice", audience: "organization" },
};

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === "string" && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** 文号: the kind's code, the year in 六角括号 and the sequence number — 银民社登〔2026〕第12号. */
export function documentNumber(kind: DocumentKind, year: number, seq: number): string {
  return `${DOCUMENT_KIND_INFO[kind].prefix}〔${year}〕第${seq}号`;
}

/**
 * Verification codes: 16 symbols of a 32-symbol alphabet without 0/O and 1/I (80 random bits:
 * unguessable, and readable aloud or off paper), shown in groups of four.
 */
export const VERIFICATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const VERIFICATION_CODE_LENGTH = 16;
const CODE_PATTERN = new RegExp(`^[${VERIFICATION_ALPHABET}]{${VERIFICATION_CODE_LENGTH}}$`);

/** A code as typed or scanned ("k7qm-3xpa …") in its stored form, or null when it cannot be one. */
export function normalizeVerificationCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

export function formatVerificationCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, "$1-");
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
