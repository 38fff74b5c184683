/**
 * Credit lists (活动异常名录 / 严重违法失信名单) by 社会组织信用信息管理办法 (民政部令第60号), each step
 * citing its article (`app/domain/credit.ts`, docs/rules.md):
 *
 * - listing: automatic (late annual report, rectification escalated, two years on the abnormal
 *   list, revocation) and by a regulator for the other grounds; every listing is created by
 *   `insertListings`, and ends only through `endListings` (keep it so: decisions hang off them);
 * - 第十二条: a new abnormal listing restarts the two-year clock of the listings in force (recorded
 *   on them as `clockFrom`, so the restart holds even after the new listing ends);
 * - 第十四条第一款第（一）项: after two full years the organization leaves the abnormal list and goes
 *   on the serious list (one step, so it never shows on both for that cause);
 * - 第十三条: removal after the cure is verified, or six months after a listing with nothing to cure;
 * - 第十六条: the serious list is left only after two years without new grounds, after the
 *   obligations behind a two-year listing are met, and for a revocation only once deregistered.
 *
 * Every listing and every ending is a decision issued as a document (ADR 015), from those two
 * functions: a listing's document cites the article the listing stores as its basis.
 *
 * A listing is not an organization status: the organization stays registered and shows its lists
 * as badges (ADR 008). Automatic listings are idempotent through their unique `listingKey`.
 */
import mongoose from "mongoose";
import { CREDIT_LISTINGS_READ_MODEL, CreditListing, type CreditList, type ListingReason } from "@models/credit-listing";
import { touchReadModel } from "@models/read-model-version";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { insertIgnoringDuplicates } from "~/db.server";
import {
  CREDIT_LISTS,
  GROUND_NEEDS_CURE,
  LISTING_BASIS,
  lettersShowUnreachable,
  listOfGround,
  promotionDay,
  promotionDue,
  removalBasis,
  seriousStayEndsDay,
  seriousStayOver,
  sixMonthRemovalDay,
  sixMonthRemovalDue,
  type AbnormalGround,
  type RemovalKind,
} from "~/domain/credit";
import { REGISTRATION_AUTHORITY } from "~/domain/organization";
import { issueListingDocuments, issueListingDocumentsByKey } from "~/documents/sources.server";
import type { PageParams } from "~/forms/page-params";
import { versionedReadModel } from "~/read-model/versioned.server";
import { registerIndex } from "~/register/register-index.server";
import { UNFILED_STATES } from "./report-form";
import { readPage } from "~/forms/page-query.server";

export const SYSTEM_DECIDER = "系统（定时任务）";

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
  letters?: { firstMailedOn: string; secondMailedOn: string };
  sourceListingIds?: mongoose.Types.ObjectId[];
}

const oid = (id: string) => new mongoose.Types.ObjectId(id);

/** What the in-process copy keeps of each listing in force. */
export interface ActiveListing {
  id: string;
  organizationId: string;
  organizationName: string;
  uscc: string;
  list: CreditList;
  reason: ListingReason;
  detail: string;
  year: number | null;
  decidedAt: Date;
  /** Abnormal listings: when the organization's two-year clock last (re)started (第十二条). */
  clockFrom: Date;
  basis: string;
  authority: string;
}

/**
 * The listings in force, from an in-process copy checked against its token on every call (every
 * listing write is seen at once): badges are on most pages, and on the embedded database a
 * filter on the listings scans them all (ADR 008). It also serves the sweeper's clocks and each
 * organization's credit record.
 */
const activeListings = versionedReadModel(
  CREDIT_LISTINGS_READ_MODEL,
  async () => {
    const byOrganization = new Map<string, CreditList[]>();
    const rowsByOrganization = new Map<string, ActiveListing[]>();
    const rows = await CreditListing.find(
      { removedAt: null },
      { organizationId: 1, organizationName: 1, uscc: 1, list: 1, reason: 1, detail: 1, year: 1, decidedAt: 1, clockFrom: 1, basis: 1, authority: 1 },
    ).lean();
    for (const row of rows) {
      const organizationId = String(row.organizationId);
      const lists = byOrganization.get(organizationId) ?? [];
      if (!lists.includes(row.list)) lists.push(row.list);
      byOrganization.set(organizationId, lists);
      const active: ActiveListing = {
        id: String(row._id),
        organizationId,
        organizationName: row.organizationName,
        uscc: row.uscc,
        list: row.list,
        reason: row.reason,
        detail: row.detail ?? "",
        year: row.year ?? null,
        decidedAt: row.decidedAt,
        clockFrom: row.clockFrom ?? row.decidedAt,
        basis: row.basis ?? LISTING_BASIS[row.reason],
        authority: row.authority,
      };
      rowsByOrganization.set(organizationId, [...(rowsByOrganization.get(organizationId) ?? []), active]);
    }
    return { byOrganization, rowsByOrganization };
  },
  { recheckMs: 0 },
);

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

type ListingDoc = Record<string, unknown> & { _id: mongoose.Types.ObjectId; listingKey: string; organizationId: mongoose.Types.ObjectId; list: CreditList; reason: ListingReason; decidedBy: string };

/**
 * The one place a listing is created: rows whose key exists already are left alone (automatic
 * listings run again, or concurrently, change nothing). Each listing's decision is issued as a
 * document; a row found existing (a retried batch, a crash before its document) gets its
 * document if it lacks one. A person's single decision is rendered at once, the system's are
 * recorded and rendered by the sweeper. Returns the rows this call inserted.
 */
export async function insertListings(docs: ListingDoc[]): Promise<ListingDoc[]> {
  if (docs.length === 0) return [];
  let duplicates: Set<number>;
  try {
    duplicates = await insertIgnoringDuplicates(CreditListing.collection, docs);
  } finally {
    await touchReadModel(CREDIT_LISTINGS_READ_MODEL); // a driver write runs no model hooks
  }
  const inserted = docs.filter((_, index) => !duplicates.has(index));
  await issueListingDocuments(
    inserted.map((d) => d._id),
    "listing",
    inserted.every((d) => d.decidedBy !== SYSTEM_DECIDER),
  );
  await issueListingDocumentsByKey(docs.filter((_, index) => duplicates.has(index)).map((d) => d.listingKey));
  return inserted;
}

/**
 * The one place listings end (verified cure, promotion, six months, deregistration): the rows
 * stay, with how and why and the article applied (第十三条 off the abnormal list, 第十六条 off the
 * serious list). Each ending is a removal decision issued as a document, except a promotion's:
 * the serious listing's decision records the move. Rows ended already are left as they are.
 */
export async function endListings(
  rows: { id: mongoose.Types.ObjectId; list: CreditList }[],
  removal: { kind: RemovalKind; verifiedBy: string; note: string },
  now: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  for (const list of CREDIT_LISTS) {
    const ids = rows.filter((r) => r.list === list).map((r) => r.id);
    if (ids.length === 0) continue;
    await CreditListing.updateMany(
      { _id: mongoose.trusted({ $in: ids }), removedAt: null },
      { $set: { ...extra, removedAt: now, removal: { ...removal, basis: removalBasis(list, removal.kind) } } },
    );
  }
  if (rows.length && removal.kind !== "promoted") {
    await issueListingDocuments(
      rows.map((r) => r.id),
      "removal",
      removal.verifiedBy !== SYSTEM_DECIDER,
    );
  }
}

async function listingDocs(entries: ListingInput[], decidedBy: string, now: Date): Promise<ListingDoc[]> {
  const unnamed = entries.filter((e) => !e.organizationName || !e.uscc).map((e) => oid(e.organizationId));
  const read = unnamed.length ? await Organization.find({ _id: mongoose.trusted({ $in: unnamed }) }, { name: 1, uscc: 1 }).lean() : [];
  const byId = new Map<string, { name: string; uscc: string }>(read.map((o) => [String(o._id), { name: o.name, uscc: o.uscc }]));
  for (const e of entries) if (e.organizationName && e.uscc) byId.set(e.organizationId, { name: e.organizationName, uscc: e.uscc });
  return entries
    .filter((e) => byId.has(e.organizationId))
    .map((e) => {
      const list = listOfGround(e.reason);
      return {
        _id: new mongoose.Types.ObjectId(),
        listingKey: e.listingKey ?? `${list}:${e.organizationId}:${e.reason}:${new mongoose.Types.ObjectId().toHexString()}`,
        organizationId: oid(e.organizationId),
        organizationName: byId.get(e.organizationId)!.name,
        uscc: byId.get(e.organizationId)!.uscc,
        list,
        reason: e.reason,
        basis: LISTING_BASIS[e.reason],
        detail: e.detail,
        ...(e.year ? { year: e.year } : {}),
        ...(e.sourceCaseId ? { sourceCaseId: oid(e.sourceCaseId) } : {}),
        ...(e.letters ? { letters: e.letters } : {}),
        ...(e.sourceListingIds ? { sourceListingIds: e.sourceListingIds } : {}),
        decidedAt: now,
        authority: REGISTRATION_AUTHORITY,
        decidedBy,
        createdAt: now,
        updatedAt: now,
      };
    });
}

/**
 * Lists organizations on the list their ground belongs to; rows whose key exists already are left
 * alone. A new listing restarts the clocks of the organization's listings in force, recorded on
 * them (`clockFrom`) so the restart holds after the new listing ends: a new abnormal listing the
 * abnormal list's two years (第十二条), any new listing the serious list's stay (第十五、十六条).
 * One update for the whole batch.
 */
export async function listOrganizations(entries: ListingInput[], decidedBy: string, now = new Date()): Promise<number> {
  if (entries.length === 0) return 0;
  const { rowsByOrganization } = await activeListings();
  const inserted = await insertListings(await listingDocs(entries, decidedBy, now));
  const restartedLists = new Map<string, Set<CreditList>>();
  for (const doc of inserted) {
    const lists = restartedLists.get(String(doc.organizationId)) ?? new Set<CreditList>(["serious"]);
    if (doc.list === "abnormal") lists.add("abnormal");
    restartedLists.set(String(doc.organizationId), lists);
  }
  const inForce = [...restartedLists].flatMap(([id, lists]) =>
    (rowsByOrganization.get(id) ?? []).filter((r) => lists.has(r.list) && r.clockFrom < now).map((r) => oid(r.id)),
  );
  if (inForce.length) await CreditListing.updateMany({ _id: mongoose.trusted({ $in: inForce }), removedAt: null }, { $set: { clockFrom: now } });
  return inserted.length;
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

/** A revoked organization goes on the serious list (第十四条第一款第（七）项), once per revocation case. */
export async function listRevokedOrganization(organizationId: string, caseId: string, reason: string, decidedBy: string, now: Date): Promise<number> {
  return listOrganizations(
    [{ organizationId, reason: "registrationRevoked", detail: reason, sourceCaseId: caseId, listingKey: `serious:${organizationId}:registrationRevoked:${caseId}` }],
    decidedBy,
    now,
  );
}

/** The organization's two-year clock: from its latest (re)start among the abnormal listings in force. */
function clockStart(abnormal: ActiveListing[]): Date {
  return abnormal.reduce((a, b) => (b.clockFrom > a ? b.clockFrom : a), abnormal[0]!.clockFrom);
}

/** Organizations whose register status still counts for the clocks (an exited one owes nothing more). */
async function activeOrganizationIds(): Promise<Set<string>> {
  return new Set((await registerIndex()).entries.filter((o) => o.status === "registered" || o.status === "exiting").map((o) => o.id));
}

/**
 * Sweeper step (第十四条第一款第（一）项, 第十二条): an organization whose latest abnormal listing is two
 * full years old leaves the abnormal list and goes on the serious list, once (the serious row's key
 * names the latest abnormal listing; a crash between the two writes is finished by the next sweep).
 * Two writes for all the organizations due, whatever their number: one insert, one update.
 */
export async function promoteToSerious(now = new Date()): Promise<number> {
  const { rowsByOrganization } = await activeListings();
  const due: { organizationId: string; abnormal: ActiveListing[]; latest: ActiveListing; from: Date }[] = [];
  for (const [organizationId, rows] of rowsByOrganization) {
    const abnormal = rows.filter((r) => r.list === "abnormal");
    if (abnormal.length === 0) continue;
    const latest = abnormal.reduce((a, b) => (b.decidedAt > a.decidedAt ? b : a));
    const from = clockStart(abnormal);
    if (promotionDue(from, now)) due.push({ organizationId, abnormal, latest, from });
  }
  if (due.length === 0) return 0;
  const active = await activeOrganizationIds();
  const promoting = due.filter((d) => active.has(d.organizationId));
  const promoted = await listOrganizations(
    promoting.map(({ organizationId, abnormal, latest, from }) => ({
      organizationId,
      organizationName: latest.organizationName,
      uscc: latest.uscc,
      reason: "abnormalForTwoYears" as const,
      detail: `列入活动异常名录满 2 年（${promotionDay(from)}）：${abnormal.map((r) => r.detail || r.reason).join("；")}`,
      listingKey: `serious:${organizationId}:abnormalForTwoYears:${latest.id}`,
      sourceListingIds: abnormal.map((r) => oid(r.id)),
    })),
    SYSTEM_DECIDER,
    now,
  );
  await endListings(
    promoting.flatMap(({ abnormal }) => abnormal.map((r) => ({ id: oid(r.id), list: r.list }))),
    { kind: "promoted", verifiedBy: SYSTEM_DECIDER, note: "列入活动异常名录满 2 年，移入严重违法失信名单" },
    now,
    { promotedAt: now },
  );
  return promoted;
}

/** Sweeper step (第十三条): abnormal listings with nothing to cure end six full months after they were made. */
export async function removeAfterSixMonths(now = new Date()): Promise<number> {
  const { rowsByOrganization } = await activeListings();
  const due = [...rowsByOrganization.values()]
    .flat()
    .filter((r) => r.list === "abnormal" && GROUND_NEEDS_CURE[r.reason as AbnormalGround] === false && sixMonthRemovalDue(r.decidedAt, now));
  await endListings(
    due.map((r) => ({ id: oid(r.id), list: r.list })),
    { kind: "sixMonths", verifiedBy: SYSTEM_DECIDER, note: "列入满 6 个月，无需整改或履行义务，移出活动异常名录" },
    now,
  );
  return due.length;
}

type RemovalError = "dailyGate.credit.notCured" | "dailyGate.error.required" | "dailyGate.credit.minimumStay" | "dailyGate.credit.untilDeregistered";

/** Is that year's annual report still unfiled? (A late-report listing is cured only by filing it.) */
async function reportStillUnfiled(organizationId: string, year: number): Promise<boolean> {
  const report = await WorkflowCase.findOne({ caseKey: `annualReport:${organizationId}:${year}` }, { state: 1 }).lean();
  return !!report && (UNFILED_STATES as readonly string[]).includes(report.state);
}

/**
 * A regulator removes a listing after verifying it may end: an abnormal listing once its cause is
 * cured (a late annual report only once filed); a serious listing only after its two-year stay
 * without new grounds, the obligations behind a two-year listing met, and a revocation's listing
 * only once the organization is deregistered.
 */
export async function removeListing(
  user: SessionUser,
  listingId: string,
  note: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; error: RemovalError; params?: Record<string, string> }> {
  if (!mongoose.isValidObjectId(listingId)) throw new Response("Not Found", { status: 404 });
  const row = await CreditListing.findOne({ _id: oid(listingId), removedAt: null }).lean();
  if (!row) throw new Response("Not Found", { status: 404 });
  if (!note.trim()) return { ok: false, error: "dailyGate.error.required" };
  const organizationId = String(row.organizationId);
  let kind: RemovalKind = "verified";
  if (row.list === "abnormal") {
    if (row.reason === "lateAnnualReport" && row.year && (await reportStillUnfiled(organizationId, row.year))) return { ok: false, error: "dailyGate.credit.notCured" };
  } else if (row.reason === "registrationRevoked") {
    const organization = await Organization.findById(row.organizationId, { status: 1 }).lean();
    if (organization?.status !== "deregistered") return { ok: false, error: "dailyGate.credit.untilDeregistered" };
    kind = "deregistered";
  } else {
    // Restarts are recorded on the row (clockFrom); later listings are read too, for rows made before that was kept.
    const later = await CreditListing.find({ organizationId: row.organizationId, decidedAt: mongoose.trusted({ $gt: row.decidedAt }) }, { decidedAt: 1 }).lean();
    const laterAt = [...later.map((l) => l.decidedAt), ...(row.clockFrom ? [row.clockFrom] : [])];
    if (!seriousStayOver(row.decidedAt, laterAt, now)) return { ok: false, error: "dailyGate.credit.minimumStay", params: { date: seriousStayEndsDay(row.decidedAt, laterAt) } };
    if (row.reason === "abnormalForTwoYears" && row.sourceListingIds?.length) {
      const sources = await CreditListing.find({ _id: mongoose.trusted({ $in: row.sourceListingIds }) }, { reason: 1, year: 1 }).lean();
      for (const source of sources) {
        if (source.reason === "lateAnnualReport" && source.year && (await reportStillUnfiled(organizationId, source.year))) return { ok: false, error: "dailyGate.credit.notCured" };
      }
    }
  }
  await endListings([{ id: row._id, list: row.list }], { kind, verifiedBy: user.displayName, note: note.trim() }, now);
  return { ok: true };
}

/** A listing as the list pages and the API show it (in force or ended). */
export interface ListingRow extends Omit<ActiveListing, "decidedAt" | "clockFrom"> {
  decidedAt: string;
  decidedBy: string;
  removedAt: string | null;
  removedBy: string | null;
  removalNote: string | null;
  removalBasis: string | null;
}

function toRow(r: Record<string, unknown> & { _id: unknown }): ListingRow {
  const removal = (r.removal ?? {}) as { verifiedBy?: string; note?: string; basis?: string };
  return {
    id: String(r._id),
    organizationId: String(r.organizationId),
    organizationName: String(r.organizationName),
    uscc: String(r.uscc),
    list: r.list as CreditList,
    reason: r.reason as ListingReason,
    detail: String(r.detail ?? ""),
    basis: String(r.basis ?? LISTING_BASIS[r.reason as ListingReason] ?? ""),
    year: typeof r.year === "number" ? r.year : null,
    decidedAt: (r.decidedAt as Date).toISOString(),
    authority: String(r.authority),
    decidedBy: String(r.decidedBy),
    removedAt: r.removedAt ? (r.removedAt as Date).toISOString() : null,
    removedBy: removal.verifiedBy ?? null,
    removalNote: removal.note ?? null,
    removalBasis: removal.basis ?? null,
  };
}

/** One list, newest first; `active` false includes removed rows (the regulators' log). */
export async function creditList(list: CreditList, pageParams: PageParams, active = true) {
  const filter = { list, ...(active ? { removedAt: null } : {}) };
  const { total, rows } = await readPage(CreditListing.countDocuments(filter), CreditListing.find(filter).sort({ decidedAt: -1, _id: 1 }).lean(), pageParams);
  return { total, items: rows.map((r) => toRow(r as never)) };
}

/** Public JSON shape: no internal ids beyond the credit code, no who-removed. */
export function publicRow(row: ListingRow) {
  return {
    uscc: row.uscc,
    name: row.organizationName,
    list: row.list,
    reason: row.reason,
    basis: row.basis,
    detail: row.detail,
    decidedAt: row.decidedAt,
    authority: row.authority,
  };
}

/** One listing in force on an organization's credit record, with the day each of its clocks runs out. */
export interface CreditRecordRow extends Omit<ActiveListing, "decidedAt" | "clockFrom"> {
  decidedAt: string;
  /** Abnormal: the last day of the organization's two years (shown once, on its latest listing; 第十二条). */
  promotionDay: string | null;
  /** Abnormal with nothing to cure: the last day of the six months. */
  sixMonthRemovalDay: string | null;
  /** Serious: the last day of the minimum stay (null for a revocation's listing, which waits for deregistration). */
  seriousStayEndsDay: string | null;
}

/** The organization's listings in force and their clocks (its credit record on the directory and register pages). */
export async function creditRecordOf(organizationId: string): Promise<CreditRecordRow[]> {
  const rows = (await activeListings()).rowsByOrganization.get(organizationId) ?? [];
  const abnormal = rows.filter((r) => r.list === "abnormal");
  const latest = abnormal.length ? abnormal.reduce((a, b) => (b.decidedAt > a.decidedAt ? b : a)) : null;
  // Listings with nothing to cure end after six months, long before two years: alone, they start no promotion clock.
  const promotionFrom = abnormal.some((r) => GROUND_NEEDS_CURE[r.reason as AbnormalGround]) ? clockStart(abnormal) : null;
  return rows
    .map(({ clockFrom, ...r }) => ({
      ...r,
      decidedAt: r.decidedAt.toISOString(),
      promotionDay: r.list === "abnormal" && promotionFrom && latest && r.id === latest.id ? promotionDay(promotionFrom) : null,
      sixMonthRemovalDay: r.list === "abnormal" && GROUND_NEEDS_CURE[r.reason as AbnormalGround] === false ? sixMonthRemovalDay(r.decidedAt) : null,
      seriousStayEndsDay: r.list === "serious" && r.reason !== "registrationRevoked" ? seriousStayEndsDay(r.decidedAt, [clockFrom]) : null,
    }))
    .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
}

export type RecordListingError = "dailyGate.error.unknownUscc" | "dailyGate.credit.notActive" | "dailyGate.credit.hasPartyOrganization" | "dailyGate.credit.letterInterval";

/**
 * A regulator records a listing for a ground the platform does not see by itself. The register's
 * facts are checked where it has them: no listing for a missing party organization when one is on
 * record, and an unreachable domicile needs two letters mailed 15–30 days apart (第十条第二款).
 */
export async function recordListing(
  user: SessionUser,
  form: { uscc: string; reason: ListingReason; detail: string; firstLetterOn?: string; secondLetterOn?: string },
  now = new Date(),
): Promise<{ ok: true } | { ok: false; field: "uscc" | "reason" | "secondLetterOn"; error: RecordListingError }> {
  const organization = await Organization.findOne({ uscc: form.uscc }, { _id: 1, status: 1, party: 1 }).lean();
  if (!organization) return { ok: false, field: "uscc", error: "dailyGate.error.unknownUscc" };
  if (organization.status !== "registered" && organization.status !== "exiting") return { ok: false, field: "uscc", error: "dailyGate.credit.notActive" };
  if (form.reason === "noPartyOrganization" && organization.party?.form && organization.party.form !== "none") {
    return { ok: false, field: "reason", error: "dailyGate.credit.hasPartyOrganization" };
  }
  let letters: ListingInput["letters"];
  if (form.reason === "unreachableAddress") {
    if (!form.firstLetterOn || !form.secondLetterOn || !lettersShowUnreachable(form.firstLetterOn, form.secondLetterOn)) {
      return { ok: false, field: "secondLetterOn", error: "dailyGate.credit.letterInterval" };
    }
    letters = { firstMailedOn: form.firstLetterOn, secondMailedOn: form.secondLetterOn };
  }
  await listOrganizations([{ organizationId: String(organization._id), reason: form.reason, detail: form.detail, letters }], user.displayName, now);
  return { ok: true };
}
