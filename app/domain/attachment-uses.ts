/**
 * What may be attached for each use: file kinds (extension and content must agree), size and
 * count. Shared by the upload component (early, friendly refusals), the local upload route and
 * the UploadThing file router (the authoritative checks), so the three never disagree.
 */

export const FILE_KINDS = {
  pdf: { extensions: [".pdf"], mime: "application/pdf" },
  docx: { extensions: [".docx"], mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { extensions: [".xlsx"], mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  jpeg: { extensions: [".jpg", ".jpeg"], mime: "image/jpeg" },
  png: { extensions: [".png"], mime: "image/png" },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

export const ATTACHMENT_USES = [
  "organizationDocument",
  "registrationFile",
  "annualReport",
  "proposal",
  "budget",
  "evaluationReport",
  "agreement",
  "midtermReport",
  "finalReport",
  "liquidationReport",
  "sponsorConsent",
] as const;
export type AttachmentUse = (typeof ATTACHMENT_USES)[number];

/** UploadThing only accepts powers of two as size limits ("16MB"), so limits are kept in MiB. */
export type PowerOfTwoMiB = 1 | 2 | 4 | 8 | 16 | 32 | 64;

export interface UseRule {
  kinds: readonly FileKind[];
  maxMiB: PowerOfTwoMiB;
  /** Active files of this use on one case, counting the ones being uploaded. */
  maxCount: number;
}

export const USE_RULES: Record<AttachmentUse, UseRule> = {
  // Charters, certificates, scanned registration papers: scans can be large.
  organizationDocument: { kinds: ["pdf", "docx", "xlsx", "jpeg", "png"], maxMiB: 32, maxCount: 30 },
  registrationFile: { kinds: ["pdf", "docx", "xlsx", "jpeg", "png"], maxMiB: 32, maxCount: 20 },
  annualReport: { kinds: ["pdf", "docx", "xlsx"], maxMiB: 16, maxCount: 5 },
  proposal: { kinds: ["pdf", "docx"], maxMiB: 16, maxCount: 3 },
  budget: { kinds: ["xlsx", "pdf"], maxMiB: 8, maxCount: 2 },
  evaluationReport: { kinds: ["pdf", "docx"], maxMiB: 16, maxCount: 5 },
  // The signed funding agreement (资助协议): a scan or the signed PDF.
  agreement: { kinds: ["pdf", "jpeg", "png"], maxMiB: 16, maxCount: 3 },
  // Mid-term and final reports' evidence: the report itself, sign-in sheets, photos, receipts.
  midtermReport: { kinds: ["pdf", "docx", "xlsx", "jpeg", "png"], maxMiB: 16, maxCount: 10 },
  finalReport: { kinds: ["pdf", "docx", "xlsx", "jpeg", "png"], maxMiB: 16, maxCount: 10 },
  liquidationReport: { kinds: ["pdf", "docx", "xlsx"], maxMiB: 16, maxCount: 5 },
  // The sponsoring unit's written consent to deregister: a signed letter, often a scan or photo.
  sponsorConsent: { kinds: ["pdf", "jpeg", "png"], maxMiB: 16, maxCount: 3 },
};

export const MIB = 1024 * 1024;

export function maxBytes(use: AttachmentUse): number {
  return USE_RULES[use].maxMiB * MIB;
}

export function isAttachmentUse(value: unknown): value is AttachmentUse {
  return typeof value === "string" && (ATTACHMENT_USES as readonly string[]).includes(value);
}

/** Lower-case extension with its dot ("" when there is none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot <= 0 ? "" : fileName.slice(dot).toLowerCase();
}

/** The kind a file name claims to be, if the use allows it. */
export function kindForExtension(use: AttachmentUse, fileName: string): FileKind | null {
  const extension = extensionOf(fileName);
  return USE_RULES[use].kinds.find((kind) => (FILE_KINDS[kind].extensions as readonly string[]).includes(extension)) ?? null;
}

/** `accept` attribute for a file input of this use. */
export function acceptAttribute(use: AttachmentUse): string {
  return USE_RULES[use].kinds.flatMap((kind) => [...FILE_KINDS[kind].extensions, FILE_KINDS[kind].mime]).join(",");
}

/** ".pdf, .docx, …" for messages. */
export function extensionList(use: AttachmentUse): string {
  return USE_RULES[use].kinds.flatMap((kind) => FILE_KINDS[kind].extensions).join(", ");
}

export const MAX_FILE_NAME_LENGTH = 200;

export type FileNameProblem = "attachments.error.nameEmpty" | "attachments.error.namePath" | "attachments.error.nameTooLong";

/**
 * The name we keep and show: Unicode NFC, control characters removed, characters Windows
 * cannot store replaced. A name that carries a path (`../`, `C:\`) is refused outright rather
 * than trimmed: it is either an attack or a confused client, and the user should know.
 */
export function sanitizeFileName(raw: string): { ok: true; name: string } | { ok: false; problem: FileNameProblem } {
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.normalize("NFC").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (/[/\\]/.test(cleaned) || /^[A-Za-z]:/.test(cleaned) || /^\.+$/.test(cleaned)) return { ok: false, problem: "attachments.error.namePath" };
  const name = cleaned.replace(/[<>:"|?*]/g, "_").replace(/^\.+/, "");
  if (!name) return { ok: false, problem: "attachments.error.nameEmpty" };
  if (name.length > MAX_FILE_NAME_LENGTH) return { ok: false, problem: "attachments.error.nameTooLong" };
  return { ok: true, name };
}

export type FileClaimProblem = {
  ok: false;
  key: FileNameProblem | "attachments.error.wrongType" | "attachments.error.tooLarge" | "attachments.error.empty";
  params: Record<string, string | number>;
  status: number;
};

/**
 * Checks what can be known before reading a byte: the name, the extension for this use and
 * (when declared) the size. The browser uses it for instant messages; the servers for the
 * authoritative answer, before checking the content itself.
 */
export function checkFileClaim(use: AttachmentUse, rawName: string, size?: number): { ok: true; name: string; kind: FileKind } | FileClaimProblem {
  const rule = USE_RULES[use];
  const sanitized = sanitizeFileName(rawName);
  if (!sanitized.ok) return { ok: false, key: sanitized.problem, params: { name: rawName }, status: 400 };
  const name = sanitized.name;
  const kind = kindForExtension(use, name);
  if (!kind) return { ok: false, key: "attachments.error.wrongType", params: { name, extensions: extensionList(use) }, status: 415 };
  if (size !== undefined && size > maxBytes(use)) return { ok: false, key: "attachments.error.tooLarge", params: { name, maxMiB: rule.maxMiB }, status: 413 };
  if (size === 0) return { ok: false, key: "attachments.error.empty", params: { name }, status: 400 };
  return { ok: true, name, kind };
}
