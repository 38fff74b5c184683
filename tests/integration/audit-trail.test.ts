import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import mongoose from "mongoose";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { AuditCheck } from "@models/audit-check";
import { AuditRecord } from "@models/audit-record";
import { WorkflowTransition } from "@models/workflow-transition";
import { auditPage, runAuditVerification } from "~/audit/audit-query.server";
import { forgetAuditTail, recordAudit, SYSTEM_AUDIT_ACTOR } from "~/audit/audit-trail.server";
import { GENESIS_HASH, recordHash } from "~/audit/chain.server";
import { verifyAuditChain } from "~/audit/verify.server";
import { linkWorkflowDecision } from "~/audit/workflow-link.server";
import { projectRoot } from "../../scripts/lib/embedded-db";

const actor = { id: "64b000000000000000000001", username: "regulator", displayName: "王建国", role: "regulator" };

async function freshTrail(records: number) {
  await AuditRecord.collection.deleteMany({});
  forgetAuditTail();
  for (let i = 0; i < records; i++) await recordAudit({ actor, action: "export.excel", object: { kind: "register", label: `file-${i}` }, detail: { n: i } });
}

/** Another process's view: it does not know this process's tail. */
async function appendAsAnotherProcess(label: string) {
  forgetAuditTail();
  return recordAudit({ actor, action: "export.excel", object: { kind: "register", label } });
}

describe("the audit trail's SM3 chain", () => {
  beforeEach(async () => freshTrail(10));

  it("chains every record to the one before it, from the genesis hash", async () => {
    const rows = await AuditRecord.find({}).sort({ _id: 1 }).lean();
    expect(rows.map((r) => r._id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: 10, head: { seq: 10, hash: rows[9]!.hash } });
  });

  it("records who, role, when, from where, what, on which object and the outcome", async () => {
    await recordAudit({ actor, action: "personalData.show", object: { kind: "organization", id: "abc", label: "某协会" }, outcome: "success", address: "10.1.2.3", detail: { field: "contactPhone" } });
    const last = (await AuditRecord.findById(11).lean())!;
    expect(last).toMatchObject({
      actor: { userId: actor.id, username: "regulator", displayName: "王建国", role: "regulator" },
      address: "10.1.2.3",
      action: "personalData.show",
      object: { kind: "organization", id: "abc", label: "某协会" },
      outcome: "success",
      detail: { field: "contactPhone" },
    });
    expect(last.at).toBeInstanceOf(Date);
  });

  it("keeps one unbroken chain when many appends race, in this process and from others", async () => {
    await Promise.all([
      ...Array.from({ length: 15 }, (_, i) => recordAudit({ actor, action: "auth.signIn", object: { kind: "user", label: `u${i}` } })),
      ...Array.from({ length: 5 }, (_, i) => appendAsAnotherProcess(`other-${i}`)),
    ]);
    const verdict = await verifyAuditChain();
    expect(verdict).toMatchObject({ ok: true, checked: 30 });
  });

  it("names a changed record", async () => {
    await AuditRecord.collection.updateOne({ _id: 4 as never }, { $set: { "actor.username": "someone-else" } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, checked: 3, broken: { seq: 4, reason: "changed" } });
  });

  it("names a record changed with its hash recomputed, at the record after it", async () => {
    const row = (await AuditRecord.findById(6).lean())!;
    const forged = { ...row, outcome: "failure" as const };
    const hash = recordHash({ ...forged, seq: 6, detail: forged.detail as Record<string, string> });
    await AuditRecord.collection.updateOne({ _id: 6 as never }, { $set: { outcome: "failure", hash } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, broken: { seq: 7, reason: "relinked" } });
  });

  it("names a deleted record", async () => {
    await AuditRecord.collection.deleteOne({ _id: 5 as never });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, checked: 4, broken: { seq: 5, reason: "missing" } });
  });

  it("names an inserted record", async () => {
    const third = (await AuditRecord.findById(3).lean())!;
    const slipped = { ...third, _id: 3.5, object: { kind: "register", id: "", label: "slipped in" } };
    const hash = recordHash({ ...slipped, seq: 3.5, prevHash: third.hash, detail: {} });
    await AuditRecord.collection.insertOne({ ...slipped, prevHash: third.hash, hash, detail: {} } as never);
    expect(await verifyAuditChain()).toMatchObject({ ok: false, checked: 3, broken: { seq: 3.5, reason: "inserted" } });
  });

  it("refuses any update or delete through the app's model", async () => {
    await expect(AuditRecord.updateOne({ _id: 1 }, { $set: { outcome: "failure" } })).rejects.toThrow(/append-only/);
    await expect(AuditRecord.deleteOne({ _id: 1 })).rejects.toThrow(/append-only/);
    await expect(AuditRecord.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await AuditRecord.countDocuments({})).toBe(10);
  });

  it("answers the unfiltered page from _id lookups, newest first, and a filtered one by search", async () => {
    await recordAudit({ actor: { username: "mallory", role: "unknown" }, action: "auth.signIn", outcome: "failure", object: { kind: "user", label: "mallory" } });
    const page = await auditPage({ from: "", to: "", actor: "", action: "", outcome: "", object: "", page: "1" });
    expect(page.total).toBe(11);
    expect(page.items.map((r) => r.seq)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const failures = await auditPage({ from: "", to: "", actor: "mall", action: "auth.signIn", outcome: "failure", object: "", page: "1" });
    expect(failures.items.map((r) => r.username)).toEqual(["mallory"]);
  });

  it("keeps the verification verdict and records the verification in the trail", async () => {
    const verdict = await runAuditVerification(SYSTEM_AUDIT_ACTOR);
    expect(verdict.ok).toBe(true);
    const last = (await AuditRecord.findById(11).lean())!;
    expect(last).toMatchObject({ action: "audit.verify", outcome: "success", detail: { checked: "10", head: "10" } });
  });

  it("lets two verifications start together when none ran before (both race to create the status)", async () => {
    for (let round = 0; round < 3; round++) {
      await AuditCheck.collection.deleteMany({});
      const verdicts = await Promise.all(Array.from({ length: 4 }, () => runAuditVerification(SYSTEM_AUDIT_ACTOR)));
      expect(verdicts.every((v) => v.ok)).toBe(true);
    }
  });
});

describe("workflow decisions linked from the trail", () => {
  it("links a person's transition by its SM3 and notices the log row changed or removed", async () => {
    await freshTrail(0);
    const row = await WorkflowTransition.create({
      _id: new mongoose.Types.ObjectId(),
      caseId: new mongoose.Types.ObjectId(),
      seq: 1,
      kind: "registration",
      event: "APPROVE",
      payload: { at: new Date().toISOString() },
      actor: { userId: new mongoose.Types.ObjectId(actor.id), name: "王建国", role: "regulator" },
      from: "review",
      to: "registered",
      comment: "准予登记",
      snapshot: {},
      machineVersion: 1,
      at: new Date(),
    });
    await linkWorkflowDecision(row._id);
    const link = (await AuditRecord.findById(1).lean())!;
    expect(link).toMatchObject({ action: "workflow.decision", object: { kind: "registration", id: String(row.caseId), label: "APPROVE" }, detail: { transitionId: String(row._id), to: "registered" } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    await WorkflowTransition.collection.updateOne({ _id: row._id }, { $set: { comment: "不予登记" } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, broken: { seq: 1, reason: "linkChanged" } });
    await WorkflowTransition.collection.deleteOne({ _id: row._id });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, broken: { seq: 1, reason: "linkMissing" } });
  });

  it("does not link steps the system took (deadlines)", async () => {
    await freshTrail(0);
    const row = await WorkflowTransition.create({
      _id: new mongoose.Types.ObjectId(), caseId: new mongoose.Types.ObjectId(), seq: 2, kind: "annualReport", event: "DEADLINE_PASSED",
      payload: {}, actor: { name: "系统（定时任务）", role: "system" }, from: "draft", to: "overdue", snapshot: {}, machineVersion: 1, at: new Date(),
    });
    await linkWorkflowDecision(row._id);
    expect(await AuditRecord.countDocuments({})).toBe(0);
  });
});

describe("npm run audit:verify", () => {
  const run = (uri: string) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts", "audit-verify.ts")], { cwd: projectRoot, env: { ...process.env, MONGODB_URI: uri, NODE_ENV: "test" } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
  const uri = () => inject("mongoUriTemplate").replace("{db}", `test_${process.env.VITEST_POOL_ID ?? "0"}`);

  it("says the chain is intact and prints its head, then names the first broken record with exit 1", async () => {
    await freshTrail(6);
    const intact = await run(uri());
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/Audit trail intact: 6 records checked/);
    expect(intact.out).toMatch(/Head: record 6, SM3 [0-9a-f]{64}/);
    await AuditRecord.collection.deleteOne({ _id: 2 as never });
    const broken = await run(uri());
    expect(broken.code).toBe(1);
    expect(broken.out).toContain("Audit trail BROKEN at record 2: it is missing (deleted)");
  }, 60_000);
});
