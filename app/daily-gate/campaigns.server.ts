/**
 * Annual inspection campaigns: opening one (one annual-report case per eligible organization,
 * created in batches by a background job that writes its progress on the campaign row, so the
 * page polls it and opening thousands never holds a request open), the dashboard and reminders.
 * Re-opening (or two openings at once) creates nothing twice: case keys are natural.
 */
import mongoose from "mongoose";
import { z } from "zod";
import { CAMPAIGNS_READ_MODEL, InspectionCampaign, INSPECTION_MODES, type InspectionCampaignFields } from "@models/inspection-campaign";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { isDuplicateKeyError } from "~/db.server";
import { defaultDeadlines, endOfBeijingDay, exemptionCutoff } from "~/domain/annual-report";
import { DISTRICT_CODES, ORGANIZATION_TYPES } from "~/domain/organization";
import type { PageParams } from "~/forms/page-params";
import { pageOf } from "~/forms/page-query.server";
import { versionedReadModel } from "~/read-model/versioned.server";
import { registerIndex, type RegisterEntry } from "~/register/register-index.server";
import { casesChanged, createCases, type Actor } from "~/workflow/engine.server";
import { ANNUAL_REPORT_KIND, annualReportCaseKey } from "./annual-report-workflow.server";
import { campaignCaseRows, type CampaignCaseRow } from "./campaign-cases.server";
import { NOT_OWED_STATES, REPORT_RESULTS, REPORT_STATES, UNFILED_STATES } from "./report-form";
import { REPORT_CONCLUDED_STATES } from "@machines/annual-report.machine";

export const CAMPAIGN_BATCH_SIZE = 1000;
/** An "opening" campaign whose job wrote nothing for this long is taken to have died; opening again resumes it. */
const STALE_JOB_MS = 60_000;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dailyGate.error.date");
export const campaignFormSchema = z
  .object({
    year: z.coerce.number().int("dailyGate.error.year").min(2000, "dailyGate.error.year").max(2100, "dailyGate.error.year"),
    mode: z.enum(INSPECTION_MODES, "dailyGate.error.mode"),
    sponsorDeadline: date,
    registryDeadline: date,
  })
  .refine((v) => v.sponsorDeadline <= v.registryDeadline, { message: "dailyGate.error.deadlineOrder", path: ["registryDeadline"] });
export type CampaignForm = z.infer<typeof campaignFormSchema>;

export function campaignDefaults(now = new Date()) {
  const year = now.getUTCFullYear() - 1;
  return { year: String(year), mode: "annualReport", ...defaultDeadlines(year) };
}

const running = new Map<number, Promise<void>>();

/** Creates the campaign row (or finds it) and starts — or resumes — the job that opens its cases. */
export async function openCampaign(form: CampaignForm, actor: Actor, now = new Date()): Promise<{ year: number; started: boolean }> {
  const cutoff = exemptionCutoff(form.year);
  await InspectionCampaign.updateOne(
    { year: form.year },
    {
      $setOnInsert: {
        year: form.year,
        mode: form.mode,
        sponsorDeadline: endOfBeijingDay(form.sponsorDeadline),
        registryDeadline: endOfBeijingDay(form.registryDeadline),
        cutoff,
        status: "opening",
        openedBy: actor.name,
        openedAt: now,
        heartbeatAt: now,
      },
    },
    { upsert: true },
  ).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error; // a concurrent opening inserted it
  });
  const campaign = await InspectionCampaign.findOne({ year: form.year }).lean();
  if (!campaign) throw new Error("campaign vanished");
  const stale = !campaign.heartbeatAt || now.getTime() - campaign.heartbeatAt.getTime() > STALE_JOB_MS;
  if (campaign.status === "open" || running.has(form.year) || (!stale && campaign.openedAt.getTime() !== now.getTime())) {
    return { year: form.year, started: false };
  }
  const job = runCampaignJob(form.year, actor).finally(() => running.delete(form.year));
  running.set(form.year, job);
  return { year: form.year, started: true };
}

/** Waits for this process's job of a year (tests and scripts). */
export async function campaignJob(year: number): Promise<void> {
  await running.get(year);
}

/** The job: eligible organizations in pages by _id, one batch insert of cases per page. */
export async function runCampaignJob(year: number, actor: Actor): Promise<void> {
  const campaign = await InspectionCampaign.findOne({ year }).lean();
  if (!campaign) return;
  // The register's in-process copy (ADR 007): current in a running app, where reading the
  // organizations again would scan the collection (as long as writing the cases, measured).
  const active = (await registerIndex()).entries.filter((o) => o.status === "registered");
  const rows = active.filter((o) => o.establishedAt < campaign.cutoff);
  const total = rows.length;
  const exempt = active.length - total;
  await InspectionCampaign.updateOne({ year }, { $set: { "progress.total": total, "progress.exempt": exempt, "progress.processed": 0, heartbeatAt: new Date() } });
  const input = { year, sponsorDeadline: campaign.sponsorDeadline.toISOString(), registryDeadline: campaign.registryDeadline.toISOString() };
  let processed = 0;
  let batch: RegisterEntry[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await createCases(
      ANNUAL_REPORT_KIND,
      batch.map((o) => ({
        caseKey: annualReportCaseKey(o.id, year),
        input,
        title: o.name,
        titleSortKey: o.nameSortKey,
        organizationId: o.id,
        // Copied for the dashboard's "by district and type" (aggregation has no $lookup).
        data: { year, orgType: o.type, district: o.district, uscc: o.uscc, report: {} },
      })),
      { actor },
    );
    processed += batch.length;
    batch = [];
    await InspectionCampaign.updateOne({ year }, { $set: { "progress.processed": processed, heartbeatAt: new Date() }, $inc: { "progress.created": result.created } });
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= CAMPAIGN_BATCH_SIZE) await flush();
  }
  await flush();
  await InspectionCampaign.updateOne({ year }, { $set: { status: "open", heartbeatAt: new Date() } });
}

export async function campaigns() {
  const rows = await InspectionCampaign.find({}, { reminders: 0 }).sort({ year: -1 }).limit(50).lean();
  return rows.map((c) => ({
    year: c.year,
    mode: c.mode,
    status: c.status,
    sponsorDeadline: c.sponsorDeadline.toISOString(),
    registryDeadline: c.registryDeadline.toISOString(),
    progress: { total: c.progress?.total ?? 0, processed: c.progress?.processed ?? 0, created: c.progress?.created ?? 0, exempt: c.progress?.exempt ?? 0 },
  }));
}

async function findCampaign(year: number) {
  const campaign = await InspectionCampaign.findOne({ year }).lean();
  if (!campaign) throw new Response("Not Found", { status: 404 });
  return campaign;
}

/**
 * The campaign rows as the dashboard shows them, an in-process copy checked against the
 * campaigns' token on every call (ADR 011): the model's hooks replace it on every write (the
 * job's progress, reminders), so the page shows each write at once, in any process, and the
 * check rides on the request's one token query instead of a scan of the campaigns.
 */
const campaignViews = versionedReadModel(
  CAMPAIGNS_READ_MODEL,
  async () => new Map((await InspectionCampaign.find({}).lean()).map((c) => [c.year, campaignView(c)])),
  { recheckMs: 0 },
);

function campaignView(campaign: InspectionCampaignFields) {
  return {
    mode: campaign.mode,
    status: campaign.status,
    sponsorDeadline: campaign.sponsorDeadline.toISOString(),
    registryDeadline: campaign.registryDeadline.toISOString(),
    progress: { total: campaign.progress?.total ?? 0, processed: campaign.progress?.processed ?? 0, created: campaign.progress?.created ?? 0, exempt: campaign.progress?.exempt ?? 0 },
    reminders: (campaign.reminders ?? []).map((r) => ({ at: r.at.toISOString(), by: r.by, count: r.count })),
  };
}

/** Counts by state, district, type and result; computed once per copy of the cases, not per view. */
const countsOfCopy = new WeakMap<CampaignCaseRow[], ReturnType<typeof countCases>>();
function countCases(rows: CampaignCaseRow[]) {
  const byState: Record<string, number> = Object.fromEntries(REPORT_STATES.map((s) => [s, 0]));
  const filedByDistrict: Record<string, { filed: number; total: number }> = {};
  const filedByType: Record<string, { filed: number; total: number }> = {};
  const results = { qualified: 0, basicallyQualified: 0, unqualified: 0 };
  const unfiledStates = new Set<string>([...UNFILED_STATES, ...NOT_OWED_STATES]);
  for (const row of rows) {
    byState[row.state] = (byState[row.state] ?? 0) + 1;
    const filed = unfiledStates.has(row.state) ? 0 : 1;
    const d = (filedByDistrict[row.district] ??= { filed: 0, total: 0 });
    d.filed += filed;
    d.total += 1;
    const t = (filedByType[row.orgType] ??= { filed: 0, total: 0 });
    t.filed += filed;
    t.total += 1;
    if (row.result === "qualified" || row.result === "basicallyQualified" || row.result === "unqualified") results[row.result]++;
  }
  return { byState, filedByDistrict, filedByType, results };
}

/** The dashboard: the campaign row and the counts of its cases as read by campaignCaseRows. */
export async function campaignDashboard(year: number) {
  const [campaigns, rows] = await Promise.all([campaignViews(), campaignCaseRows(year)]);
  const campaign = campaigns.get(year);
  if (!campaign) throw new Response("Not Found", { status: 404 });
  let counts = countsOfCopy.get(rows);
  if (!counts) countsOfCopy.set(rows, (counts = countCases(rows)));
  const { byState, filedByDistrict, filedByType, results } = counts;
  const total = rows.length;
  const unfiled = UNFILED_STATES.reduce((n, s) => n + (byState[s] ?? 0), 0);
  const notOwed = NOT_OWED_STATES.reduce((n, s) => n + (byState[s] ?? 0), 0);
  const reviewed = REPORT_CONCLUDED_STATES.reduce((n, s) => n + (byState[s] ?? 0), 0);
  return {
    year,
    ...campaign,
    total,
    filed: total - unfiled - notOwed,
    reviewed,
    overdue: byState.overdue ?? 0,
    byState,
    results,
    filedByDistrict,
    filedByType,
  };
}

const anyOr = <T extends readonly [string, ...string[]]>(values: T) => z.union([z.literal(""), z.enum(values)]).default("");

/**
 * The case list's filters, all from the address (a GET form, so they survive reloads and
 * paging): state, district, organization type and result; "" means any. Each parameter at
 * most once, and an unknown value is refused (400) rather than silently showing every case.
 */
export const caseListFilterSchema = z.object({
  state: anyOr(REPORT_STATES),
  district: anyOr(DISTRICT_CODES),
  type: anyOr(ORGANIZATION_TYPES),
  result: anyOr(REPORT_RESULTS),
});
export type CaseListFilter = z.infer<typeof caseListFilterSchema>;
export const CASE_LIST_FILTERS = Object.keys(caseListFilterSchema.shape) as (keyof CaseListFilter)[];

/** The filters of a campaign page's address, or a 400 page. */
export function readCaseListFilter(url: URL): CaseListFilter {
  const raw: Record<string, string> = {};
  for (const name of CASE_LIST_FILTERS) {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) throw new Response("Bad Request", { status: 400 });
    if (values.length === 1) raw[name] = values[0]!;
  }
  const parsed = caseListFilterSchema.safeParse(raw);
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  return parsed.data;
}

/** Whether a case row passes every filter that is set. */
function matches(row: CampaignCaseRow, filter: CaseListFilter): boolean {
  return (
    (!filter.state || row.state === filter.state) &&
    (!filter.district || row.district === filter.district) &&
    (!filter.type || row.orgType === filter.type) &&
    (!filter.result || row.result === filter.result)
  );
}

/**
 * The campaign's cases, filtered (in memory, over the year's copy: no query per filter), in
 * pinyin order of the organization's name. The result filter reads the conclusion, as the
 * dashboard's "by result" counts do: a case in rectification keeps the result it came from.
 */
export async function campaignCases(year: number, filter: CaseListFilter, pageParams: PageParams) {
  const rows = await campaignCaseRows(year);
  const filtered = CASE_LIST_FILTERS.some((name) => filter[name]);
  const { total, rows: onPage } = pageOf(filtered ? rows.filter((r) => matches(r, filter)) : rows, pageParams);
  return {
    total,
    items: onPage.map(({ id, title, state, organizationId, district, orgType, reminded, result }) => ({ id, title, state, organizationId, district, orgType, reminded, result })),
  };
}

/** Records a reminder to every organization that has not filed yet (no real message is sent). */
export async function remindUnfiled(user: SessionUser, year: number, now = new Date()): Promise<number> {
  await findCampaign(year);
  const result = await WorkflowCase.updateMany(
    { kind: ANNUAL_REPORT_KIND, "data.year": year, state: mongoose.trusted({ $in: [...UNFILED_STATES] }) },
    { $push: { "data.reminders": { at: now, by: user.displayName } } },
  );
  await casesChanged(ANNUAL_REPORT_KIND); // the lists show reminder counts
  await InspectionCampaign.updateOne({ year }, { $push: { reminders: { at: now, by: user.displayName, count: result.modifiedCount } } });
  return result.modifiedCount;
}
