/**
 * Who may see which document, and the lists pages show. Documents are read by case, by
 * organization and by verification code from an in-process copy of their headers (no text, no
 * file fields) behind the read-model token `officialDocuments` (ADR 007's pattern): a case page or
 * a verification costs one token read, not a scan of the documents.
 */
import { OFFICIAL_DOCUMENTS_READ_MODEL, OfficialDocument } from "@models/official-document";
import type { SessionUser } from "~/auth/guards.server";
import { versionedReadModel } from "~/read-model/versioned.server";
import { DOCUMENT_KIND_INFO, type DocumentKind } from "~/domain/document-kinds";
import { loadDocument, type DocumentRecord } from "./documents.server";

export interface DocumentHeader {
  id: string;
  kind: DocumentKind;
  number: string;
  issuedAt: string;
  organizationId: string | null;
  organizationName: string;
  ownerUserId: string | null;
  caseId: string | null;
  verificationCode: string;
  supersededBy: string | null;
  supersedes: string | null;
  rendered: boolean;
}

const HEADER_FIELDS = { kind: 1, number: 1, issuedAt: 1, organizationId: 1, organizationName: 1, ownerUserId: 1, caseId: 1, verificationCode: 1, supersededBy: 1, supersedes: 1, sha256: 1 } as const;

const headers = versionedReadModel(
  OFFICIAL_DOCUMENTS_READ_MODEL,
  async () => {
    const byId = new Map<string, DocumentHeader>();
    const byCase = new Map<string, DocumentHeader[]>();
    const byOrganization = new Map<string, DocumentHeader[]>();
    const byCode = new Map<string, DocumentHeader>();
    const push = (map: Map<string, DocumentHeader[]>, key: string | null, header: DocumentHeader) => {
      if (key) map.set(key, [...(map.get(key) ?? []), header]);
    };
    const rows = await OfficialDocument.find({}, HEADER_FIELDS).sort({ issuedAt: 1, _id: 1 }).lean();
    for (const row of rows) {
      const header: DocumentHeader = {
        id: String(row._id),
        kind: row.kind as DocumentKind,
        number: row.number,
        issuedAt: row.issuedAt.toISOString(),
        organizationId: row.organizationId ? String(row.organizationId) : null,
        organizationName: row.organizationName ?? "",
        ownerUserId: row.ownerUserId ? String(row.ownerUserId) : null,
        caseId: row.caseId ? String(row.caseId) : null,
        verificationCode: row.verificationCode,
        supersededBy: row.supersededBy ? String(row.supersededBy) : null,
        supersedes: row.supersedes ? String(row.supersedes) : null,
        rendered: Boolean(row.sha256),
      };
      byId.set(header.id, header);
      push(byCase, header.caseId, header);
      push(byOrganization, header.organizationId, header);
      byCode.set(header.verificationCode, header);
    }
    return { byId, byCase, byOrganization, byCode };
  },
  { recheckMs: 0 },
);

// Administrators administer the system, not its business (三员分立, ADR 016).
const isRegulator = (user: SessionUser) => user.role === "regulator";

/** Regulators see every document; an organization its own; an applicant those of its application; anyone a public notice. */
export function mayRead(user: SessionUser | null, doc: Pick<DocumentHeader, "kind" | "organizationId" | "ownerUserId">): boolean {
  if (DOCUMENT_KIND_INFO[doc.kind].audience === "public") return true;
  if (!user) return false;
  if (isRegulator(user)) return true;
  if (doc.organizationId && user.organizationId === doc.organizationId) return true;
  return Boolean(doc.ownerUserId && doc.ownerUserId === user.id);
}

/** What a document list shows per row. */
export interface DocumentListItem {
  id: string;
  kind: DocumentKind;
  number: string;
  issuedAt: string;
  organizationName: string;
  verificationCode: string;
  status: "current" | "superseded";
  supersededByNumber: string | null;
  rendered: boolean;
}

export interface DocumentList {
  items: DocumentListItem[];
  /** Regulators may issue corrections. */
  mayCorrect: boolean;
}

function listOf(user: SessionUser | null, rows: DocumentHeader[] | undefined, byId: Map<string, DocumentHeader>): DocumentList {
  const items = (rows ?? [])
    .filter((row) => mayRead(user, row))
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      number: row.number,
      issuedAt: row.issuedAt,
      organizationName: row.organizationName,
      verificationCode: row.verificationCode,
      status: row.supersededBy ? ("superseded" as const) : ("current" as const),
      supersededByNumber: row.supersededBy ? (byId.get(row.supersededBy)?.number ?? null) : null,
      rendered: row.rendered,
    }))
    .reverse(); // newest first
  return { items, mayCorrect: Boolean(user && isRegulator(user)) };
}

/** A case's documents the user may read (the case page has checked the user may see the case). */
export async function documentsOfCase(user: SessionUser | null, caseId: string): Promise<DocumentList> {
  const { byCase, byId } = await headers();
  return listOf(user, byCase.get(caseId), byId);
}

/** Every document an organization received (its home page, the regulators' organization page). */
export async function documentsOfOrganization(user: SessionUser, organizationId: string): Promise<DocumentList> {
  const { byOrganization, byId } = await headers();
  return listOf(user, byOrganization.get(organizationId), byId);
}

/** The organization's current registration certificate, for its public directory page. */
export async function currentCertificateOf(organizationId: string): Promise<{ number: string; verificationCode: string } | null> {
  const { byOrganization } = await headers();
  const certificate = [...(byOrganization.get(organizationId) ?? [])].reverse().find((row) => row.kind === "registrationCertificate" && !row.supersededBy);
  return certificate ? { number: certificate.number, verificationCode: certificate.verificationCode } : null;
}

/** A document by id, for its download: 404 when missing or not the user's to read (it does not say which). */
export async function readableDocument(user: SessionUser | null, id: string): Promise<DocumentRecord> {
  const row = await loadDocument(id);
  if (!row || !mayRead(user, { kind: row.kind as DocumentKind, organizationId: row.organizationId ? String(row.organizationId) : null, ownerUserId: row.ownerUserId ? String(row.ownerUserId) : null })) {
    throw new Response("Not Found", { status: 404 });
  }
  return row;
}

/** The document behind a verification code, with the numbers of the documents it replaced or was replaced by. */
export async function documentByCode(code: string): Promise<{ row: DocumentRecord; supersededBy: DocumentHeader | null; supersedes: DocumentHeader | null } | null> {
  const { byCode, byId } = await headers();
  const header = byCode.get(code);
  if (!header) return null;
  const row = await loadDocument(header.id);
  if (!row) return null;
  return {
    row,
    supersededBy: row.supersededBy ? (byId.get(String(row.supersededBy)) ?? null) : null,
    supersedes: row.supersedes ? (byId.get(String(row.supersedes)) ?? null) : null,
  };
}

