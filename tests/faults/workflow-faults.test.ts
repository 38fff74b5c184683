/**
 * The workflows survive kill -9 of the server (ADR 012). The real server (scripts/serve.ts, the
 * built app) runs on a database that outlives it; it is killed with SIGKILL and started again, and
 * recovery (at start-up and in its sweeps, with nobody opening a page) must leave every case's
 * cache equal to its log, every committed step's effects done exactly once in effect, and nothing
 * done for a step that never committed, as the consistency checker sees it.
 *
 * 1. Deterministic crash points: the server kills itself at each window of a transition
 *    (WORKFLOW_CRASH_AT, honoured only under NODE_ENV=test), each on another write path.
 * 2. An effect the dead server had claimed, settled by start-up recovery once the claim runs out.
 * 3. 30 simultaneous approvals cut by kill -9 (what lost 23 organizations before ADR 012).
 * 4. Rounds of bursts on every main write path with kill -9 at a random moment (`npm run chaos`
 *    runs as many rounds as asked).
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Disbursement } from "@models/disbursement";
import { JudgeAssignment } from "@models/judge-assignment";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { WorkflowTransition } from "@models/workflow-transition";
import { CreditListing } from "@models/credit-listing";
import { WorkflowEffect } from "@models/workflow-effect";
import { validateUscc } from "~/domain/uscc";
import { checkConsistency } from "~/workflow/consistency.server";
import type { CrashPoint } from "~/workflow/crash-points.server";
import { registrationsInReview, WRITE_PATHS, type RoundContext } from "../../scripts/chaos/paths";
import { prepareRun, runChaosRound, waitUntilConsistent, type RunContext } from "../../scripts/chaos/rounds";
import { openWorld, post, type World } from "../../scripts/chaos/world";

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 3);
let world: World;
let run: RunContext;

beforeAll(async () => {
  world = await openWorld();
  run = await prepareRun(world);
});

afterAll(async () => {
  await world?.close();
});

/** The effect claims of cases still owing something, for a failure message: attempts and their errors. */
async function claimsOf(problems: { caseId?: string }[]): Promise<string> {
  const caseIds = [...new Set(problems.map((p) => p.caseId).filter((id): id is string => Boolean(id)))];
  if (caseIds.length === 0) return "";
  const claims = await WorkflowEffect.find({ caseId: mongoose.trusted({ $in: caseIds.map(oid) }) }, { _id: 0, caseId: 1, seq: 1, name: 1, attempt: 1, claimedAt: 1, doneAt: 1, error: 1 }).lean();
  return JSON.stringify(claims.filter((c) => !c.doneAt || c.error));
}

const count = (model: { countDocuments(filter: object): Promise<number> }, filter: object) => model.countDocuments(filter);
const oid = (id: string) => new mongoose.Types.ObjectId(id);
const loggedCount = (caseIds: string[], event: string) => count(WorkflowTransition, { caseId: mongoose.trusted({ $in: caseIds.map(oid) }), event });

/**
 * One click per crash point, each on a write path whose step has an effect, each event its own
 * (the server dies only at its point, for its event, so the next server, started with the next
 * point, recovers the previous case without dying on it).
 */
const CRASHES: { point: CrashPoint; path: string; event: string; committed: boolean; effectDone: (caseIds: string[]) => Promise<boolean> }[] = [
  {
    point: "afterPending",
    path: "registration approve",
    event: "APPROVE",
    committed: false,
    effectDone: async ([id]) => (await count(Organization, { registrationCaseId: oid(id!) })) === 1,
  },
  {
    point: "afterLog",
    path: "deregistration",
    event: "START_LIQUIDATION",
    committed: true,
    effectDone: async ([id]) => (await Organization.findById((await WorkflowCase.findById(id, { organizationId: 1 }).lean())!.organizationId, { status: 1 }).lean())?.status === "exiting",
  },
  {
    point: "afterCache",
    path: "credit listing",
    event: "ESCALATE",
    committed: true,
    effectDone: async ([id]) => {
      const c = (await WorkflowCase.findById(id, { organizationId: 1 }).lean())!;
      return (await count(CreditListing, { organizationId: c.organizationId, reason: "rectificationNotDone" })) >= 1;
    },
  },
  {
    point: "effectClaimed",
    path: "tranche payment",
    event: "RECORD_TRANCHE",
    committed: true,
    effectDone: async (ids) => (await count(Disbursement, { entryId: mongoose.trusted({ $in: ids.slice(1).map(oid) }), trancheIndex: 0 })) === 1,
  },
  {
    point: "effectRan",
    path: "judge assignment",
    event: "AUTO_ASSIGN",
    committed: true,
    effectDone: async ([id]) => (await count(JudgeAssignment, { competitionId: oid(id!), status: "active" })) === 9,
  },
];

describe("a server killed at each window of a transition", () => {
  it("recovers every window: a step that never committed does nothing, a committed one is finished exactly once", async () => {
    const cases: { crash: (typeof CRASHES)[number]; caseIds: string[]; loggedBefore: number }[] = [];
    for (const [k, crash] of CRASHES.entries()) {
      // This server dies at this crash point; it also recovers the previous crash's case at start.
      await world.kill();
      await world.start({ WORKFLOW_CRASH_AT: `${crash.point}:${crash.event}` });
      const path = WRITE_PATHS.find((p) => p.name === crash.path)!;
      const context: RoundContext = { baseUrl: world.baseUrl, round: 100 + k, label: `${run.runLabel}点${k}`, userKey: `${run.runId}p${k}`, regulatorCookie: run.regulatorCookie, competitors: run.competitors, clicks: 1 };
      const burst = await path.prepare(context);
      // Preparing some paths logs the same event on other cases of the burst: only the click's counts.
      const loggedBefore = await loggedCount(burst.caseIds, crash.event);
      // One click of the path's step (the first of its kind): the server dies inside it.
      const statuses: (number | null)[] = [];
      for (const click of burst.clicks) {
        statuses.push(await click.fire());
        if (!world.running() || (await world.waitForExit(500))) break;
      }
      expect(await world.waitForExit(30_000), `the server should have died at ${crash.point} (the clicks were answered ${JSON.stringify(statuses)}): ${world.output().slice(-2000)}`).toBe(true);
      expect(statuses.at(-1), "the click that killed it got no answer").toBeNull();
      cases.push({ crash, caseIds: burst.caseIds, loggedBefore });
    }
    await world.start();
    for (const { crash, caseIds, loggedBefore } of cases) {
      const { problems } = await waitUntilConsistent(caseIds, 120_000);
      expect(problems, `after ${crash.point}: ${await claimsOf(problems)}`).toEqual([]);
      const logged = (await loggedCount(caseIds, crash.event)) - loggedBefore;
      expect(logged, `${crash.event} logged by the click cut at ${crash.point}`).toBe(crash.committed ? 1 : 0);
      expect(await crash.effectDone(caseIds), `the effect of ${crash.event} after ${crash.point}`).toBe(crash.committed);
    }
  });
});

describe("an effect the killed server had claimed", () => {
  it("is settled by the restarted server once the claim runs out, with no sweep running", async () => {
    // Claims last 20 s here and the restart takes less, so start-up recovery finds the claim still
    // held by the dead process; sweeps are off, so only start-up recovery's second look can settle it.
    const env = { SWEEP_INTERVAL_SECONDS: "0", WORKFLOW_EFFECT_TIMEOUT_SECONDS: "20" };
    await world.kill();
    await world.start({ ...env, WORKFLOW_CRASH_AT: "effectClaimed:APPROVE" });
    const [id] = await registrationsInReview(`${run.runLabel}认领`, 1);
    const status = await post(world.baseUrl, run.regulatorCookie, `/registrations/${id!}`, { intent: "APPROVE", seq: 2, comment: "材料齐全，准予登记" });
    expect(await world.waitForExit(30_000), `the server should have died with the effect claimed (answered ${status})`).toBe(true);
    const killedAt = Date.now();
    await world.start(env);
    let settledAfterMs: number | null = null;
    while (Date.now() - killedAt < 60_000) {
      if ((await count(Organization, { registrationCaseId: oid(id!) })) === 1) {
        settledAfterMs = Date.now() - killedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`claimed effect settled ${settledAfterMs} ms after the kill`);
    expect(settledAfterMs, `the organization of case ${id!} (server output: ${world.output().slice(-1500)})`).not.toBeNull();
    // The step's other effects (its documents) finish in the same pass, just after the organization.
    const { problems } = await waitUntilConsistent([id!], 15_000);
    expect(problems, await claimsOf(problems)).toEqual([]);
    await world.kill();
    await world.start();
  });
});

describe("bursts of concurrent clicks on every write path, the server killed at a random moment", () => {
  it(`recovers after each of ${ROUNDS} rounds with nothing lost, doubled or half done`, async () => {
    const durations: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // The first round's kill comes right after its burst (measuring one); the others cut into theirs.
      const result = await runChaosRound(world, run, round, { clicks: 3, killWithinMs: durations.length ? durations[0]! : null });
      if (!result.cutMidBurst) durations.push(result.burstMs);
      console.log(`fault round ${round}: ${result.clicks} clicks, killed after ${result.killAfterMs} ms, ${result.unanswered} unanswered, the crash left ${JSON.stringify(result.found)}, consistent ${result.recoverMs} ms after the restart`);
      expect(result.problems, `round ${round}`).toEqual([]);
    }
    const final = await checkConsistency();
    expect(final.problems).toEqual([]);
    expect(final.duplicates).toMatchObject({ organizations: 0, listings: 0, disbursements: 0, assignments: 0 });
  });
});

describe("30 simultaneous approvals cut by kill -9", () => {
  it("leaves every approved case with its organization, credit code and finished effect, and nothing for the others", async () => {
    const ids = await registrationsInReview(`${run.runLabel}批量`, 30);
    const approvals = { caseId: mongoose.trusted({ $in: ids.map(oid) }), event: "APPROVE" };
    const answers = Promise.all(ids.map((id) => post(world.baseUrl, run.regulatorCookie, `/registrations/${id}`, { intent: "APPROVE", seq: 2, comment: "材料齐全，准予登记" })));
    // The kill falls once the first approval has committed, at a random moment up to half a second
    // later (the report that found the loss killed 270–820 ms into the burst).
    while ((await count(WorkflowTransition, approvals)) === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 500)));
    await world.kill();
    const statuses = await answers;
    await world.start();
    const { problems } = await waitUntilConsistent(ids, 120_000);
    expect(problems, await claimsOf(problems)).toEqual([]);

    const approved = (await WorkflowTransition.find(approvals, { caseId: 1, seq: 1, effects: 1 }).lean()) as unknown as { caseId: mongoose.Types.ObjectId; seq: number; effects: string[] }[];
    console.log(`30 approvals: ${approved.length} committed, ${statuses.filter((s) => s === null).length} clicks unanswered at the kill`);
    expect(approved.length).toBeGreaterThanOrEqual(1);
    const approvedIds = new Set(approved.map((a) => String(a.caseId)));
    for (const step of approved) {
      const organizations = await Organization.find({ registrationCaseId: step.caseId }, { uscc: 1 }).lean();
      expect(organizations, `the organization of case ${String(step.caseId)}`).toHaveLength(1);
      expect(validateUscc(organizations[0]!.uscc ?? ""), `its credit code ${organizations[0]!.uscc}`).toMatchObject({ ok: true });
      for (const name of step.effects) {
        expect(await count(WorkflowEffect, { caseId: step.caseId, seq: step.seq, name, doneAt: mongoose.trusted({ $ne: null }) }), `effect ${name} of case ${String(step.caseId)}`).toBeGreaterThanOrEqual(1);
      }
      expect((await WorkflowCase.findById(step.caseId, { state: 1 }).lean())!.state).toBe("registered");
    }
    for (const id of ids.filter((id) => !approvedIds.has(id))) {
      expect(await count(Organization, { registrationCaseId: oid(id) }), `no organization for the unapproved case ${id}`).toBe(0);
    }
  });
});
