/**
 * The attachment service: authorize against the case kind's policy, receive (local adapter),
 * record, list, open for download, delete drafts, and the hooks decisions use (relied on,
 * superseded). Routes stay thin around these.
 */
import mongoose from "mongoose";
import type { Readable } from "node:stream";
import { OfficialDocument } from "@models/official-document";
import { Attachment, ATTACHMENTS_READ_MODEL, type AttachmentAdapter, type AttachmentStatus } from "@models/attachment";
import { versionedReadModel } from "~/read-model/versioned.server";
import type { SessionUser } from "~/auth/guards.server";
import { assertKindMatches, inspectStream, mimeOf, type Inspection } from "./inspect.server";
import { boundaryOf, MultipartError, readMultipart } from "./multipart.server";
import { attachmentPolicy, isObjectIdString, type AttachmentPolicy } from "./policy.server";
import { AttachmentRefusal } from "./refusal";
import { activeAdapter, localStore, storeFor } from "./storage.server";
import { checkFileClaim, maxBytes, USE_RULES, type AttachmentUse } from "~/domain/attachment-uses";

export interface CaseRef {
  caseKind: string;
  caseId: string;
}

const NOT_FOUND = () => new AttachmentRefusal("error.text.404", {}, 404);
const FORBIDDEN = () => new AttachmentRefusal("attachments.error.forbidden", {}, 403);
/** Room for multipart framing around each file when checking a declared Content-Length. */
const PART_OVERHEAD = 64 * 1024;

async function policyOrRefuse(caseKind: string): Promise<AttachmentPolicy> {
  const policy = await attachmentPolicy(caseKind);
  if (!policy) throw NOT_FOUND();
  return policy;
}

async function requireRead(user: SessionUser, ref: CaseRef): Promise<AttachmentPolicy> {
  const policy = await policyOrRefuse(ref.caseKind);
  const answer = await policy.canRead(user, ref.caseId);
  if (answer === "notFound") throw NOT_FOUND();
  if (!answer) throw FORBIDDEN();
  return policy;
}

export interface AttachPermit {
  organizationId: string | null;
  /** Active files of this use already on the case. */
  existing: number;
}

/** May this user add files of this use to this case now? Refuses with 404/403/409/400. */
export async function authorizeAttach(user: SessionUser, ref: CaseRef, use: AttachmentUse): Promise<AttachPermit> {
  const policy = await policyOrRefuse(ref.caseKind);
  if (!policy.uses.includes(use)) throw new AttachmentRefusal("attachments.error.badRequest", {}, 400);
  const answer = await policy.canAttach(user, ref.caseId, use);
  if (answer === "notFound") throw NOT_FOUND();
  if (!answer) throw FORBIDDEN();
  if (!(await policy.isEditable(ref.caseId))) throw new AttachmentRefusal("attachments.error.notEditable", {}, 409);
  const owner = await policy.ownerOf(ref.caseId);
  if (!owner) throw NOT_FOUND();
  const { organizationId } = owner;
  const existing = await Attachment.countDocuments({ caseKind: ref.caseKind, caseId: ref.caseId, use, status: "active" });
  return { organizationId, existing };
}

/** A file's name and declared size checked before any byte is read (shared with UploadThing's middleware). */
export function checkDeclaredFile(use: AttachmentUse, rawName: string, size?: number) {
  const claim = checkFileClaim(use, rawName, size);
  if (!claim.ok) throw new AttachmentRefusal(claim.key, claim.params, claim.status);
  return claim;
}

export function refuseTooMany(use: AttachmentUse, existing: number): AttachmentRefusal {
  return new AttachmentRefusal("attachments.error.tooMany", { maxCount: USE_RULES[use].maxCount, existing }, 409);
}

export interface RecordInput extends CaseRef {
  organizationId: string | null;
  use: AttachmentUse;
  name: string;
  storedName: string;
  adapter: AttachmentAdapter;
  inspection: Inspection;
  uploaderId: string;
}

export async function recordAttachment(input: RecordInput): Promise<string> {
  const row = await Attachment.create({
    caseKind: input.caseKind,
    caseId: input.caseId,
    organizationId: input.organizationId ?? undefined,
    use: input.use,
    originalName: input.name,
    storedName: input.storedName,
    adapter: input.adapter,
    size: input.inspection.size,
    sha256: input.inspection.sha256,
    detectedType: mimeOf(input.inspection.kind),
    uploaderId: input.uploaderId,
    uploadedAt: new Date(),
  });
  return String(row._id);
}

/**
 * Receives a multipart upload for the local adapter, streaming each file to a temp file while
 * counting, hashing and sniffing it. Any refusal (or a broken body) removes every temp file of
 * the request and records nothing: an upload is accepted whole or not at all.
 */
export async function receiveLocalUpload(user: SessionUser, ref: CaseRef, use: AttachmentUse, request: Request): Promise<{ ids: string[] }> {
  const permit = await authorizeAttach(user, ref, use);
  const rule = USE_RULES[use];
  const limit = maxBytes(use);
  const remaining = rule.maxCount - permit.existing;
  if (remaining <= 0) throw refuseTooMany(use, permit.existing);
  const boundary = boundaryOf(request.headers.get("Content-Type"));
  if (!boundary || !request.body) throw new AttachmentRefusal("attachments.error.badRequest", {}, 400);
  const declared = Number(request.headers.get("Content-Length") ?? Number.NaN);
  // A body declared larger than all the files it could carry is refused before reading a byte.
  if (Number.isFinite(declared) && declared > remaining * (limit + PART_OVERHEAD) + PART_OVERHEAD) {
    throw new AttachmentRefusal("attachments.error.requestTooLarge", {}, 413);
  }

  const store = localStore();
  const received: { tempPath: string; name: string; inspection?: Inspection }[] = [];
  try {
    // Node's web streams are async iterable; the DOM typings do not say so.
    for await (const part of readMultipart(request.body as unknown as AsyncIterable<Uint8Array>, boundary)) {
      if (part.filename === null || part.filename === "") {
        // A plain field, or a file input left empty: a few bytes at most.
        let bytes = 0;
        for await (const chunk of part.data) if ((bytes += chunk.length) > 1024) throw new AttachmentRefusal("attachments.error.badRequest", {}, 400);
        continue;
      }
      const { name, kind } = checkDeclaredFile(use, part.filename);
      if (received.length >= remaining) throw refuseTooMany(use, permit.existing);
      const temp = await store.createTemp();
      const entry: (typeof received)[number] = { tempPath: temp.path, name };
      received.push(entry);
      try {
        entry.inspection = await inspectStream(part.data, { maxBytes: limit, maxMiB: rule.maxMiB, name, sink: temp.handle });
      } finally {
        await temp.handle.close();
      }
      assertKindMatches(kind, entry.inspection, name);
    }
    if (received.length === 0) throw new AttachmentRefusal("attachments.error.noFile", {}, 400);
  } catch (error) {
    await Promise.all(received.map((r) => store.discard(r.tempPath)));
    if (error instanceof AttachmentRefusal) throw error;
    if (error instanceof MultipartError || request.signal.aborted) throw new AttachmentRefusal("attachments.error.malformed", {}, 400);
    throw error;
  }

  const ids: string[] = [];
  for (const [index, entry] of received.entries()) {
    const inspection = entry.inspection!;
    let id: string | undefined;
    try {
      // Row first, then the bytes: a concurrent delete of the same content sees this row and keeps the blob.
      id = await recordAttachment({ ...ref, organizationId: permit.organizationId, use, name: entry.name, storedName: inspection.sha256, adapter: "local", inspection, uploaderId: user.id });
      await store.commit(entry.tempPath, inspection.sha256);
      ids.push(id);
    } catch (error) {
      if (id) await Attachment.updateOne({ _id: id }, { $set: { status: "deleted", deletedAt: new Date() } });
      await Promise.all(received.slice(index).map((r) => store.discard(r.tempPath)));
      throw error;
    }
  }
  return { ids };
}

export interface AttachmentItem {
  id: string;
  name: string;
  use: AttachmentUse;
  size: number;
  detectedType: string;
  uploadedAt: string;
  status: AttachmentStatus;
  reliedOn: boolean;
  deletable: boolean;
  href: string;
}

export interface AttachmentPanel extends CaseRef {
  adapter: AttachmentAdapter;
  editable: boolean;
  /** Uses this user may upload to now (empty: read only). */
  attachableUses: AttachmentUse[];
  items: AttachmentItem[];
}

const LISTED_STATUSES: AttachmentStatus[] = ["active", "superseded"];
const caseKey = (ref: CaseRef) => `${ref.caseKind}:${ref.caseId}`;

/**
 * Every case's listed files (active and superseded; deleted ones are kept but not shown), by
 * case, oldest first: a copy (ADR 007), because the embedded database answers a filter on the
 * case only by reading the whole collection, and every case page shows its files. Checked on
 * every read (`recheckMs: 0`): an uploader sees the file at once, in any process. Bounded by the
 * per-use count limits, so a case's list is short.
 */
const listedFiles = versionedReadModel(
  ATTACHMENTS_READ_MODEL,
  async () => {
    const rows = await Attachment.find(
      { status: mongoose.trusted({ $in: LISTED_STATUSES }) },
      { caseKind: 1, caseId: 1, originalName: 1, use: 1, size: 1, detectedType: 1, uploadedAt: 1, status: 1, reliedOn: 1 },
    )
      .sort({ uploadedAt: 1, _id: 1 })
      .lean();
    const byCase = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = caseKey(row);
      const list = byCase.get(key);
      if (list) list.push(row);
      else byCase.set(key, [row]);
    }
    return byCase;
  },
  { recheckMs: 0 },
);

/** What the upload component shows for a case. Throws 404/403 responses for loaders. */
export async function attachmentPanel(user: SessionUser, ref: CaseRef): Promise<AttachmentPanel> {
  let policy: AttachmentPolicy;
  try {
    policy = await requireRead(user, ref);
  } catch (error) {
    throw error instanceof AttachmentRefusal ? new Response(error.key, { status: error.status }) : error;
  }
  const editable = await policy.isEditable(ref.caseId);
  const attachableUses: AttachmentUse[] = [];
  if (editable) {
    for (const use of policy.uses) if ((await policy.canAttach(user, ref.caseId, use)) === true) attachableUses.push(use);
  }
  const rows = (await listedFiles()).get(caseKey(ref)) ?? [];
  return {
    ...ref,
    adapter: activeAdapter(),
    editable,
    attachableUses,
    items: rows.map((row) => ({
      id: String(row._id),
      name: row.originalName,
      use: row.use,
      size: row.size,
      detectedType: row.detectedType,
      uploadedAt: row.uploadedAt.toISOString(),
      status: row.status,
      reliedOn: !!row.reliedOn,
      deletable: row.status === "active" && !row.reliedOn && attachableUses.includes(row.use),
      href: `/files/${String(row._id)}`,
    })),
  };
}

async function findRow(id: string) {
  if (!/^[0-9a-f]{24}$/i.test(id)) return null;
  return Attachment.findOne(
    { _id: id, status: mongoose.trusted({ $in: ["active", "superseded"] }) },
    { caseKind: 1, caseId: 1, use: 1, originalName: 1, storedName: 1, adapter: 1, size: 1, detectedType: 1, sha256: 1, reliedOn: 1, status: 1 },
  ).lean();
}

export interface Download {
  name: string;
  type: string;
  size: number;
  stream: Readable;
}

/** Every download asks the case's policy; a file the user may not read does not exist for them. */
export async function openAttachment(user: SessionUser, id: string): Promise<Download> {
  const row = await findRow(id);
  if (!row) throw NOT_FOUND();
  await requireRead(user, row);
  const stream = await storeFor(row.adapter).open(row.storedName);
  return { name: row.originalName, type: row.detectedType, size: row.size, stream };
}

/** Deletes a draft file: only while the case is editable, never one a decision relied on. */
export async function deleteAttachment(user: SessionUser, id: string): Promise<void> {
  const row = await findRow(id);
  if (!row) throw NOT_FOUND();
  const policy = await requireRead(user, row);
  const answer = await policy.canAttach(user, row.caseId, row.use);
  if (answer !== true) throw answer === "notFound" ? NOT_FOUND() : FORBIDDEN();
  if (row.reliedOn || row.status !== "active" || !(await policy.isEditable(row.caseId))) {
    throw new AttachmentRefusal("attachments.error.notDeletable", {}, 409);
  }
  // Conditional, so a decision marking the file relied on at the same moment wins.
  const result = await Attachment.updateOne(
    { _id: row._id, status: "active", reliedOn: false },
    { $set: { status: "deleted", deletedAt: new Date(), deletedBy: user.id } },
  );
  if (result.modifiedCount !== 1) throw new AttachmentRefusal("attachments.error.notDeletable", {}, 409);
  await storeFor(row.adapter).remove(
    row.storedName,
    async () =>
      !!(await Attachment.exists({ adapter: row.adapter, storedName: row.storedName, status: mongoose.trusted({ $in: ["active", "superseded"] }) })) ||
      // An issued document's PDF uploaded back unchanged (a signed agreement that was not signed) shares its bytes.
      !!(await OfficialDocument.exists({ adapter: row.adapter, storedName: row.storedName })),
  );
}

/** For decisions: the case's current files (of one use, if given) become evidence and can no longer be deleted. */
export async function markAttachmentsReliedOn(ref: CaseRef, use?: AttachmentUse): Promise<number> {
  const result = await Attachment.updateMany({ caseKind: ref.caseKind, caseId: ref.caseId, ...(use ? { use } : {}), status: "active" }, { $set: { reliedOn: true } });
  return result.modifiedCount;
}

/**
 * A step that relies on files of one use (a signed agreement, a report's evidence): marks them
 * relied on first — from then on they cannot be deleted — and answers the ids of those that are
 * stored, active and relied on, so a delete racing the step cannot leave it relying on nothing.
 */
export async function relyOnAttachments(ref: CaseRef, use: AttachmentUse): Promise<string[]> {
  await markAttachmentsReliedOn(ref, use);
  const rows = await Attachment.find({ caseKind: ref.caseKind, caseId: ref.caseId, use, status: "active", reliedOn: true }, { _id: 1 }).sort({ uploadedAt: 1 }).lean();
  return rows.map((row) => String(row._id));
}

/** Replaces a file by a newer one on the same case; the old one (relied on or not) is kept. */
export async function supersedeAttachment(oldId: string, newId: string): Promise<void> {
  const [older, newer] = await Promise.all([findRow(oldId), findRow(newId)]);
  if (!older || !newer || older.caseKind !== newer.caseKind || older.caseId !== newer.caseId) throw NOT_FOUND();
  await Attachment.updateOne({ _id: older._id, status: "active" }, { $set: { status: "superseded", supersededBy: newer._id } });
}

/** For workflow checks ("the annual report file is attached"). */
export async function countActiveAttachments(ref: CaseRef, use: AttachmentUse): Promise<number> {
  return Attachment.countDocuments({ caseKind: ref.caseKind, caseId: ref.caseId, use, status: "active" });
}

/** Active files of one use, by id, with the case each is on; missing, deleted, superseded or other uses are left out. */
export async function activeAttachmentsById(ids: string[], use: AttachmentUse) {
  // One `_id` lookup each: on the embedded database a filter on a list of ids scans the collection.
  const rows = await Promise.all(
    ids.map((id) => (isObjectIdString(id) ? Attachment.findById(id, { caseKind: 1, caseId: 1, organizationId: 1, use: 1, status: 1, originalName: 1 }).lean() : null)),
  );
  return rows
    .filter((row) => !!row && row.status === "active" && row.use === use)
    .map((row) => ({ id: String(row!._id), caseKind: row!.caseKind, caseId: row!.caseId, organizationId: row!.organizationId ? String(row!.organizationId) : null, name: row!.originalName }));
}

/**
 * Files uploaded before their case existed (a consent letter sent with an application) move onto
 * the case once it is opened: each row still active on `from` takes `to`'s kind and id, keeping
 * its uploader, time and bytes. Answers how many moved (a concurrent submit may have moved them).
 */
export async function moveAttachments(ids: string[], from: CaseRef, to: CaseRef): Promise<number> {
  let moved = 0;
  for (const id of ids) {
    const result = await Attachment.updateOne({ _id: id, caseKind: from.caseKind, caseId: from.caseId, status: "active" }, { $set: { caseKind: to.caseKind, caseId: to.caseId } });
    moved += result.modifiedCount;
  }
  return moved;
}
