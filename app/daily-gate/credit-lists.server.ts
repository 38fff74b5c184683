/**
 * Credit lists (活动异常名录 / 严重违法失信名单): listing (automatic and by a regulator), the
 * two-year step to the serious list, verified removal, and the public list. A listing is not an
 * organization status: the organization stays registered and shows its lists as badges (ADR 008).
 * Automatic listings are idempotent through their unique `listingKey`.
 */
import mongoose from "mongoose";
import { CREDIT_LISTINGS_READ_MODEL, CreditListing, type CreditList, type ListingReason } from "@models/credit-listing";
import { touchReadModel } from "@models/read-model-version";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { insertIgnoringDuplicates, isDuplicateKeyError } from "~/db.server";
import { issueListingDocuments, issueListingDocumentsByKey } from "~/documents/sources.server";
import type { PageParams } from "~/forms/page-params";
import { versionedReadModel } from "~/read-model/versioned.server";
import { REGISTRATION_AUTHORITY } from "~/registration/registration-workflow.server";
import { UNFILED_STATES } from "./report-form";

export const LISTING_AUTHORITY = REGISTRATION_AUTHORITY;
/** Two years on the abnormal list moves an organization to the serious list. */
export const YEARS_TO_SERIOUS = 2;

export interface ListingInput {
  organizationId: string;
  reason: ListingReason;
  detail: string;
  year?: number;
  sourceCaseId?: string;
  /** Natural key for automatic listings (e.g. per organization, reason and year). */
  listingKey?: string;
  /** The organization's name and credit code when the caller has them (spares a read). */
  organizationName?: string;
  uscc?: string;
}

const oid = (id: string) => new mongoose.Types.ObjectId(id);

/**
 * The active listings per organization, from an in-process copy checked against its token on
 * every call (every listing write is seen at once): badges are on most pages, and on the
 * embedded database a filter on the listings scans them all (ADR 008).
 */
const activeListings = versionedReadModel(
  CREDIT_LISTINGS_READ_MODEL,
  async () => {
    const byOrganization = new Map<string, CreditList[]>();
    /** Each active listing's public facts, for the organization's public page. */
    const listings = new Map<string, PublicListing[]>();
    /** Abnormal listings not yet moved to the serious list, for the sweeper's two-year step. */
    const unpromoted: { _id: mongoose.Types.ObjectId; decidedAt: Date }[] = [];
    for (const row of await CreditListing.find({ removedAt: null }, { organizationId: 1, list: 1, reason: 1, detail: 1, authority: 1, decidedAt: 1, promotedAt: 1 }).lean()) {
      const lists = byOrganization.get(String(row.organizationId)) ?? [];
      if (!lists.includes(row.list)) lists.push(row.list);
      byOrganization.set(String(row.organizationId), lists);
      const facts: PublicListing = { list: row.list, reason: row.reason, detail: row.detail ?? "", authority: row.authority, decidedAt: row.decidedAt.toISOString() };
      listings.set(String(row.organizationId), [...(listings.get(String(row.organizationId)) ?? []), facts]);
      if (row.list === "abnormal" && !row.promotedAt) unpromoted.push({ _id: row._id, decidedAt: row.decidedAt });
    }
    return { byOrganization, listings, unpromoted };
  },
  { recheckMs: 0 },
);

/** An active listing as the public sees it: which list, why, when, and who decided. */
export interface PublicListing {
  list: CreditList;
  reason: ListingReason;
  detail: string;
  authority: string;
  decidedAt: string;
}

/** The organization's active listings, newest first (its public page discloses them). */
export async function activeListingsOf(organizationId: string): Promise<PublicListing[]> {
  const listings = (await activeListings()).listings.get(organizationId) ?? [];
  return [...listings].sort((a, b) => (a.decidedAt < b.decidedAt ? 1 : -1));
}

/** Is the organization on either list now? (The competition's eligibility check uses this.) */
export async function isOnCreditList(organizationId: string): Promise<boolean> {
  return (await activeListings()).byOrganization.has(organizationId);
}

/** Every organization's active lists, by organization id (the register export labels each row). */
export async function activeListsByOrganization(): Promise<ReadonlyMap<string, readonly CreditList[]>> {
  return (await activeListings()).byOrganization;
}

/** Active lists per organization, for badges. */
export async function activeListsOf(organizationIds: string[]): Promise<Record<string, CreditList[]>> {
  const { byOrganization } = await activeListings();
  const out: Record<string, CreditList[]> = {};
  for (const id of organizationIds) {
    const lists = byOrganization.get(id);
    if (lists) out[id] = lists;
  }
  return out;
}

/**
 * Adds each row's active credit lists (`creditLists`) for badges: one query for the whole page,
 * whatever the number of rows.
 */
export async function withCreditLists<T extends object>(rows: T[], organizationIdOf: (row: T) => string | null | undefined): Promise<(T & { creditLists: CreditList[] })[]> {
  const ids = [...new Set(rows.map(organizationIdOf).filter((id): id is string => !!id))];
  const lists = ids.length ? await activeListsOf(ids) : {};
  return rows.map((row) => ({ ...row, creditLists: lists[organizationIdOf(row) ?? ""] ?? [] }));
}

/** Lists organizations on the abnormal list; rows whose key exists already are left alone. */
export async function listAsAbnormal(entries: ListingInput[], decidedBy: string, now = new Date()): Promise<number> {
  if (entries.length === 0) return 0;
  const unnamed = entries.filter((e) => !e.organizationName || !e.uscc).map((e) => oid(e.organizationId));
  const read = unnamed.length ? await Organization.find({ _id: mongoose.trusted({ $in: unnamed }) }, { name: 1, uscc: 1 }).lean() : [];
  const byId = new Map<string, { name: string; uscc: string }>(read.map((o) => [String(o._id), { name: o.name, uscc: o.uscc }]));
  for (const e of entries) if (e.organizationName && e.uscc) byId.set(e.organizationId, { name: e.organizationName, uscc: e.uscc });
  const docs = entries
    .filter((e) => byId.has(e.organizationId))
    .map((e) => ({
      _id: new mongoose.Types.ObjectId(),
      listingKey: e.listingKey ?? `abnormal:${e.organizationId}:${e.reason}:${new mongoose.Types.ObjectId().toHexString()}`,
      organizationId: oid(e.organizationId),
      organizationName: byId.get(e.organizationId)!.name,
      uscc: byId.get(e.organizationId)!.uscc,
      list: "abnormal" as const,
      reason: e.reason,
      detail: e.detail,
      ...(e.year ? { year: e.year } : {}),
      ...(e.sourceCaseId ? { sourceCaseId: oid(e.sourceCaseId) } : {}),
      decidedAt: now,
      authority: LISTING_AUTHORITY,
      decidedBy,
      createdAt: now,
      updatedAt: now,
    }));
  let duplicates: Set<number>;
  try {
    duplicates = await insertIgnoringDuplicates(CreditListing.collection, docs);
  } finally {
    await touchReadModel(CREDIT_LISTINGS_READ_MODEL); // a driver write runs no model hooks
  }
  // Each listing is a decision issued as a document; rows found existing (a retried batch) get theirs if they lack it.
  await issueListingDocuments(docs.filter((_, i) => !duplicates.has(i)).map((d) => d._id), "listing");
  await issueListingDocumentsByKey(docs.filter((_, i) => duplicates.has(i)).map((d) => d.listingKey));
  return docs.length - duplicates.size;
}

/** The late-report listing of one annual-report year (the sweeper's effect). */
export function lateReportListing(organizationId: string, year: number, caseId: string): ListingInput {
  return {
    organizationId,
    reason: "lateAnnualReport",
    detail: `${year}`,
    year,
    sourceCaseId: caseId,
    listingKey: `abnormal:${organizationId}:lateAnnualReport:${year}`,
  };
}

/** Sweeper step: abnormal listings older than two years go to the serious list, once each. */
export async function promoteToSerious(now = new Date()): Promise<number> {
  const threshold = new Date(now);
  threshold.setUTCFullYear(threshold.getUTCFullYear() - YEARS_TO_SERIOUS);
  const dueIds = (await activeListings()).unpromoted.filter((row) => row.decidedAt <= threshold).map((row) => row._id);
  if (dueIds.length === 0) return 0;
  const due = await CreditListing.find({ _id: mongoose.trusted({ $in: dueIds }), removedAt: null, promotedAt: null }).lean();
  let promoted = 0;
  for (const row of due) {
    try {
      await CreditListing.create({
        listingKey: `serious:${String(row._id)}`,
        organizationId: row.organizationId,
        organizationName: row.organizationName,
        uscc: row.uscc,
        list: "serious",
        reason: row.reason,
        detail: row.detail,
        year: row.year ?? undefined,
        sourceCaseId: row.sourceCaseId ?? undefined,
        decidedAt: now,
        authority: LISTING_AUTHORITY,
        decidedBy: "系统（定时任务）",
      });
      promoted++;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  // The decisions' documents, in one go, before the rows are marked promoted: a crash in between leaves them due, and retried.
  await issueListingDocumentsByKey(due.map((row) => `serious:${String(row._id)}`));
  for (const row of due) await CreditListing.updateOne({ _id: row._id }, { $set: { promotedAt: now } });
  return promoted;
}

/**
 * A regulator removes a listing after verifying the cause is cured. A late annual report is
 * cured only once that year's report is filed. Both lists of the same cause are removed together.
 */
export async function removeListing(user: SessionUser, listingId: string, note: string, now = new Date()): Promise<{ ok: true } | { ok: false; error: "dailyGate.credit.notCured" | "dailyGate.error.required" }> {
  if (!mongoose.isValidObjectId(listingId)) throw new Response("Not Found", { status: 404 });
  const row = await CreditListing.findOne({ _id: oid(listingId), removedAt: null }).lean();
  if (!row) throw new Response("Not Found", { status: 404 });
  if (!note.trim()) return { ok: false, error: "dailyGate.error.required" };
  if (row.reason === "lateAnnualReport" && row.year) {
    const report = await WorkflowCase.findOne({ caseKey: `annualReport:${String(row.organizationId)}:${row.year}` }, { state: 1 }).lean();
    if (report && (UNFILED_STATES as readonly string[]).includes(report.state)) return { ok: false, error: "dailyGate.credit.notCured" };
  }
  const related = row.list === "serious" ? [row._id, ...(row.listingKey.startsWith("serious:") ? [oid(row.listingKey.slice(8))] : [])] : [row._id];
  const seriousOfThis = await CreditListing.findOne({ listingKey: `serious:${listingId}` }, { _id: 1 }).lean();
  if (seriousOfThis) related.push(seriousOfThis._id);
  await CreditListing.updateMany(
    { _id: mongoose.trusted({ $in: related }), removedAt: null },
    { $set: { removedAt: now, removal: { verifiedBy: user.displayName, note: note.trim() } } },
  );
  await issueListingDocuments(related, "removal");
  return { ok: true };
}

export interface ListingRow {
  id: string;
  organizationId: string;
  organizationName: string;
  uscc: string;
  list: CreditList;
  reason: ListingReason;
  detail: string;
  year: number | null;
  decidedAt: string;
  authority: string;
  decidedBy: string;
  removedAt: string | null;
  removedBy: string | null;
  removalNote: string | null;
}

function toRow(r: Record<string, unknown> & { _id: unknown }): ListingRow {
  const removal = (r.removal ?? {}) as { verifiedBy?: string; note?: string };
  return {
    id: String(r._id),
    organizationId: String(r.organizationId),
    organizationName: String(r.organizationName),
    uscc: String(r.uscc),
    list: r.list as CreditList,
    reason: r.reason as ListingReason,
    detail: String(r.detail ?? ""),
    year: typeof r.year === "number" ? r.year : null,
    decidedAt: (r.decidedAt as Date).toISOString(),
    authority: String(r.authority),
    decidedBy: String(r.decidedBy),
    removedAt: r.removedAt ? (r.removedAt as Date).toISOString() : null,
    removedBy: removal.verifiedBy ?? null,
    removalNote: removal.note ?? null,
  };
}

/** One list, newest first; `active` false includes removed rows (the regulators' log). */
export async function creditList(list: CreditList, { page, pageSize }: PageParams, active = true) {
  const filter = { list, ...(active ? { removedAt: null } : {}) };
  const [total, rows] = await Promise.all([
    CreditListing.countDocuments(filter),
    CreditListing.find(filter).sort({ decidedAt: -1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean(),
  ]);
  return { total, items: rows.map((r) => toRow(r as never)) };
}

/** Public JSON shape: no internal ids beyond the credit code, no who-removed. */
export function publicRow(row: ListingRow) {
  return {
    uscc: row.uscc,
    name: row.organizationName,
    list: row.list,
    reason: row.reason,
    detail: row.detail,
    decidedAt: row.decidedAt,
    authority: row.authority,
  };
}

/** A regulator records a listing for another reason (no party organization, unreachable address …). */
export async function recordListing(user: SessionUser, form: { uscc: string; reason: ListingReason; detail: string }, now = new Date()): Promise<{ ok: true } | { ok: false; field: "uscc" }> {
  const organization = await Organization.findOne({ uscc: form.uscc }, { _id: 1 }).lean();
  if (!organization) return { ok: false, field: "uscc" };
  await listAsAbnormal([{ organizationId: String(organization._id), reason: form.reason, detail: form.detail }], user.displayName, now);
  return { ok: true };
}
