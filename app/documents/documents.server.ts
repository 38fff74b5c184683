/**
 * Issuing official documents (ADR 015). A document is issued in two steps:
 *
 *  1. recorded — a row with its 文号, verification code and text, inserted under the unique
 *     (kind, year, seq) index: the number is the database's, never a counter in memory, and is
 *     taken without gaps (each number is tried only once its predecessor exists);
 *  2. rendered — the PDF is made from the recorded text, stored through the file storage and its
 *     SHA-256 written on the row. Rendering is deterministic, so doing it twice is harmless.
 *
 * Single decisions (a workflow step's effect) do both at once. Bulk decisions (a campaign's
 * deadline listing thousands) record in one ordered insert and leave rendering to the sweeper
 * (`renderPendingDocuments`) or the first download or verification, whichever comes first.
 * Issuing is idempotent: the row's `_id` is derived from the decision's `issueKey`.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import mongoose from "mongoose";
import { DocumentSeries, OFFICIAL_DOCUMENTS_READ_MODEL, OfficialDocument, type OfficialDocumentFields } from "@models/official-document";
import { touchReadModel } from "@models/read-model-version";
import { storeFor, storeGeneratedFile } from "~/attachments/storage.server";
import { isDuplicateKeyError } from "~/db.server";
import { env } from "~/env.server";
import { shanghaiYear } from "./chinese-date";
import { documentNumber, VERIFICATION_ALPHABET, VERIFICATION_CODE_LENGTH, type DocumentKind } from "~/domain/document-kinds";
import { renderDocumentPdf } from "./pdf.server";
import { composeDocument, correctionParagraph, ISSUING_AUTHORITY, type DocumentContent, type DocumentFacts } from "./templates";

export type DocumentRecord = OfficialDocumentFields & { _id: mongoose.Types.ObjectId; content: DocumentContent };

export interface IssueSpec {
  /** The decision this document records; issuing the same key again returns the first document. */
  issueKey: string;
  facts: DocumentFacts;
  issuedAt: Date;
  issuedBy: string;
  organizationId?: string | null;
  organizationName: string;
  uscc: string;
  ownerUserId?: string | null;
  caseKind?: string;
  caseId?: string;
  caseSeq?: number;
  listingId?: string;
  /** A correction: the document it replaces, and why. */
  corrects?: { id: string; number: string; reason: string };
}

export function documentIdFor(issueKey: string): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash("sha256").update(`document:${issueKey}`).digest("hex").slice(0, 24));
}

const seriesId = (kind: DocumentKind, year: number) => new mongoose.Types.ObjectId(createHash("sha256").update(`series:${kind}:${year}`).digest("hex").slice(0, 24));

/** 80 random bits in 16 symbols (256 is a multiple of 32, so every symbol is equally likely). */
export function newVerificationCode(): string {
  return [...randomBytes(VERIFICATION_CODE_LENGTH)].map((byte) => VERIFICATION_ALPHABET[byte % VERIFICATION_ALPHABET.length]).join("");
}

export function publicBaseUrl(): string {
  const configured = env().PUBLIC_URL;
  return (configured ?? `http://localhost:${env().PORT}`).replace(/\/+$/, "");
}

export const verifyPath = (code: string) => `/verify/${code}`;

const oid = (id: string) => new mongoose.Types.ObjectId(id);

function rowOf(spec: IssueSpec, seq: number): Record<string, unknown> {
  const kind = spec.facts.kind;
  const year = shanghaiYear(spec.issuedAt);
  const content = composeDocument(spec.facts);
  if (spec.corrects) content.notes = [...content.notes, correctionParagraph(spec.corrects.number, spec.corrects.reason)];
  const now = new Date();
  return {
    _id: documentIdFor(spec.issueKey),
    issueKey: spec.issueKey,
    kind,
    year,
    seq,
    number: documentNumber(kind, year, seq),
    verificationCode: newVerificationCode(),
    ...(spec.organizationId ? { organizationId: oid(spec.organizationId) } : {}),
    organizationName: spec.organizationName,
    uscc: spec.uscc,
    ...(spec.ownerUserId ? { ownerUserId: oid(spec.ownerUserId) } : {}),
    ...(spec.caseKind ? { caseKind: spec.caseKind } : {}),
    ...(spec.caseId ? { caseId: oid(spec.caseId) } : {}),
    ...(spec.caseSeq !== undefined ? { caseSeq: spec.caseSeq } : {}),
    ...(spec.listingId ? { listingId: oid(spec.listingId) } : {}),
    content,
    issuedAt: spec.issuedAt,
    authority: ISSUING_AUTHORITY,
    issuedBy: spec.issuedBy,
    ...(spec.corrects ? { supersedes: oid(spec.corrects.id), correctionReason: spec.corrects.reason } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

type WriteError = { index?: number; code?: number; err?: { code?: number } };

/** Where an ordered insert stopped: the index of the document a unique index refused. */
function refusedIndex(error: unknown): number | null {
  const writeErrors = (error as { writeErrors?: WriteError[] | WriteError }).writeErrors;
  const first = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  if (first && (isDuplicateKeyError(first) || isDuplicateKeyError(first.err))) return first.index ?? 0;
  if (isDuplicateKeyError(error)) return (error as { result?: { insertedCount?: number } }).result?.insertedCount ?? 0;
  return null;
}

/**
 * Records documents of one kind and year in the order given, numbering them from the series'
 * next free number. An ordered insert stops at the first row a unique index refuses; then either
 * that decision was issued meanwhile (its row exists: it is dropped and the rest go on from the
 * same number), or the number was taken (the rest go on from the next), or — once in 2^80 — the
 * verification code was (the rest go on with new codes). Every number tried follows one that
 * exists, so the series has no gaps.
 */
async function recordSeries(kind: DocumentKind, year: number, specs: IssueSpec[]): Promise<void> {
  const hint = async () => (await DocumentSeries.findById(seriesId(kind, year), { last: 1 }).lean())?.last ?? 0;
  let next = (await hint()) + 1;
  let pending = specs;
  while (pending.length > 0) {
    const rows = pending.map((spec, index) => rowOf(spec, next + index));
    try {
      await OfficialDocument.collection.insertMany(rows, { ordered: true });
      next += rows.length;
      pending = [];
    } catch (error) {
      const index = refusedIndex(error);
      if (index === null) throw error;
      next += index;
      const refused = rows[index]!;
      if (await OfficialDocument.exists({ _id: refused._id })) {
        // Issued meanwhile by someone else (likely the same batch, retried): keep theirs, go on at the same number.
        const rest = pending.slice(index + 1);
        const issued = new Set((await findByIds(rest.map((spec) => documentIdFor(spec.issueKey)))).map((row) => String(row._id)));
        pending = rest.filter((spec) => !issued.has(String(documentIdFor(spec.issueKey))));
      } else {
        pending = pending.slice(index);
        if (await OfficialDocument.exists({ kind, year, seq: next })) next = Math.max(next + 1, (await hint()) + 1);
      }
    } finally {
      await touchReadModel(OFFICIAL_DOCUMENTS_READ_MODEL); // a driver insert runs no model hooks
    }
  }
  const last = next - 1;
  if (last > 0) await raiseSeriesHint(kind, year, last);
}

async function raiseSeriesHint(kind: DocumentKind, year: number, last: number): Promise<void> {
  try {
    await DocumentSeries.updateOne({ _id: seriesId(kind, year) }, { $max: { last } }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error; // two first upserts at once: the row exists now
    await DocumentSeries.updateOne({ _id: seriesId(kind, year) }, { $max: { last } });
  }
}

async function findByIds(ids: mongoose.Types.ObjectId[]): Promise<DocumentRecord[]> {
  if (ids.length === 1) {
    const row = await OfficialDocument.findById(ids[0]).lean();
    return row ? [row as DocumentRecord] : [];
  }
  return (await OfficialDocument.find({ _id: mongoose.trusted({ $in: ids }) }).lean()) as DocumentRecord[];
}

/** Records the documents not issued yet (idempotent by issue key); returns every one, in the order given. */
export async function recordDocuments(specs: IssueSpec[]): Promise<DocumentRecord[]> {
  if (specs.length === 0) return [];
  const ids = specs.map((spec) => documentIdFor(spec.issueKey));
  const existing = new Set((await findByIds(ids)).map((row) => String(row._id)));
  const groups = new Map<string, { kind: DocumentKind; year: number; specs: IssueSpec[] }>();
  specs.forEach((spec, index) => {
    if (existing.has(String(ids[index]))) return;
    existing.add(String(ids[index])); // the same key twice in one call is one document
    const year = shanghaiYear(spec.issuedAt);
    const key = `${spec.facts.kind}:${year}`;
    if (!groups.has(key)) groups.set(key, { kind: spec.facts.kind, year, specs: [] });
    groups.get(key)!.specs.push(spec);
  });
  for (const { kind, year, specs: group } of groups.values()) await recordSeries(kind, year, group);
  const byId = new Map((await findByIds(ids)).map((row) => [String(row._id), row]));
  return ids.map((id) => byId.get(String(id))!).filter(Boolean);
}

/** Records and renders one document: the path of every single decision. */
export async function issueDocument(spec: IssueSpec): Promise<DocumentRecord> {
  const [row] = await recordDocuments([spec]);
  return ensureRendered(row!);
}

/**
 * Writes fields on a document row and reads them back until they stick: the embedded database
 * rewrites whole documents on update, so a render and a correction landing on the same row at
 * once could otherwise lose one of them.
 */
async function setDocumentFields(id: mongoose.Types.ObjectId, fields: Record<string, unknown>): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await OfficialDocument.updateOne({ _id: id }, { $set: fields });
    const row = (await OfficialDocument.findById(id, Object.fromEntries(Object.keys(fields).map((k) => [k, 1]))).lean()) as Record<string, unknown> | null;
    if (row && Object.entries(fields).every(([key, value]) => String(row[key]) === String(value))) return;
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
  }
  throw new Error(`could not record ${Object.keys(fields).join(", ")} on document ${String(id)}`);
}

export async function renderPdf(row: DocumentRecord): Promise<Buffer> {
  return renderDocumentPdf({
    content: row.content,
    number: row.number,
    issuedAt: row.issuedAt,
    authority: row.authority,
    verificationCode: row.verificationCode,
    verifyUrl: `${publicBaseUrl()}${verifyPath(row.verificationCode)}`,
  });
}

/** The document with its PDF rendered and stored (renders it now if it is not yet). */
export async function ensureRendered(row: DocumentRecord): Promise<DocumentRecord> {
  if (row.sha256 && row.storedName) return row;
  const pdf = await renderPdf(row);
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const stored = await storeGeneratedFile(pdf, `${row.number}.pdf`, sha256);
  const fields = { sha256, size: pdf.length, adapter: stored.adapter, storedName: stored.storedName, renderedAt: new Date() };
  await setDocumentFields(row._id, fields);
  return { ...row, ...fields };
}

/** Sweeper step: renders documents recorded in bulk and not rendered yet, a bounded number per run. */
export async function renderPendingDocuments(limit = 200): Promise<number> {
  const pending = (await OfficialDocument.find({ sha256: null }).limit(limit).lean()) as DocumentRecord[];
  for (const row of pending) await ensureRendered(row);
  return pending.length;
}

/** The stored PDF's bytes, streamed (rendered first if it was recorded in bulk). */
export async function openDocumentPdf(row: DocumentRecord): Promise<{ row: DocumentRecord; stream: Readable }> {
  const rendered = await ensureRendered(row);
  return { row: rendered, stream: await storeFor(rendered.adapter!).open(rendered.storedName!) };
}

export async function loadDocument(id: string): Promise<DocumentRecord | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  return (await OfficialDocument.findById(id).lean()) as DocumentRecord | null;
}

/**
 * A correction: the same decision's document issued again under a new number from facts read
 * now (e.g. after the register's particulars were corrected), saying which document it replaces
 * and why; the old one is kept and marked superseded. One correction per document: a double
 * click issues one (its issue key is the corrected document's id).
 */
export async function supersede(old: DocumentRecord, facts: DocumentFacts, reason: string, by: string, now = new Date()): Promise<DocumentRecord> {
  const corrected = await issueDocument({
    issueKey: `correction:${String(old._id)}`,
    facts, // the decision's own date stays; the correction is dated when it is issued
    issuedAt: now,
    issuedBy: by,
    organizationId: old.organizationId ? String(old.organizationId) : null,
    organizationName: facts.kind === "publicAnnouncement" ? old.organizationName : facts.organization.name,
    uscc: facts.kind === "publicAnnouncement" ? old.uscc : facts.organization.uscc,
    ownerUserId: old.ownerUserId ? String(old.ownerUserId) : null,
    caseKind: old.caseKind ?? undefined,
    caseId: old.caseId ? String(old.caseId) : undefined,
    caseSeq: old.caseSeq ?? undefined,
    listingId: old.listingId ? String(old.listingId) : undefined,
    corrects: { id: String(old._id), number: old.number, reason },
  });
  await setDocumentFields(old._id, { supersededBy: corrected._id, supersededAt: corrected.issuedAt });
  return corrected;
}
