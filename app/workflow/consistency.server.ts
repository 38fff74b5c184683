/**
 * The consistency checker (ADR 012): after a crash and recovery, does every case's cache equal its
 * log, has every committed step's side effect run (and left its result), has nothing run for a step
 * that never committed, and is nothing doubled? Used by the fault-injection tests and
 * `npm run chaos`; an operator may run it too (`npm run chaos -- --check-only`). It reads whole
 * collections: a check, not a page.
 */
import mongoose from "mongoose";
import { Competition } from "@models/competition";
import { CreditListing } from "@models/credit-listing";
import { Disbursement } from "@models/disbursement";
import { JudgeAssignment } from "@models/judge-assignment";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowPendingStep } from "@models/workflow-pending-step";
import { WorkflowTransition } from "@models/workflow-transition";
import type { JudgePlanLine } from "@machines/competition.machine";
import { validateUscc } from "~/domain/uscc";
import { workflowDefinition, type TransitionRecord } from "./engine.server";

export interface ConsistencyProblem {
  rule: string;
  caseId: string;
  kind: string;
  detail: string;
}

export interface ConsistencyReport {
  cases: number;
  steps: number;
  /** Outbox rows of attempts that never committed (a crash before the log insert): harmless, counted. */
  abandonedAttempts: number;
  problems: ConsistencyProblem[];
  /** Things that exist more than once and should exist once. */
  duplicates: { organizations: number; listings: number; disbursements: number; assignments: number; effectCompletions: number; effectCompletionsByName: Record<string, number> };
}

type CaseRow = { _id: mongoose.Types.ObjectId; kind: string; seq: number; state: string; snapshot: unknown; machineVersion: number; organizationId?: mongoose.Types.ObjectId | null; data?: unknown };
type LogRow = TransitionRecord & { nonce?: string; effects?: string[] | null };

const oidList = (ids: string[]) => ids.map((id) => new mongoose.Types.ObjectId(id));

/** JSON with sorted keys: two snapshots equal in content compare equal whatever their key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date) && !(value instanceof mongoose.Types.ObjectId)) {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value instanceof mongoose.Types.ObjectId ? String(value) : value);
}

/** Checks the given cases (default: every case) and what their steps owe. */
export async function checkConsistency(options: { caseIds?: string[] } = {}): Promise<ConsistencyReport> {
  const scoped = options.caseIds ? { caseId: mongoose.trusted({ $in: oidList(options.caseIds) }) } : {};
  const cases = (await WorkflowCase.find(options.caseIds ? { _id: mongoose.trusted({ $in: oidList(options.caseIds) }) } : {}, { kind: 1, seq: 1, state: 1, snapshot: 1, machineVersion: 1, organizationId: 1, data: 1 }).lean()) as unknown as CaseRow[];
  const logs = (await WorkflowTransition.find(scoped).lean()) as unknown as LogRow[];
  const claims = await WorkflowEffect.find(scoped, { caseId: 1, seq: 1, name: 1, attempt: 1, doneAt: 1 }).lean();
  const outbox = await WorkflowPendingStep.find(scoped).lean();
  const problems: ConsistencyProblem[] = [];
  const duplicates: ConsistencyReport["duplicates"] = { organizations: 0, listings: 0, disbursements: 0, assignments: 0, effectCompletions: 0, effectCompletionsByName: {} };
  const caseById = new Map(cases.map((c) => [String(c._id), c]));
  const problem = (rule: string, caseId: string, detail: string) => problems.push({ rule, caseId, kind: caseById.get(caseId)?.kind ?? "", detail });

  const logsByCase = new Map<string, LogRow[]>();
  for (const row of logs) {
    const list = logsByCase.get(String(row.caseId)) ?? [];
    list.push(row);
    logsByCase.set(String(row.caseId), list);
  }
  const logOf = new Map(logs.map((row) => [`${String(row.caseId)}:${row.seq}`, row]));

  // 1. The cache equals the last step of a gapless log.
  for (const c of cases) {
    const id = String(c._id);
    const steps = (logsByCase.get(id) ?? []).sort((a, b) => a.seq - b.seq);
    if (steps.some((s, i) => s.seq !== i)) problem("logGap", id, `log seqs ${steps.map((s) => s.seq).join(",")}`);
    const last = steps.at(-1);
    if (!last) {
      problem("logMissing", id, "no log row at all");
      continue;
    }
    if (c.seq < last.seq) problem("cacheBehindLog", id, `cache at seq ${c.seq} (${c.state}), log at ${last.seq} (${last.to})`);
    else if (c.seq > last.seq) problem("cacheAheadOfLog", id, `cache at seq ${c.seq}, log at ${last.seq}`);
    else if (c.state !== last.to || (c.machineVersion === last.machineVersion && stable(c.snapshot) !== stable(last.snapshot))) {
      problem("cacheDiffersFromLog", id, `cache ${c.state} vs log ${last.to} at seq ${c.seq}`);
    }
  }

  // 2. What committed steps owe: settled outbox, a done claim per effect, nothing for uncommitted steps.
  let abandonedAttempts = 0;
  for (const row of outbox) {
    const logged = logOf.get(`${String(row.caseId)}:${row.seq}`);
    if (!logged) abandonedAttempts++;
    else if ((logged.nonce ?? "") === row.nonce) problem("stepUnsettled", String(row.caseId), `step ${row.seq} (${logged.event}) still owes ${row.effects.join(", ") || "its cache"}`);
    else problem("strayOutboxRow", String(row.caseId), `a losing attempt's outbox row for step ${row.seq} was never dropped`);
  }
  const claimsOf = new Map<string, typeof claims>();
  for (const claim of claims) {
    const key = `${String(claim.caseId)}:${claim.seq}:${claim.name}`;
    claimsOf.set(key, [...(claimsOf.get(key) ?? []), claim]);
    const logged = logOf.get(`${String(claim.caseId)}:${claim.seq}`);
    if (!logged || (Array.isArray(logged.effects) && !logged.effects.includes(claim.name))) {
      problem("effectOfUncommittedStep", String(claim.caseId), `effect ${claim.name} claimed for step ${claim.seq}, which never committed it`);
    }
  }
  for (const list of claimsOf.values()) {
    const completions = list.filter((c) => c.doneAt).length;
    if (completions > 1) {
      // Two attempts both finished: a slow process outlived its claim. Harmless (handlers are
      // idempotent), but counted: it means the claim timeout is short for this machine.
      duplicates.effectCompletions += completions - 1;
      duplicates.effectCompletionsByName[list[0]!.name] = (duplicates.effectCompletionsByName[list[0]!.name] ?? 0) + completions - 1;
    }
  }
  for (const logged of logs) {
    if (!Array.isArray(logged.effects)) continue; // written before steps named their effects
    const id = String(logged.caseId);
    const kind = caseById.get(id)?.kind;
    if (!kind) continue;
    const handlers = workflowDefinition(kind).effects ?? {};
    for (const name of logged.effects) {
      if (!handlers[name]) continue;
      if (!(claimsOf.get(`${id}:${logged.seq}:${name}`) ?? []).some((c) => c.doneAt)) problem("effectNotDone", id, `step ${logged.seq} (${logged.event}) owes ${name}`);
    }
  }

  // 3. The effects' results, per gate.
  const stepsWith = (effect: string) => logs.filter((l) => Array.isArray(l.effects) && l.effects.includes(effect));
  await checkRegistrations(cases, stepsWith("registerOrganization"), problem, duplicates);
  await checkListings(caseById, [...stepsWith("listLateReport"), ...stepsWith("listRectificationNotDone")], problem, duplicates);
  await checkExits(cases, logsByCase, problem);
  await checkCompetitions(cases, logsByCase, problem, duplicates);
  await checkTranches(cases, logsByCase, problem, duplicates);

  return { cases: cases.length, steps: logs.length, abandonedAttempts, problems, duplicates };
}

type Report = (rule: string, caseId: string, detail: string) => void;

/** An approved registration has exactly one organization with a valid credit code, recorded on the case. */
async function checkRegistrations(cases: CaseRow[], approvals: LogRow[], problem: Report, duplicates: ConsistencyReport["duplicates"]) {
  const registrationIds = cases.filter((c) => c.kind === "registration").map((c) => c._id);
  if (registrationIds.length === 0) return;
  const organizations = await Organization.find({ registrationCaseId: mongoose.trusted({ $in: registrationIds }) }, { registrationCaseId: 1, uscc: 1 }).lean();
  const byCase = new Map<string, typeof organizations>();
  for (const o of organizations) byCase.set(String(o.registrationCaseId), [...(byCase.get(String(o.registrationCaseId)) ?? []), o]);
  const approved = new Set(approvals.map((a) => String(a.caseId)));
  for (const c of cases.filter((x) => x.kind === "registration")) {
    const id = String(c._id);
    const mine = byCase.get(id) ?? [];
    if (mine.length > 1) duplicates.organizations += mine.length - 1;
    if (!approved.has(id)) {
      if (mine.length > 0 && c.state !== "registered") problem("organizationWithoutApproval", id, `${mine.length} organization(s) for a case in ${c.state}`);
      continue;
    }
    if (mine.length !== 1) {
      problem("registrationOrganizations", id, `approved, with ${mine.length} organizations in the register`);
      continue;
    }
    const organization = mine[0]!;
    if (!validateUscc(organization.uscc).ok) problem("registrationCreditCode", id, `credit code ${organization.uscc} is not valid`);
    if (String(c.organizationId ?? "") !== String(organization._id)) problem("registrationCaseLink", id, "the case does not name its organization");
    if ((c.data as { uscc?: string } | undefined)?.uscc !== organization.uscc) problem("registrationCaseLink", id, "the case does not carry the organization's credit code");
  }
}

/** A step that lists an organization left exactly one listing under its natural key. */
async function checkListings(caseById: Map<string, CaseRow>, steps: LogRow[], problem: Report, duplicates: ConsistencyReport["duplicates"]) {
  if (steps.length === 0) return;
  const keys = new Map<string, string>();
  for (const step of steps) {
    const c = caseById.get(String(step.caseId));
    if (!c?.organizationId) continue;
    const year = (step.snapshot as { context: { year: number } }).context.year;
    const reason = step.effects!.includes("listLateReport") ? "lateAnnualReport" : "rectificationNotDone";
    keys.set(`abnormal:${String(c.organizationId)}:${reason}:${year}`, String(step.caseId));
  }
  const listings = await CreditListing.find({ listingKey: mongoose.trusted({ $in: [...keys.keys()] }) }, { listingKey: 1 }).lean();
  const count = new Map<string, number>();
  for (const l of listings) count.set(l.listingKey, (count.get(l.listingKey) ?? 0) + 1);
  for (const [key, caseId] of keys) {
    const n = count.get(key) ?? 0;
    if (n === 0) problem("listingMissing", caseId, `no listing ${key}`);
    if (n > 1) duplicates.listings += n - 1;
  }
}

const EXIT_EFFECT_STATUS: Record<string, { to: string; from?: string[] }> = {
  markExiting: { to: "exiting", from: ["registered"] },
  markDeregistered: { to: "deregistered" },
  restoreRegistered: { to: "registered", from: ["exiting"] },
  markRevoked: { to: "revoked" },
};

/** An organization with exit cases has the status their status effects, replayed in order, give it. */
async function checkExits(cases: CaseRow[], logsByCase: Map<string, LogRow[]>, problem: Report) {
  const exits = cases.filter((c) => (c.kind === "deregistration" || c.kind === "revocation") && c.organizationId);
  if (exits.length === 0) return;
  const organizations = await Organization.find({ _id: mongoose.trusted({ $in: [...new Set(exits.map((c) => String(c.organizationId)))].map((id) => new mongoose.Types.ObjectId(id)) }) }, { status: 1 }).lean();
  for (const organization of organizations) {
    const mine = exits.filter((c) => String(c.organizationId) === String(organization._id));
    const steps = mine.flatMap((c) => (logsByCase.get(String(c._id)) ?? []).filter((l) => Array.isArray(l.effects) && l.effects.some((e) => EXIT_EFFECT_STATUS[e])));
    if (steps.length === 0) continue;
    let expected = "registered";
    for (const step of steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq)) {
      for (const effect of step.effects!) {
        const rule = EXIT_EFFECT_STATUS[effect];
        if (rule && (!rule.from || rule.from.includes(expected))) expected = rule.to;
      }
    }
    if (organization.status !== expected) problem("exitStatus", String(mine[0]!._id), `organization is ${organization.status}, its exit steps make it ${expected}`);
  }
}

/** Entries follow their competition's steps; automatic assignment never fills an entry beyond its judges; planned assignments exist. */
async function checkCompetitions(cases: CaseRow[], logsByCase: Map<string, LogRow[]>, problem: Report, duplicates: ConsistencyReport["duplicates"]) {
  const competitions = cases.filter((c) => c.kind === "competition");
  if (competitions.length === 0) return;
  const entryRows = (await WorkflowCase.find({ kind: "competitionEntry", "data.competitionId": mongoose.trusted({ $in: competitions.map((c) => String(c._id)) }) }, { state: 1, data: 1 }).lean()) as unknown as CaseRow[];
  const settings = await Competition.find({ _id: mongoose.trusted({ $in: competitions.map((c) => c._id) }) }, { judging: 1 }).lean();
  const assignments = await JudgeAssignment.find({ competitionId: mongoose.trusted({ $in: competitions.map((c) => c._id) }) }, { entryId: 1, judgeId: 1, status: 1, automatic: 1 }).lean();
  const past = (state: string, states: string[]) => states.includes(state);
  for (const competition of competitions) {
    const id = String(competition._id);
    const entries = entryRows.filter((e) => (e.data as { competitionId?: string }).competitionId === id);
    const left = (states: string[]) => entries.filter((e) => states.includes(e.state)).length;
    const check = (when: string[], states: string[], effect: string) => {
      if (past(competition.state, when) && left(states) > 0) problem("entriesNotMoved", id, `${left(states)} entries still ${states.join("/")} after ${effect} (competition ${competition.state})`);
    };
    check(["screening", "judging", "ranking", "announcing", "finalized", "running", "archived"], ["submitted"], "screenEntries");
    check(["judging", "ranking", "announcing", "finalized", "running", "archived"], ["eligible"], "startEntryReview");
    check(["ranking", "announcing", "finalized", "running", "archived"], ["underReview"], "recordEntryScores");
    check(["announcing", "finalized", "running", "archived"], ["scored"], "decideEntries");
    check(["finalized", "running", "archived"], ["selected"], "awardEntries");

    const perEntry = settings.find((s) => String(s._id) === id)?.judging.judgesPerEntry ?? Infinity;
    const mine = assignments.filter((a) => entries.some((e) => String(e._id) === String(a.entryId)));
    const automaticActive = new Map<string, number>();
    for (const a of mine) if (a.status === "active" && a.automatic) automaticActive.set(String(a.entryId), (automaticActive.get(String(a.entryId)) ?? 0) + 1);
    for (const [entryId, n] of automaticActive) if (n > perEntry) problem("tooManyJudges", id, `entry ${entryId} has ${n} automatic judges, ${perEntry} are required`);
    const pairs = new Map(mine.map((a) => [`${String(a.entryId)}:${String(a.judgeId)}`, a]));
    const latest = new Map<string, string>();
    for (const step of (logsByCase.get(id) ?? []).sort((a, b) => a.seq - b.seq)) {
      const payload = step.payload as { plan?: JudgePlanLine[]; entryId?: string; judgeId?: string };
      if (step.event === "AUTO_ASSIGN" || step.event === "ASSIGN_JUDGE") for (const line of payload.plan ?? []) latest.set(`${line.entryId}:${line.judgeId}`, step.event);
      if (step.event === "UNASSIGN_JUDGE") latest.set(`${payload.entryId}:${payload.judgeId}`, step.event);
    }
    for (const [pair, event] of latest) {
      const row = pairs.get(pair);
      if (event === "UNASSIGN_JUDGE" && row?.status === "active") problem("assignmentNotRemoved", id, `judge assignment ${pair} is still active after UNASSIGN_JUDGE`);
      if (event !== "UNASSIGN_JUDGE" && !row) problem("assignmentMissing", id, `judge assignment ${pair} planned by ${event} does not exist`);
    }
    void duplicates; // (entry, judge) is one document by construction (derived _id)
  }
}

/** A paid tranche has exactly one disbursement, with the voucher of the step that paid it; nothing unpaid has one. */
async function checkTranches(cases: CaseRow[], logsByCase: Map<string, LogRow[]>, problem: Report, duplicates: ConsistencyReport["duplicates"]) {
  const entries = cases.filter((c) => c.kind === "competitionEntry");
  if (entries.length === 0) return;
  const rows = await Disbursement.find({ entryId: mongoose.trusted({ $in: entries.map((e) => e._id) }) }, { entryId: 1, trancheIndex: 1, voucherNumber: 1 }).lean();
  for (const entry of entries) {
    const id = String(entry._id);
    const paid = (entry.snapshot as { context: { paidTranches?: number[] } }).context.paidTranches ?? [];
    const mine = rows.filter((r) => String(r.entryId) === id);
    const payments = (logsByCase.get(id) ?? []).filter((l) => l.event === "RECORD_TRANCHE");
    for (const index of new Set([...paid, ...mine.map((r) => r.trancheIndex)])) {
      const recorded = mine.filter((r) => r.trancheIndex === index);
      if (recorded.length > 1) duplicates.disbursements += recorded.length - 1;
      if (!paid.includes(index)) problem("disbursementWithoutPayment", id, `tranche ${index + 1} has a disbursement but was never recorded as paid`);
      else if (recorded.length === 0) problem("disbursementMissing", id, `tranche ${index + 1} is paid with no disbursement`);
      const step = payments.filter((p) => (p.payload as { trancheIndex?: number }).trancheIndex === index).at(-1);
      const voucher = (step?.payload as { voucherNumber?: string } | undefined)?.voucherNumber;
      if (voucher && recorded[0] && recorded[0].voucherNumber !== voucher) problem("voucherMismatch", id, `tranche ${index + 1}: voucher ${recorded[0].voucherNumber} recorded, ${voucher} paid it`);
    }
  }
}
