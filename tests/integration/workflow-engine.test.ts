/**
 * The workflow engine on the real embedded database: serialization through the transition log,
 * roll-forward after a crash, loud failure on unknown versions, idempotent effects and sweeps.
 */
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowTransition } from "@models/workflow-transition";
import { REGISTRATION_KIND } from "~/registration/registration-workflow.server";
import { ANNUAL_REPORT_KIND } from "~/daily-gate/annual-report-workflow.server";
import { caseHistory, createCase, createCases, loadCase, recoverPendingSteps, sendEvent, sendEventToMany, sweepDeadlines, WorkflowError, type Actor } from "~/workflow/engine.server";

const APPLICANT: Actor = { userId: null, name: "申请人", role: "applicant" };
const REGULATOR: Actor = { userId: null, name: "审查员", role: "regulator" };
let counter = 0;

async function caseInReview(orgType: "socialServiceAgency" | "socialGroup" = "socialServiceAgency") {
  counter++;
  const name = `银川市引擎测试${counter}服务中心`;
  const created = await createCase({
    kind: REGISTRATION_KIND,
    input: { orgType, proposedName: name },
    title: name,
    data: {
      application: {
        proposedName: name,
        orgType,
        district: "640106",
        domicile: "银川市金凤区测试路1号",
        legalRepresentative: "王测试",
        registeredCapital: "30000",
        businessScope: "社区服务",
        sponsoringUnit: "",
        contactPhone: "0951-1234567",
      },
    },
    actor: APPLICANT,
  });
  const id = String(created._id);
  await sendEvent(id, { type: "SUBMIT", complete: true }, { actor: APPLICANT });
  await sendEvent(id, { type: "ACCEPT" }, { actor: REGULATOR });
  return id;
}

describe("workflow engine", () => {
  it("logs every transition with who, when, from, to and the comment", async () => {
    const id = await caseInReview();
    await sendEvent(id, { type: "RECORD_SPONSOR_OPINION", opinion: "同意" }, { actor: REGULATOR, comment: "已电话核实" });
    const history = await caseHistory(id);
    expect(history.map((h) => [h.seq, h.event, h.from, h.to])).toEqual([
      [0, "CREATE", "", "draft"],
      [1, "SUBMIT", "draft", "submitted"],
      [2, "ACCEPT", "submitted", "review"],
      [3, "RECORD_SPONSOR_OPINION", "review", "review"],
    ]);
    expect(history[3]).toMatchObject({ actor: { name: "审查员", role: "regulator" }, comment: "已电话核实" });
    expect((await WorkflowCase.findById(id).lean())?.dueAt).toBeInstanceOf(Date);
  });

  it("refuses an event the machine does not accept, naming the rule", async () => {
    const id = await caseInReview();
    await expect(sendEvent(id, { type: "SUBMIT", complete: true }, { actor: APPLICANT })).rejects.toMatchObject({
      code: "refused",
      messageKey: "workflow.error.notAllowedHere",
    });
    await expect(sendEvent(id, { type: "DENY", reason: "" }, { actor: REGULATOR })).rejects.toMatchObject({
      code: "refused",
      messageKey: "workflow.guard.hasReason",
    });
    expect(await WorkflowTransition.countDocuments({ caseId: id })).toBe(3);
  });

  it("makes exactly one transition out of 20 concurrent identical approvals; the rest get a conflict", async () => {
    const id = await caseInReview();
    const { workflowCase } = await loadCase(id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, expectedSeq: workflowCase.seq })),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const r of rejected) expect(r.reason).toMatchObject({ code: "conflict", messageKey: "workflow.error.conflict" });
    expect(await WorkflowTransition.countDocuments({ caseId: id, event: "APPROVE" })).toBe(1);
    expect((await loadCase(id)).workflowCase.state).toBe("registered");
    // The side effect ran once: one organization, one effect claim.
    expect(await WorkflowEffect.countDocuments({ caseId: id, name: "registerOrganization" })).toBe(1);
    const registered = await WorkflowCase.findById(id, { organizationId: 1 }).lean();
    expect(await Organization.countDocuments({ _id: registered!.organizationId })).toBe(1);
  });

  it("rolls a case forward from the log after a crash between the log insert and the case update", async () => {
    const id = await caseInReview();
    await expect(sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, crashAt: "afterLog" })).rejects.toThrow("simulated crash");
    expect((await WorkflowCase.findById(id).lean())?.state).toBe("review"); // the cache is behind
    // The history already shows the logged step: it reads past the cache's seq.
    expect((await caseHistory(id)).map((h) => h.event).at(-1)).toBe("APPROVE");
    const { workflowCase } = await loadCase(id);
    expect(workflowCase.state).toBe("registered");
    expect((await WorkflowCase.findById(id).lean())?.state).toBe("registered");
    // The effect of the rolled-forward transition ran: the organization is in the register.
    const organizationId = (await WorkflowCase.findById(id, { organizationId: 1 }).lean())?.organizationId;
    expect(organizationId).toBeTruthy();
    expect(await Organization.countDocuments({ _id: organizationId })).toBe(1);
  });

  it("fails loudly when a stored snapshot has an unknown machine version", async () => {
    const id = await caseInReview();
    await WorkflowCase.updateOne({ _id: id }, { $set: { machineVersion: 99 } });
    try {
      await expect(loadCase(id)).rejects.toBeInstanceOf(WorkflowError);
      await expect(loadCase(id)).rejects.toMatchObject({ code: "unknownVersion" });
    } finally {
      // Left behind, the case would make every later sweep in this file log a failure.
      await WorkflowCase.deleteOne({ _id: id });
      await WorkflowTransition.deleteMany({ caseId: id });
    }
  });

  it("answers 404-style for an unknown or malformed case id", async () => {
    await expect(loadCase("000000000000000000000000")).rejects.toMatchObject({ code: "notFound" });
    await expect(loadCase("not-an-id")).rejects.toMatchObject({ code: "notFound" });
  });

  it("sends each run-out clock one DEADLINE_PASSED even with two sweepers at once, and nothing on a second sweep", async () => {
    const ids = [await caseInReview(), await caseInReview()];
    const later = new Date(Date.now() + 61 * 86_400_000);
    const [a, b] = await Promise.all([sweepDeadlines(later), sweepDeadlines(later)]);
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      expect(await WorkflowTransition.countDocuments({ caseId: id, event: "DEADLINE_PASSED" })).toBe(1);
      expect((await loadCase(id)).snapshot.context.overdue).toBe(true);
    }
    await sweepDeadlines(new Date(later.getTime() + 86_400_000));
    for (const id of ids) expect(await WorkflowTransition.countDocuments({ caseId: id, event: "DEADLINE_PASSED" })).toBe(1);
  });

  it("moves a batch of cases each by its own snapshot: equal states alike, different ones apart, the not-yet-due left alone", async () => {
    const input = (year: number, registryDeadline: string) => ({ year, sponsorDeadline: `${year + 1}-03-31T15:59:59.999Z`, registryDeadline });
    const items = [
      ...[1, 2, 3].map((n) => ({ caseKey: `batch-test:2020:${n}`, input: input(2020, "2021-05-31T15:59:59.999Z"), title: `2020-${n}` })),
      { caseKey: "batch-test:2021:1", input: input(2021, "2022-05-31T15:59:59.999Z"), title: "2021-1" },
      { caseKey: "batch-test:2030:1", input: input(2030, "2031-05-31T15:59:59.999Z"), title: "2030-1" },
    ];
    expect(await createCases(ANNUAL_REPORT_KIND, items, { actor: REGULATOR })).toEqual({ created: 5, existing: 0 });
    const cases = await WorkflowCase.find({ caseKey: mongoose.trusted({ $in: items.map((i) => i.caseKey) }) }).lean();
    const byTitle = new Map(cases.map((c) => [c.title, String(c._id)]));
    const result = await sendEventToMany([...byTitle.values()], { type: "DEADLINE_PASSED" }, { actor: REGULATOR, now: new Date("2023-01-01T00:00:00Z") });
    expect(result).toEqual({ sent: 4, skipped: 1 });
    for (const [title, id] of byTitle) {
      const { workflowCase, snapshot } = await loadCase(id);
      const due = !title.startsWith("2030");
      expect(workflowCase.state).toBe(due ? "overdue" : "draft");
      expect(snapshot.context.year).toBe(Number(title.slice(0, 4)));
      expect(snapshot.context.registryDeadline).toBe(items.find((i) => i.title === title)!.input.registryDeadline);
      expect(await WorkflowTransition.countDocuments({ caseId: id, event: "DEADLINE_PASSED" })).toBe(due ? 1 : 0);
    }
  });

  it("re-runs an effect whose process died before it finished, without doubling its work", async () => {
    const id = await caseInReview();
    await expect(sendEvent(id, { type: "APPROVE" }, { actor: REGULATOR, crashAt: "effectRan" })).rejects.toThrow("simulated crash");
    const organizationId = (await WorkflowCase.findById(id, { organizationId: 1 }).lean())?.organizationId;
    expect(organizationId).toBeTruthy(); // the handler ran; its claim is not marked done
    // A live claim is left alone; once it is older than the claim timeout, recovery takes it over.
    expect((await recoverPendingSteps()).waiting).toBeGreaterThanOrEqual(1);
    await WorkflowEffect.updateOne({ caseId: id, name: "registerOrganization" }, { $set: { claimedAt: new Date(Date.now() - 120_000) } });
    expect((await recoverPendingSteps()).settled).toBeGreaterThanOrEqual(1);
    const claims = await WorkflowEffect.find({ caseId: id, name: "registerOrganization" }).sort({ attempt: 1 }).lean();
    expect(claims.map((c) => [c.attempt, Boolean(c.doneAt)])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(await Organization.countDocuments({ name: (await WorkflowCase.findById(id).lean())!.title })).toBe(1);
    expect((await WorkflowCase.findById(id, { organizationId: 1 }).lean())?.organizationId).toEqual(organizationId);
  });
});

describe("creating cases by natural key", () => {
  it("creates one case for concurrent creations with the same key, and says which call created it", async () => {
    const make = () =>
      createCase({
        kind: REGISTRATION_KIND,
        caseKey: "registration:test-natural-key",
        input: { orgType: "foundation", proposedName: "银川市唯一键测试基金会" },
        title: "银川市唯一键测试基金会",
        actor: APPLICANT,
      });
    const results = await Promise.all([make(), make(), make(), make(), make()]);
    expect(new Set(results.map((r) => String(r._id))).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await WorkflowCase.countDocuments({ caseKey: "registration:test-natural-key" })).toBe(1);
  });
});
