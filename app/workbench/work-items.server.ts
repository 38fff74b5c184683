/**
 * The workbenches (待办): each role's home lists what is waiting for it, soonest deadline first,
 * every item linking to the page where it is done (ADR 018).
 *
 * Reads only in-process copies (ADR 007/011): the cases that wait for someone (below), the
 * competitions (`competitionViews`), the register, the open spot-check rectifications, the last
 * guidance visits and the judges' assignments. Each copy follows its version tokens, so a
 * home page costs one token read however many counts it shows; the copies are rebuilt (one
 * scan each) only after a write to what they copy.
 */
import { GuidanceVisit } from "@models/guidance-visit";
import { SpotCheck } from "@models/spot-check";
import { WorkflowCase, type WorkflowCaseFields } from "@models/workflow-case";
import mongoose from "mongoose";
import type { SessionUser } from "~/auth/guards.server";
import { ENTRY_KIND } from "~/domain/competition";
import { competitionViews } from "~/competition/judging/judge-pages.server";
import { ANNUAL_REPORT_KIND } from "~/daily-gate/annual-report-workflow.server";
import { DEREGISTRATION_KIND, REVOCATION_KIND } from "~/exit-gate/exit-workflows.server";
import { versionedReadModel } from "~/read-model/versioned.server";
import { registerIndex } from "~/register/register-index.server";
import { REGISTRATION_KIND } from "~/registration/registration-intents";
import { caseKindInfo, regulatorCaseHref } from "~/workflow/case-links";
import { casesReadModel } from "~/workflow/engine.server";
import { GATES, type Gate, type WorkItem, type WorkKind } from "./work-item";
import { ENTRY_EDITABLE_STATES } from "@machines/competition-entry.machine";
import { isOneOf } from "~/domain/vocabulary";

/** Which states wait for whom, per case kind: the organization (or applicant) or the registry. */
const WAITING: Record<string, { organization: Partial<Record<string, WorkKind>>; regulator: Partial<Record<string, WorkKind>>; gate: Gate }> = {
  [REGISTRATION_KIND]: {
    organization: { draft: "registrationDraft", correction: "correctionRequested", preparing: "foundingMeeting" },
    regulator: { submitted: "reviewRegistration", preparationReview: "reviewRegistration", review: "reviewRegistration" },
    gate: "entry",
  },
  [ANNUAL_REPORT_KIND]: {
    organization: { draft: "annualReportDue", overdue: "annualReportDue", returned: "correctionRequested", rectification: "rectification" },
    regulator: { submitted: "reviewAnnualReport", resubmitted: "reviewAnnualReport", sponsorReviewed: "reviewAnnualReport", rectificationAnswered: "reviewAnnualReport" },
    gate: "daily",
  },
  [DEREGISTRATION_KIND]: {
    organization: { liquidation: "liquidationReport" },
    regulator: { application: "handleDeregistration", review: "handleDeregistration", certificates: "handleDeregistration" },
    gate: "exit",
  },
  [REVOCATION_KIND]: {
    organization: {},
    regulator: Object.fromEntries(["opened", "investigation", "hearingNotice", "hearing", "decision", "service"].map((state) => [state, "handleRevocation" as const])),
    gate: "exit",
  },
  [ENTRY_KIND]: {
    organization: { draft: "entryDraft", returned: "correctionRequested", awarded: "agreementToSign", inProgress: "midtermReportDue", midtermPassed: "finalReportDue" },
    regulator: { submitted: "screenEntry", eligible: "screenEntry", midtermReported: "reviewMidtermReport", finalReported: "reviewFinalReport" },
    gate: "competition",
  },
};

/** Entry states in which an organization has an entry in a competition (so "competition open" is not a to-do). */
const ENTRY_GONE_STATES = ["withdrawn"];

interface WaitingCase {
  id: string;
  kind: string;
  state: string;
  title: string;
  dueAt: string | null;
  overdue: boolean;
  organizationId: string | null;
  ownerUserId: string | null;
  competitionId: string | null;
  entryNumber: string;
}

type WaitingRow = Pick<WorkflowCaseFields, "kind" | "state" | "title" | "dueAt" | "organizationId" | "ownerUserId"> & {
  _id: mongoose.Types.ObjectId;
  data?: { competitionId?: string; entryNumber?: string };
  snapshot?: { context?: { overdue?: boolean } };
};

interface WaitingCopy {
  forRegulator: WaitingCase[];
  byOrganization: Map<string, WaitingCase[]>;
  byOwner: Map<string, WaitingCase[]>;
  /** competitionId → organizations with an entry (any state but withdrawn). */
  entrants: Map<string, Set<string>>;
}

const KINDS = Object.keys(WAITING);
const waitingStates = [...new Set(KINDS.flatMap((kind) => [...Object.keys(WAITING[kind]!.organization), ...Object.keys(WAITING[kind]!.regulator)]))];

/** Cases waiting for someone, and who has entered which competition; rebuilt after a case write. */
const waitingCases = versionedReadModel(
  KINDS.map(casesReadModel),
  async (): Promise<WaitingCopy> => {
    const [rows, entries] = await Promise.all([
      WorkflowCase.find(
        { kind: mongoose.trusted({ $in: KINDS }), state: mongoose.trusted({ $in: waitingStates }) },
        { kind: 1, state: 1, title: 1, dueAt: 1, organizationId: 1, ownerUserId: 1, "data.competitionId": 1, "data.entryNumber": 1, "snapshot.context.overdue": 1 },
      ).lean<WaitingRow[]>(),
      WorkflowCase.find({ kind: ENTRY_KIND, state: mongoose.trusted({ $nin: ENTRY_GONE_STATES }) }, { organizationId: 1, "data.competitionId": 1 }).lean<WaitingRow[]>(),
    ]);
    const copy: WaitingCopy = { forRegulator: [], byOrganization: new Map(), byOwner: new Map(), entrants: new Map() };
    const push = (map: Map<string, WaitingCase[]>, key: string, item: WaitingCase) => map.set(key, [...(map.get(key) ?? []), item]);
    for (const row of rows) {
      const data = row.data ?? {};
      const dueAt = row.dueAt ? row.dueAt.toISOString() : null;
      const item: WaitingCase = {
        id: String(row._id),
        kind: row.kind,
        state: row.state,
        title: row.title,
        dueAt,
        overdue: Boolean(row.snapshot?.context?.overdue) || row.state === "overdue",
        organizationId: row.organizationId ? String(row.organizationId) : null,
        ownerUserId: row.ownerUserId ? String(row.ownerUserId) : null,
        competitionId: data.competitionId ?? null,
        entryNumber: data.entryNumber ?? "",
      };
      const waits = WAITING[row.kind]!;
      if (waits.regulator[row.state]) copy.forRegulator.push(item);
      if (waits.organization[row.state]) {
        if (item.organizationId) push(copy.byOrganization, item.organizationId, item);
        else if (item.ownerUserId) push(copy.byOwner, item.ownerUserId, item);
      }
    }
    for (const entry of entries) {
      const competitionId = entry.data?.competitionId;
      if (!competitionId || !entry.organizationId) continue;
      if (!copy.entrants.has(competitionId)) copy.entrants.set(competitionId, new Set());
      copy.entrants.get(competitionId)!.add(String(entry.organizationId));
    }
    return copy;
  },
);

/** Rectifications ordered after spot-check findings, by organization (open and closed). */
const spotCheckRectifications = versionedReadModel("spotChecks", async () => {
  const checks = await SpotCheck.find({}, { selections: 1, drawnAt: 1 }).lean();
  const byOrganization = new Map<string, SpotCheckRectification[]>();
  for (const check of checks) {
    for (const s of check.selections) {
      if (!s.rectification?.status) continue;
      const id = String(s.organizationId);
      const rectification: SpotCheckRectification = {
        drawnAt: check.drawnAt.toISOString(),
        items: s.rectification.items ?? "",
        deadline: s.rectification.deadline?.toISOString() ?? null,
        status: s.rectification.status,
      };
      byOrganization.set(id, [...(byOrganization.get(id) ?? []), rectification]);
    }
  }
  return byOrganization;
});

export interface SpotCheckRectification {
  drawnAt: string;
  items: string;
  deadline: string | null;
  status: "open" | "verified" | "listed";
}

/** The organization's spot-check rectifications, the latest draw first (the gate-cases tab). */
export async function spotCheckRectificationsOf(organizationId: string): Promise<SpotCheckRectification[]> {
  return [...((await spotCheckRectifications()).get(organizationId) ?? [])].sort((a, b) => (a.drawnAt < b.drawnAt ? 1 : -1));
}

async function openRectifications(): Promise<Map<string, SpotCheckRectification[]>> {
  const open = new Map<string, SpotCheckRectification[]>();
  for (const [id, list] of await spotCheckRectifications()) {
    const still = list.filter((r) => r.status === "open");
    if (still.length) open.set(id, still);
  }
  return open;
}

/** The last guidance visit's date per organization. */
const lastVisits = versionedReadModel("guidanceVisits", async () => {
  const rows = await GuidanceVisit.find({}, { organizationId: 1, date: 1 }).lean();
  const latest = new Map<string, Date>();
  for (const row of rows) {
    const id = String(row.organizationId);
    if (!latest.has(id) || latest.get(id)! < row.date) latest.set(id, row.date);
  }
  return latest;
});

/** Soonest deadline first (overdue ones are the soonest), undated last, then by title. */
export function byDeadline(a: WorkItem, b: WorkItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueAt !== b.dueAt) return a.dueAt === null ? 1 : b.dueAt === null ? -1 : a.dueAt < b.dueAt ? -1 : 1;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}

function caseHref(c: WaitingCase, audience: "organization" | "regulator"): string | null {
  if (audience === "regulator") return regulatorCaseHref(c.kind, c.id);
  // The organization follows its deregistration on its own page.
  return c.kind === DEREGISTRATION_KIND ? "/org/deregistration" : (caseKindInfo(c.kind)?.href(c.id) ?? null);
}

function caseItem(c: WaitingCase, what: WorkKind, audience: "organization" | "regulator", dueAt = c.dueAt): WorkItem {
  const now = Date.now();
  return {
    key: `${c.kind}:${c.id}`,
    what,
    title: c.entryNumber ? `${c.entryNumber} ${c.title}` : c.title,
    href: caseHref(c, audience),
    dueAt,
    overdue: c.overdue || (dueAt !== null && Date.parse(dueAt) < now),
    gate: WAITING[c.kind]!.gate,
    state: c.state,
    labelPrefix: caseKindInfo(c.kind)?.labelPrefix ?? null,
  };
}

/** An organization user's to-do list (an applicant's: their own applications). */
export async function organizationWork(user: SessionUser): Promise<WorkItem[]> {
  const [waiting, competitions] = await Promise.all([waitingCases(), competitionViews()]);
  const mine = user.organizationId ? (waiting.byOrganization.get(user.organizationId) ?? []) : (waiting.byOwner.get(user.id) ?? []);
  const items: WorkItem[] = [];
  for (const c of mine) {
    // An entry being drafted is due when applications close.
    const closesAt = c.kind === ENTRY_KIND && c.competitionId ? (competitions.get(c.competitionId)?.closesAt ?? null) : null;
    items.push(caseItem(c, WAITING[c.kind]!.organization[c.state]!, "organization", c.dueAt ?? (isOneOf(ENTRY_EDITABLE_STATES, c.state) ? closesAt : null)));
  }
  if (user.organizationId) {
    const now = new Date().toISOString();
    for (const competition of competitions.values()) {
      if (competition.state !== "open" || now < competition.opensAt || now >= competition.closesAt) continue;
      if (waiting.entrants.get(competition.id)?.has(user.organizationId)) continue;
      items.push({ key: `competition:${competition.id}`, what: "competitionOpen", title: competition.title, href: "/org/competitions", dueAt: competition.closesAt, overdue: false, gate: "competition", state: null, labelPrefix: null });
    }
    for (const [i, r] of ((await openRectifications()).get(user.organizationId) ?? []).entries()) {
      items.push({ key: `spotCheck:${i}`, what: "spotCheckRectification", title: r.items, href: null, dueAt: r.deadline, overdue: r.deadline !== null && r.deadline < now, gate: "daily", state: null, labelPrefix: null });
    }
  }
  return items.sort(byDeadline);
}

export interface RegulatorWork {
  items: WorkItem[];
  total: number;
  overdue: number;
  byGate: { gate: Gate; count: number; overdue: number }[];
}

/** The registry's to-do list: every case waiting for it, overdue first, and the counts per gate. */
export async function regulatorWork(limit = 50): Promise<RegulatorWork> {
  const [waiting, rectifications, register] = await Promise.all([waitingCases(), openRectifications(), registerIndex()]);
  const items: WorkItem[] = waiting.forRegulator.map((c) => caseItem(c, WAITING[c.kind]!.regulator[c.state]!, "regulator"));
  const now = new Date().toISOString();
  for (const [organizationId, list] of rectifications) {
    for (const [i, r] of list.entries()) {
      const name = register.byId.get(organizationId)?.name ?? "";
      items.push({ key: `spotCheck:${organizationId}:${i}`, what: "spotCheckRectification", title: name, href: "/regulator/spot-checks", dueAt: r.deadline, overdue: r.deadline !== null && r.deadline < now, gate: "daily", state: null, labelPrefix: null });
    }
  }
  items.sort(byDeadline);
  return {
    items: items.slice(0, limit),
    total: items.length,
    overdue: items.filter((i) => i.overdue).length,
    byGate: GATES.map((gate) => ({ gate, count: items.filter((i) => i.gate === gate).length, overdue: items.filter((i) => i.gate === gate && i.overdue).length })),
  };
}

/** Guidance visits are due this often; longer without one puts an organization on top of the instructor's list. */
export const VISIT_INTERVAL_DAYS = 90;

/** An instructor's organizations, the longest unvisited first (never visited before all). */
export async function instructorWork(user: SessionUser, staleAfterDays: number) {
  if (!user.partyInstructorId) return { organizations: [], stale: 0 };
  const [register, visits] = await Promise.all([registerIndex(), lastVisits()]);
  const now = Date.now();
  const organizations = register.entries
    .filter((o) => o.instructorId === user.partyInstructorId && o.status !== "deregistered" && o.status !== "revoked")
    .map((o) => {
      const last = visits.get(o.id) ?? null;
      const daysSince = last ? Math.floor((now - last.getTime()) / 86_400_000) : null;
      return { id: o.id, name: o.name, district: o.district, partyForm: o.partyForm, lastVisit: last?.toISOString() ?? null, daysSince, stale: daysSince === null || daysSince >= staleAfterDays };
    })
    .sort((a, b) => (a.lastVisit ?? "") < (b.lastVisit ?? "") ? -1 : (a.lastVisit ?? "") > (b.lastVisit ?? "") ? 1 : a.name.localeCompare(b.name, "zh-CN"));
  return { organizations, stale: organizations.filter((o) => o.stale).length };
}
