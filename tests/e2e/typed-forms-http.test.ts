/**
 * Every action reads its form one way (app/forms/parse-form.ts), over HTTP against the real
 * server: an intent no page of that kind sends is a 400 that says so (never a 500, a 403 or a
 * step tried on the case), and a field of the wrong kind is a 400 whose page names the field's
 * problem and keeps what was typed, with nothing changed.
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Disbursement } from "@models/disbursement";
import { WorkflowCase } from "@models/workflow-case";
import { WorkflowTransition } from "@models/workflow-transition";
import { entriesOf } from "~/competition/ranking/ranking.server";
import type { Actor } from "~/workflow/engine.server";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { awardedCompetition, closedCompetition } from "../support/competition";
import { cookiesOf, postForm } from "../support/http";
import { registrationApplication } from "../support/registration";

const baseUrl = inject("baseUrl");
const BUREAU: Actor = { userId: null, name: "测试监管员", role: "regulator" };
const NO_SUCH_ACTION = "此页面没有这个操作";

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
});
afterAll(async () => {
  await mongoose.disconnect();
});

const signIn = async (username: string) => cookiesOf(await postForm(baseUrl, "/login", { username, password: DEMO_PASSWORD }));
const seqOf = async (caseId: string) => (await WorkflowCase.findById(caseId, { seq: 1 }).lean())!.seq;
const stepsLogged = (caseId: string) => WorkflowTransition.countDocuments({ caseId: new mongoose.Types.ObjectId(caseId) });
const label = () => `表单${Date.now() % 1_000_000}`;
const visibleText = async (response: Response) => (await response.text()).replace(/\s+|<!-- -->/g, "");

describe("an intent the page does not send", () => {
  it("is a 400 that says so on the case pages of every gate, with no step tried on the case", async () => {
    const regulator = await signIn("regulator");
    const registration = await registrationApplication({ name: `${label()}服务中心`, applicant: BUREAU, accept: true });
    const { id: competition } = await closedCompetition({ label: label(), judges: 3, entries: 1, screened: false });
    const report = (await WorkflowCase.findOne({ kind: "annualReport" }, { _id: 1 }).lean())!;
    const probes = [
      { path: `/registrations/${registration}`, caseId: registration },
      { path: `/regulator/competitions/${competition}`, caseId: competition },
      { path: `/regulator/competitions/${competition}/judging`, caseId: competition },
      { path: `/annual-reports/${String(report._id)}`, caseId: String(report._id) },
    ];
    for (const { path, caseId } of probes) {
      const before = { seq: await seqOf(caseId), logged: await stepsLogged(caseId) };
      for (const intent of ["DROP_TABLE", "toString", "__proto__", ""]) {
        const response = await postForm(baseUrl, path, { intent, seq: String(before.seq), comment: "x" }, { cookie: regulator });
        expect(response.status, `${path} intent=${intent}`).toBe(400);
        expect(await response.text()).toContain(NO_SUCH_ACTION);
      }
      expect({ seq: await seqOf(caseId), logged: await stepsLogged(caseId) }, path).toEqual(before);
    }
  }, 240_000);

  it("is a 400 on the pages that dispatch on intent themselves (accounts, spot checks, audit, deregistration, exits)", async () => {
    const probes: [string, string, string][] = [
      ["admin", "/accounts/000000000000000000000000", "delete"],
      ["regulator", "/regulator/spot-checks", "drawAll"],
      ["auditadmin", "/audit", "wipe"],
      ["org", "/org/deregistration", "WITHDRAW_EVERYTHING"],
      ["regulator", "/regulator/exits", "dissolve"],
    ];
    for (const [role, path, intent] of probes) {
      const response = await postForm(baseUrl, path, { intent }, { cookie: await signIn(role) });
      expect(response.status, `${role} ${path}`).toBe(400);
      expect(await response.text()).toContain(NO_SUCH_ACTION);
    }
  }, 120_000);
});

describe("a field of the wrong kind", () => {
  it("answers 400 on the entry's page with the field's message and what was typed, and terminates nothing", async () => {
    const regulator = await signIn("regulator");
    const { id } = await awardedCompetition({ label: label(), organizationIds: [], entries: 2 });
    const [entry] = await entriesOf(id, ["awarded"]);
    expect(entry, "an awarded entry").toBeDefined();
    const before = await seqOf(entry!.id);
    const response = await postForm(baseUrl, `/regulator/competitions/entries/${entry!.id}`, { intent: "TERMINATE", seq: String(before), reason: "项目未按期开展", clawback: "一万元整" }, { cookie: regulator });
    expect(response.status).toBe(400);
    const page = await visibleText(response);
    expect(page).toContain("请填写不小于0的金额");
    expect(page).toContain('value="一万元整"');
    expect(page).toContain("项目未按期开展");
    expect(await seqOf(entry!.id)).toBe(before);
  }, 240_000);

  it("answers 400 to a payment whose tranche or date is not one, and records no payment", async () => {
    const regulator = await signIn("regulator");
    const { id } = await closedCompetition({ label: label(), judges: 3, entries: 1, screened: false });
    const [entry] = await entriesOf(id);
    const payment = { intent: "RECORD_TRANCHE", entryId: entry!.id, trancheIndex: "0", voucherNumber: "PZ-2026-001", paidOn: "2026-07-01", key: `${entry!.id}-0` };
    for (const wrong of [{ trancheIndex: "第一笔" }, { trancheIndex: "-1" }, { paidOn: "七月一日" }, { paidOn: "2026-02-30" }, { voucherNumber: "  " }]) {
      const response = await postForm(baseUrl, `/regulator/competitions/${id}`, { ...payment, ...wrong }, { cookie: regulator });
      expect(response.status, JSON.stringify(wrong)).toBe(400);
    }
    expect(await Disbursement.countDocuments({ competitionId: new mongoose.Types.ObjectId(id) })).toBe(0);
  }, 240_000);
});
