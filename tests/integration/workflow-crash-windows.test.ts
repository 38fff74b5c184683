/**
 * A process dying at each window of a transition (ADR 012), on the real embedded database: the
 * engine's crash points leave the database exactly as a crash would, then recovery (the pass the
 * app runs at start-up and in every sweep) or the next write to the case must finish what was
 * committed, exactly once in effect, and nothing of what was not. The same windows with a real
 * kill -9 of the server are in tests/faults/.
 */
import mongoose from "mongoose";
import { beforeEach, describe, expect, it } from "vitest";
import { assign, setup } from "xstate";
import { CreditListing } from "@models/credit-listing";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowPendingStep } from "@models/workflow-pending-step";
import { WorkflowTransition } from "@models/workflow-transition";
import { ANNUAL_REPORT_KIND } from "~/daily-gate/annual-report-workflow.server";
import { REGISTRATION_KIND } from "~/registration/registration-workflow.server";
import { checkConsistency } from "~/workflow/consistency.server";
import { createCase, createCases, defineWorkflow, registerWorkflow, loadCase, recoverPendingSteps, sendEvent, sendEventToMany, sweepDeadlines, type Actor } from "~/workflow/engine.server";

const APPLICANT: Actor = { userId: null, name: "申请人", role: "applicant" };
const REGULATOR: Actor = { userId: null, name: "审查员", role: "regulator" };
const SECONDS = 1000;
let counter = 0;

async function registrationInReview() {
  counter++;
  const name = `银川市崩溃窗口测试${counter}服务中心`;
  const created = await createCase({
    kind: REGISTRATION_KIND,
    input: { orgType: "socialServiceAgency", proposedName: name },
    title: name,
    data: { application: { proposedName: name, orgType: "socialServiceAgency", district: "640106", domicile: "银川市金凤区测试路2号", legalRepresentative: "李测试", registeredCapital: "30000", businessScope: "社区服务", sponsoringUnit: "", contactPhone: "0951-7654321" } },
    actor: APPLICANT,
  });
  const id = String(created._id);
  await sendEvent(id, { type: "SUBMIT", complete: true }, { actor: APPLICANT });
  await sendEvent(id, { type: "ACCEPT" }, { actor: REGULATOR });
  return id;
}

const organizationsOf = (caseId: string) => Organization.countDocuments({ registrationCaseId: new mongoose.Types.ObjectId(caseId) });
const cacheOf = async (caseId: string) => (await WorkflowCase.findById(caseId, { state: 1, seq: 1 }).lean())!;
/** A claim as old as a dead process's: past the claim timeout, so recovery takes it over. */
const ageClaims = (caseId: string) => WorkflowEffect.updateMany({ caseId: new mongoose.Types.ObjectId(caseId) }, { $set: { claimedAt: new Date(Date.now() - 3600 * SECONDS) } });

async function expectConsistent(caseIds: string[]) {
  const report = await checkConsistency({ caseIds });
  expect(report.problems).toEqual([]);
}

// A tiny machine of our own, to watch what effect handlers see and in which order they run.
const ran: { caseId: string; seq: number; state: string; count: number }[] = [];
let failing = false;
const stepMachine = setup({
  types: { context: {} as { count: number }, events: {} as { type: "NEXT"; at: string } },
  actions: { bump: assign(({ context }) => ({ count: context.count + 1 })), note: () => {} },
}).createMachine({
  id: "crashTestSteps",
  initial: "a",
  context: { count: 0 },
  states: {
    a: { on: { NEXT: { target: "b", actions: ["bump", "note"] } } },
    b: { on: { NEXT: { target: "c", actions: ["bump", "note"] } } },
    c: { on: { NEXT: { target: "d", actions: ["bump", "note"] } } },
    d: { type: "final" },
  },
});
registerWorkflow(
  defineWorkflow({
    kind: "crashTestSteps",
    machine: stepMachine,
    version: 1,
    effects: {
      note: async ({ caseId, seq, workflowCase }) => {
        if (failing) throw new Error("the handler is failing on purpose");
        ran.push({ caseId, seq, state: workflowCase.state, count: (workflowCase.snapshot as { context: { count: number } }).context.count });
      },
    },
  }),
);
const stepCase = async () => String((await createCase({ kind: "crashTestSteps", input: {}, title: "步骤测试", actor: REGULATOR }))._id);

beforeEach(() => {
  ran.length = 0;
  failing = false;
});

describe("a crash at each window of a transition", () => {
  it("after the outbox row, before the log row: the step never committed and owes nothing; the next writer's step wins and the row is dropped", async () => {
    const id = await registrationInReview();
    await expect(sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, crashAt: "afterPending" })).rejects.toThrow("simulated crash");
    expect(await WorkflowTransition.countDocuments({ caseId: id, event: "APPROVE" })).toBe(0);
    expect(await WorkflowPendingStep.countDocuments({ caseId: id })).toBe(1);
    // Recovery finds the slot empty: it waits (a live writer may still commit) and runs nothing.
    expect((await recoverPendingSteps()).waiting).toBeGreaterThanOrEqual(1);
    expect(await organizationsOf(id)).toBe(0);
    expect((await cacheOf(id)).state).toBe("review");
    await expectConsistent([id]);
    // Another regulator approves: their attempt holds the slot, the dead one's row goes.
    await sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, expectedSeq: 2 });
    expect(await WorkflowPendingStep.countDocuments({ caseId: id })).toBe(0);
    expect(await organizationsOf(id)).toBe(1);
    await expectConsistent([id]);
  });

  it("after the log row: recovery alone (no page opened) brings the cache up and runs the effect once", async () => {
    const id = await registrationInReview();
    await expect(sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, crashAt: "afterLog" })).rejects.toThrow("simulated crash");
    expect((await cacheOf(id)).state).toBe("review");
    expect(await organizationsOf(id)).toBe(0);
    expect((await recoverPendingSteps()).settled).toBeGreaterThanOrEqual(1);
    expect(await cacheOf(id)).toMatchObject({ state: "registered", seq: 3 });
    expect(await organizationsOf(id)).toBe(1);
    expect(await WorkflowPendingStep.countDocuments({ caseId: id })).toBe(0);
    await recoverPendingSteps();
    expect(await organizationsOf(id)).toBe(1);
    await expectConsistent([id]);
  });

  it("after the log row: the next click on the case rolls it forward (it is not stuck answering conflict)", async () => {
    const id = await registrationInReview();
    // The crashed step is old enough that no live writer can still be finishing it.
    const earlier = new Date(Date.now() - 60 * SECONDS);
    await expect(sendEvent(id, { type: "RECORD_SPONSOR_OPINION", opinion: "同意" }, { actor: REGULATOR, now: earlier, crashAt: "afterLog" })).rejects.toThrow("simulated crash");
    // A page rendered from the stale cache (seq 2) loses to the logged step, and heals the case …
    await expect(sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, expectedSeq: 2 })).rejects.toMatchObject({ code: "conflict" });
    expect(await cacheOf(id)).toMatchObject({ state: "review", seq: 3 });
    // … so the page reloaded at seq 3 acts.
    await sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, expectedSeq: 3 });
    expect(await cacheOf(id)).toMatchObject({ state: "registered", seq: 4 });
    expect(await organizationsOf(id)).toBe(1);
    await expectConsistent([id]);
  });

  it("after the log row: the sweeper rolls a case forward and still sends its deadline", async () => {
    const id = await registrationInReview();
    await expect(sendEvent(id, { type: "RECORD_SPONSOR_OPINION", opinion: "同意" }, { actor: REGULATOR, crashAt: "afterLog" })).rejects.toThrow("simulated crash");
    const later = new Date(Date.now() + 61 * 86_400_000);
    const tally = await sweepDeadlines(later);
    expect(tally.sent).toBeGreaterThanOrEqual(1);
    const history = await WorkflowTransition.find({ caseId: id }, { event: 1, seq: 1 }).sort({ seq: 1 }).lean();
    expect(history.map((h) => h.event)).toEqual(["CREATE", "SUBMIT", "ACCEPT", "RECORD_SPONSOR_OPINION", "DEADLINE_PASSED"]);
    expect((await loadCase(id)).snapshot.context.overdue).toBe(true);
    expect((await cacheOf(id)).seq).toBe(4);
  });

  it("after the cache write: the effect is owed, and recovery runs it once", async () => {
    const id = await registrationInReview();
    await expect(sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, crashAt: "afterCache" })).rejects.toThrow("simulated crash");
    expect((await cacheOf(id)).state).toBe("registered");
    expect(await organizationsOf(id)).toBe(0);
    const report = await checkConsistency({ caseIds: [id] });
    expect(report.problems.map((p) => p.rule)).toContain("effectNotDone");
    await recoverPendingSteps();
    expect(await organizationsOf(id)).toBe(1);
    await expectConsistent([id]);
  });

  it("inside an effect, before its handler: a live claim is left alone; a dead one is taken over by exactly one process", async () => {
    const id = await registrationInReview();
    await expect(sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, crashAt: "effectClaimed" })).rejects.toThrow("simulated crash");
    expect((await recoverPendingSteps()).waiting).toBeGreaterThanOrEqual(1);
    expect(await organizationsOf(id)).toBe(0);
    await ageClaims(id);
    // Five recovery passes at once (instances of the app): the next attempt is one insert, one winner.
    await Promise.all(Array.from({ length: 5 }, () => recoverPendingSteps()));
    expect(await organizationsOf(id)).toBe(1);
    const claims = await WorkflowEffect.find({ caseId: id, name: "registerOrganization" }).sort({ attempt: 1 }).lean();
    expect(claims.map((c) => [c.attempt, Boolean(c.doneAt)])).toEqual([
      [0, false],
      [1, true],
    ]);
    await expectConsistent([id]);
  });

  it("a batch of annual reports cut after its log rows: recovery moves every cache and lists each organization once", async () => {
    const input = { year: 2019, sponsorDeadline: "2020-03-31T15:59:59.999Z", registryDeadline: "2020-05-31T15:59:59.999Z" };
    const registered = [];
    for (let n = 0; n < 3; n++) {
      const id = await registrationInReview();
      await sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR });
      registered.push(id);
    }
    const organizations = await Organization.find({ registrationCaseId: mongoose.trusted({ $in: registered.map((id) => new mongoose.Types.ObjectId(id)) }) }, { _id: 1, name: 1, uscc: 1 }).lean();
    expect(organizations.length).toBe(3);
    await createCases(
      ANNUAL_REPORT_KIND,
      organizations.map((o) => ({ caseKey: `crash-batch:${String(o._id)}`, input, title: o.name, organizationId: String(o._id), data: { uscc: o.uscc } })),
      { actor: REGULATOR },
    );
    const ids = (await WorkflowCase.find({ caseKey: mongoose.trusted({ $regex: "^crash-batch:" }) }, { _id: 1 }).lean()).map((c) => String(c._id));
    await expect(sendEventToMany(ids, { type: "DEADLINE_PASSED" }, { actor: REGULATOR, now: new Date("2021-01-01T00:00:00Z"), crashAt: "afterLog" })).rejects.toThrow("simulated crash");
    expect((await WorkflowCase.find({ _id: mongoose.trusted({ $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }) }, { state: 1 }).lean()).map((c) => c.state)).toEqual(["draft", "draft", "draft"]);
    // The next batch on the same cases loses to the logged steps and rolls them forward.
    expect((await sendEventToMany(ids, { type: "DEADLINE_PASSED" }, { actor: REGULATOR, now: new Date("2021-01-02T00:00:00Z") })).sent).toBe(0);
    for (const id of ids) expect((await cacheOf(id)).state).toBe("overdue");
    for (const o of organizations) expect(await CreditListing.countDocuments({ listingKey: `abnormal:${String(o._id)}:lateAnnualReport:2019` })).toBe(1);
    await expectConsistent(ids);
  });
});

describe("settling what a step owes", () => {
  it("hands each handler the case as of its step, and runs a case's effects in step order", async () => {
    const id = await stepCase();
    await expect(sendEvent(id, { type: "NEXT" }, { actor: REGULATOR, crashAt: "effectClaimed" })).rejects.toThrow("simulated crash");
    // Step 2 commits while step 1's effect is held by a (seemingly) live process: step 2's waits.
    await sendEvent(id, { type: "NEXT" }, { actor: REGULATOR });
    expect(ran).toEqual([]);
    await ageClaims(id);
    await recoverPendingSteps();
    expect(ran).toEqual([
      { caseId: id, seq: 1, state: "b", count: 1 },
      { caseId: id, seq: 2, state: "c", count: 2 },
    ]);
    await expectConsistent([id]);
  });

  it("carries on with the next case when one fails, and finishes the failed one once it works", async () => {
    const broken = await stepCase();
    const fine = await stepCase();
    const stranger = await stepCase();
    failing = true;
    await sendEvent(broken, { type: "NEXT" }, { actor: REGULATOR }); // committed; its effect failed
    failing = false;
    await expect(sendEvent(fine, { type: "NEXT" }, { actor: REGULATOR, crashAt: "afterCache" })).rejects.toThrow("simulated crash");
    await expect(sendEvent(stranger, { type: "NEXT" }, { actor: REGULATOR, crashAt: "afterCache" })).rejects.toThrow("simulated crash");
    // A case of a kind this process does not know cannot be settled: counted, and the pass goes on.
    await WorkflowCase.updateOne({ _id: stranger }, { $set: { kind: "noSuchKind" } });
    const pass = await recoverPendingSteps();
    expect(pass.failed).toBeGreaterThanOrEqual(1);
    expect(ran.filter((r) => r.caseId === fine).map((r) => r.seq)).toEqual([1]);
    expect(ran.filter((r) => r.caseId === broken)).toEqual([]); // its failed attempt waits out the claim timeout
    await ageClaims(broken);
    await recoverPendingSteps();
    expect(ran.filter((r) => r.caseId === broken).map((r) => r.seq)).toEqual([1]);
    await expectConsistent([broken, fine]);
  });

  it("ends equal to its log, each effect run once and in order, when page loads roll a case forward while it moves on", async () => {
    const id = await stepCase();
    await expect(sendEvent(id, { type: "NEXT" }, { actor: REGULATOR, now: new Date(Date.now() - 60 * SECONDS), crashAt: "afterLog" })).rejects.toThrow("simulated crash");
    // Page loads rolling the case forward race the next two steps.
    await Promise.all([
      ...Array.from({ length: 12 }, () => loadCase(id)),
      (async () => {
        await sendEvent(id, { type: "NEXT" }, { actor: REGULATOR });
        await sendEvent(id, { type: "NEXT" }, { actor: REGULATOR });
      })(),
    ]);
    await loadCase(id);
    expect(await cacheOf(id)).toMatchObject({ state: "d", seq: 3 });
    expect(ran.map((r) => r.seq)).toEqual([1, 2, 3]);
    await expectConsistent([id]);
  });
});
