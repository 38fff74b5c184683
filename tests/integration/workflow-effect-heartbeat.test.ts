/**
 * A slow effect's claim is refreshed while its handler runs (ADR 012). On the embedded database an
 * update rewrites the whole claim, so a refresh still on its way when the handler finishes could
 * write the claim back without its done mark; the step's outbox row is gone by then, recovery reads
 * only the outbox, and the effect would stay owed forever (what left two registration decisions
 * unissued after 30 approvals and a kill -9). Handlers here finish just after a refresh has left.
 */
import mongoose from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { setup } from "xstate";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowPendingStep } from "@models/workflow-pending-step";
import { env } from "~/env.server";
import { checkConsistency } from "~/workflow/consistency.server";
import { createCase, defineWorkflow, registerWorkflow, recoverPendingSteps, sendEvent, type Actor } from "~/workflow/engine.server";

// A one-second claim timeout: a refresh every third of a second. Set before anything reads the
// environment (each test file has modules of its own) and put back for the files after this one.
const savedTimeout = process.env.WORKFLOW_EFFECT_TIMEOUT_SECONDS;
process.env.WORKFLOW_EFFECT_TIMEOUT_SECONDS = "1";
afterAll(() => {
  if (savedTimeout === undefined) delete process.env.WORKFLOW_EFFECT_TIMEOUT_SECONDS;
  else process.env.WORKFLOW_EFFECT_TIMEOUT_SECONDS = savedTimeout;
});

const REGULATOR: Actor = { userId: null, name: "审查员", role: "regulator" };
const REFRESH_MS = 1000 / 3;
const CASES = 24;

registerWorkflow(
  defineWorkflow({
    kind: "heartbeatTestSteps",
    machine: setup({ types: { events: {} as { type: "DECIDE"; at: string } }, actions: { issue: () => {} } }).createMachine({
      id: "heartbeatTestSteps",
      initial: "open",
      states: { open: { on: { DECIDE: { target: "decided", actions: ["issue"] } } }, decided: { type: "final" } },
    }),
    version: 1,
    effects: {
      // Like rendering a document: longer than one refresh, ending a few milliseconds after it.
      issue: () => new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 3)),
    },
  }),
);

describe("a slow effect's claim refreshed while its handler runs", () => {
  it("keeps its done mark, so no step whose outbox row is gone still owes the effect", async () => {
    expect(env().WORKFLOW_EFFECT_TIMEOUT_SECONDS).toBe(1);
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) ids.push(String((await createCase({ kind: "heartbeatTestSteps", input: {}, title: `心跳测试${i}`, actor: REGULATOR }))._id));
    await Promise.all(ids.map((id) => sendEvent(id, { type: "DECIDE" }, { actor: REGULATOR })));
    await recoverPendingSteps();

    const objectIds = ids.map((id) => new mongoose.Types.ObjectId(id));
    expect(await WorkflowPendingStep.countDocuments({ caseId: mongoose.trusted({ $in: objectIds }) })).toBe(0);
    const unmarked = await WorkflowEffect.find({ caseId: mongoose.trusted({ $in: objectIds }), doneAt: null }, { caseId: 1, attempt: 1, claimedAt: 1 }).lean();
    expect(unmarked, "claims whose done mark was lost").toEqual([]);
    expect((await checkConsistency({ caseIds: ids })).problems).toEqual([]);
  });
});
