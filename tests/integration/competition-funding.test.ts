/**
 * The post-award service on the real database: signing relies on a stored, non-deleted agreement;
 * concurrent report submissions make one transition; termination checks the clawback against
 * what was paid; completion needs every tranche; version-1 entries keep loading (upgraded).
 */
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { Attachment } from "@models/attachment";
import { User } from "@models/user";
import { WorkflowCase } from "@models/workflow-case";
import { WorkflowTransition } from "@models/workflow-transition";
import { recordAttachment } from "~/attachments/attachments.server";
import type { SessionUser } from "~/auth/guards.server";
import { recordDisbursement } from "~/competition/funding/payments.server";
import { ENTRY_KIND } from "~/domain/competition";
import { FUNDING_INTENTS, fundingAction, fundingPanel } from "~/competition/funding/funding.server";
import { parseCalendarDate } from "~/domain/calendar-date";
import { parseStep } from "~/forms/parse-form";
import { entriesOf } from "~/competition/ranking/ranking.server";
import { moveEntry } from "~/competition/effects.server";
import { loadCase } from "~/workflow/engine.server";
import { seedDemo } from "../../scripts/seed/demo";
import { awardedCompetition } from "../support/competition";

async function sessionUser(username: string): Promise<SessionUser> {
  const u = (await User.findOne({ username }).lean())!;
  return { id: String(u._id), username: u.username, displayName: u.displayName, role: u.role, organizationId: u.organizationId ? String(u.organizationId) : null, partyInstructorId: null };
}

/** A funding form as the entry page's route reads it. */
const form = (fields: Record<string, string | number>) => parseStep(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])), FUNDING_INTENTS);
/** A payment as the case page's route parses it. */
const payment = (fields: { entryId: string; trancheIndex: number; voucherNumber: string; paidOn: string }) => ({ ...fields, paidOn: parseCalendarDate(fields.paidOn)! });

let org: SessionUser;
let regulator: SessionUser;
let entryId = "";
let competitionId = "";

/** A file row on the entry (the bytes do not matter to these rules). */
async function attach(use: "agreement" | "midtermReport" | "finalReport", caseId = entryId, owner = org) {
  return recordAttachment({
    caseKind: ENTRY_KIND,
    caseId,
    organizationId: owner.organizationId,
    use,
    name: `${use}.pdf`,
    storedName: "a".repeat(64),
    adapter: "local",
    inspection: { size: 100, sha256: "a".repeat(64), kind: "pdf" },
    uploaderId: owner.id,
  });
}

beforeAll(async () => {
  await seedDemo(() => {});
  [org, regulator] = await Promise.all([sessionUser("org"), sessionUser("regulator")]);
  ({ id: competitionId } = await awardedCompetition({ label: `集成资助${Date.now() % 100000}`, organizationIds: [org.organizationId!] }));
  entryId = (await entriesOf(competitionId, ["awarded"])).find((e) => e.organizationId === org.organizationId)!.id;
}, 240_000);

describe("the post-award service", () => {
  it("signs only on a stored agreement that is not deleted, never on the form's word", async () => {
    const seq = () => loadCase(entryId).then((c) => c.workflowCase.seq);
    const refused = await fundingAction(org, entryId, form({ intent: "SIGN_AGREEMENT", seq: await seq(), agreementUploaded: "true" }));
    expect(refused).toMatchObject({ ok: false, status: 422, errors: { _form: "workflow.guard.agreementUploaded" } });
    const deleted = await attach("agreement");
    await Attachment.updateOne({ _id: deleted }, { $set: { status: "deleted" } });
    expect((await fundingAction(org, entryId, form({ intent: "SIGN_AGREEMENT", seq: await seq() }))).ok).toBe(false);
    // Another role cannot sign for the organization.
    expect(await fundingAction(regulator, entryId, form({ intent: "SIGN_AGREEMENT", seq: await seq() }))).toMatchObject({ ok: false, status: 403 });
    await attach("agreement");
    expect(await fundingAction(org, entryId, form({ intent: "SIGN_AGREEMENT", seq: await seq() }))).toEqual({ ok: true, intent: "SIGN_AGREEMENT" });
    expect((await loadCase(entryId)).workflowCase.state).toBe("contracted");
    expect(await recordDisbursement(regulator, competitionId, payment({ entryId, trancheIndex: 0, voucherNumber: "INT-0001", paidOn: "2026-07-01" }))).toEqual({ ok: true });
  });

  it("saves a draft, then two concurrent submissions of the report make one transition", async () => {
    expect(await fundingAction(org, entryId, form({ intent: "SAVE_REPORT", narrative: "草稿：已开展三次活动" }))).toEqual({ ok: true, intent: "SAVE_REPORT" });
    const panel = (await fundingPanel(org, entryId))!;
    expect(panel.reportForm).toMatchObject({ stage: "midterm", draft: { narrative: "草稿：已开展三次活动", beneficiaries: "" } });
    await attach("midtermReport");
    const fields = { intent: "SUBMIT_MIDTERM_REPORT", seq: panel.seq, narrative: "已开展三次活动，服务 120 人次。", beneficiaries: 120, spent0: "20000" };
    const results = await Promise.all([fundingAction(org, entryId, form(fields)), fundingAction(org, entryId, form(fields))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ status: 409 });
    expect(await WorkflowTransition.countDocuments({ caseId: new mongoose.Types.ObjectId(entryId), event: "SUBMIT_MIDTERM_REPORT" })).toBe(1);
    const { snapshot, workflowCase } = await loadCase(entryId);
    expect(workflowCase.state).toBe("midtermReported");
    expect(snapshot.context.midtermReport).toMatchObject({ beneficiaries: 120, spending: [{ budgetFen: 5_000_000, spentFen: 2_000_000 }] });
    // The report's files became evidence.
    expect(await Attachment.countDocuments({ caseId: entryId, use: "midtermReport", reliedOn: true })).toBe(1);
  });

  it("fails a review only with a comment, and terminates with a clawback no larger than what was paid", async () => {
    const seq = () => loadCase(entryId).then((c) => c.workflowCase.seq);
    expect(await fundingAction(regulator, entryId, form({ intent: "MIDTERM_REVIEW", seq: await seq(), decision: "fail", comment: " " }))).toMatchObject({ ok: false, status: 400, errors: { comment: "funding.error.commentRequired" } });
    expect(await fundingAction(org, entryId, form({ intent: "MIDTERM_REVIEW", seq: await seq(), decision: "pass" }))).toMatchObject({ ok: false, status: 403 });
    expect(await fundingAction(regulator, entryId, form({ intent: "MIDTERM_REVIEW", seq: await seq(), decision: "fail", comment: "服务台账缺失" }))).toMatchObject({ ok: true });
    expect((await loadCase(entryId)).workflowCase.state).toBe("midtermFailed");
    const over = await fundingAction(regulator, entryId, form({ intent: "TERMINATE", seq: await seq(), reason: "中期评估不合格", clawback: "25000.01" }));
    expect(over).toMatchObject({ ok: false, status: 400, errors: { clawback: "funding.error.clawbackOverPaid" }, values: { reason: "中期评估不合格" } });
    expect(await fundingAction(regulator, entryId, form({ intent: "COMPLETE", seq: await seq() }))).toMatchObject({ ok: false, status: 422 });
    expect(await fundingAction(regulator, entryId, form({ intent: "TERMINATE", seq: await seq(), reason: "中期评估不合格", clawback: "12,500" }))).toMatchObject({ ok: true });
    expect((await loadCase(entryId)).snapshot.context.termination).toMatchObject({ reason: "中期评估不合格", clawbackFen: 1_250_000 });
  });

  it("runs a project to completion: both reports passed, completion only once every tranche is paid", async () => {
    const other = (await entriesOf(competitionId, ["awarded"])).find((e) => e.id !== entryId)!;
    const staff: SessionUser = { ...org, organizationId: other.organizationId };
    const seq = () => loadCase(other.id).then((c) => c.workflowCase.seq);
    const step = async (user: SessionUser, fields: Record<string, string | number>) => expect(await fundingAction(user, other.id, form({ ...fields, seq: await seq() }))).toMatchObject({ ok: true });
    const pay = async (trancheIndex: number) => expect(await recordDisbursement(regulator, competitionId, payment({ entryId: other.id, trancheIndex, voucherNumber: `INT-${other.id.slice(-4)}-${trancheIndex}`, paidOn: "2026-07-01" }))).toEqual({ ok: true });
    await attach("agreement", other.id, staff);
    await step(staff, { intent: "SIGN_AGREEMENT" });
    await pay(0);
    await attach("midtermReport", other.id, staff);
    await step(staff, { intent: "SUBMIT_MIDTERM_REPORT", narrative: "中期进展", beneficiaries: 80, spent0: "20000" });
    await step(regulator, { intent: "MIDTERM_REVIEW", decision: "pass", comment: "" });
    await pay(1);
    await attach("finalReport", other.id, staff);
    await step(staff, { intent: "SUBMIT_FINAL_REPORT", narrative: "项目全部完成", beneficiaries: 260, spent0: "49800.5" });
    await step(regulator, { intent: "FINAL_REVIEW", decision: "pass", comment: "同意结项" });
    expect(await fundingAction(regulator, other.id, form({ intent: "COMPLETE", seq: await seq() }))).toMatchObject({ ok: false, status: 422, errors: { _form: "workflow.guard.allTranchesPaid" } });
    await pay(2);
    await step(regulator, { intent: "COMPLETE" });
    const { workflowCase, snapshot } = await loadCase(other.id);
    expect(workflowCase.state).toBe("completed");
    expect(snapshot.context.finalReport).toMatchObject({ beneficiaries: 260, spending: [{ spentFen: 4_980_050 }] });
  });

  it("keeps loading a version-1 entry (upgraded on load) and stores version 2 with its next step", async () => {
    const [awarded] = (await WorkflowCase.find({ kind: ENTRY_KIND, state: "inProgress" }, { _id: 1, snapshot: 1 }).limit(1).lean()) as { _id: mongoose.Types.ObjectId; snapshot: { context: Record<string, unknown> } }[];
    const { midtermReport: _m, finalReport: _f, ...v1Context } = awarded!.snapshot.context;
    await WorkflowCase.updateOne({ _id: awarded!._id }, { $set: { machineVersion: 1, "snapshot.context": v1Context } });
    const loaded = await loadCase(String(awarded!._id));
    expect(loaded.workflowCase.state).toBe("inProgress");
    expect(loaded.snapshot.context.midtermReport).toBeNull();
    await moveEntry(String(awarded!._id), { type: "TERMINATE", reason: "机构申请终止", clawbackFen: 0 });
    expect((await WorkflowCase.findById(awarded!._id, { machineVersion: 1 }).lean())!.machineVersion).toBe(2);
  });
});
