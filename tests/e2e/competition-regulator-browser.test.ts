/**
 * The regulator's side of the competition in the browser: close judging, publish, resolve an
 * objection, finalize, record a tranche (a second submit of the same tranche pays nothing more).
 * The test builds its own judged competition through the services (tests/support/competition.ts).
 */
import mongoose from "mongoose";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { Disbursement } from "@models/disbursement";
import { moveEntry } from "~/competition/effects.server";
import { objectionSchema, submitObjection } from "~/competition/public/objections.server";
import { parseForm } from "~/forms/parse-form";
import { entriesOf } from "~/competition/ranking/ranking.server";
import { loadCase, sendEvent, SYSTEM_ACTOR } from "~/workflow/engine.server";
import { browserForFile, pressStep } from "../support/browser";
import { judgedCompetition } from "../support/competition";
import { postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const { asUser } = browserForFile({ database: true });
let competitionId = "";
let title = "";

beforeAll(async () => {
  ({ id: competitionId, title } = await judgedCompetition({ label: `端到端监管${Date.now() % 100000}`, judges: 3, scored: true }));
});

async function step(page: Page, action: string) {
  const form = page.getByRole("form", { name: action });
  await Promise.all([page.waitForURL(/done=/), pressStep(form, action)]);
}

describe("the regulator runs a competition from judging to the first tranche", () => {
  it("closes judging, publishes, resolves an objection, finalizes and records a tranche once", async () => {
    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/regulator/competitions`);
    await Promise.all([regulator.waitForURL(new RegExp(`/regulator/competitions/${competitionId}`)), regulator.getByRole("link", { name: title }).click()]);
    await regulator.locator(".page-head .badge").getByText("评审中").waitFor();
    await regulator.getByText("所有项目均已达到最少评分人数（3 人）。").waitFor();

    await step(regulator, "结束评审");
    await regulator.locator(".page-head .badge").getByText("汇总排名").waitFor();
    const ranked = regulator.locator("table.competition-ranking tbody tr");
    expect(await ranked.count()).toBeGreaterThanOrEqual(2);
    await expect(ranked.first().locator("td").first().textContent()).resolves.toBe("1");

    await step(regulator, "发布公示");
    await regulator.locator(".page-head .badge").getByText("公示中").waitFor();

    // Someone objects during the 公示 (the public form's service); the regulator dismisses it.
    const objection = parseForm(objectionSchema, { name: "张三", contact: "13800000000", reason: "该项目的服务对象与申报书描述不符，请核实。" });
    expect((await submitObjection(competitionId, objection, `e2e-${Date.now()}`)).ok).toBe(true);
    await regulator.reload();
    const resolve = regulator.getByRole("form", { name: "处理意见: 张三" });
    await resolve.getByLabel("处理意见").fill("经核实，服务对象与申报书一致，异议不成立。");
    await Promise.all([regulator.waitForURL(/done=RESOLVE_OBJECTION/), resolve.getByRole("button", { name: "异议不成立" }).click()]);
    await regulator.getByText("异议已处理。").waitFor();
    await regulator.locator(".objection-list .badge").getByText("不成立").waitFor();

    // The 公示 runs out (the deadline sweeper's event, at the period's end); then finalize.
    const endsAt = String((await loadCase(competitionId)).snapshot.context.announcementEndsAt);
    await sendEvent(competitionId, { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now: new Date(Date.parse(endsAt) + 60_000) });
    await regulator.reload();
    await step(regulator, "确定结果");
    await regulator.locator(".page-head .badge").getByText("结果确定").waitFor();

    // The first awarded organization signs its agreement; its first tranche becomes due.
    const [awarded] = await entriesOf(competitionId, ["awarded"]);
    expect(awarded).toBeDefined();
    await moveEntry(awarded!.id, { type: "SIGN_AGREEMENT", agreementUploaded: true });
    await regulator.reload();
    const tranche = regulator.getByRole("form", { name: `登记拨付: ${awarded!.title}` });
    await tranche.getByLabel("凭证号").fill("E2E-0001");
    await tranche.getByLabel("拨付日期").fill("2026-06-30");
    await Promise.all([regulator.waitForURL(/done=RECORD_TRANCHE/), tranche.getByRole("button", { name: "登记拨付" }).click()]);
    await regulator.getByText("拨付已登记。").waitFor();
    await regulator.getByRole("cell", { name: "E2E-0001" }).waitFor();

    // The same tranche submitted again (a double click, a resent form) pays nothing more.
    const cookie = (await regulator.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const again = await postForm(
      baseUrl,
      `/regulator/competitions/${competitionId}`,
      { intent: "RECORD_TRANCHE", entryId: awarded!.id, trancheIndex: "0", voucherNumber: "E2E-0002", paidOn: "2026-07-01" },
      { cookie },
    );
    expect(again.status).toBeLessThan(500);
    const paid = await Disbursement.find({ entryId: new mongoose.Types.ObjectId(awarded!.id) }, { voucherNumber: 1, amountFen: 1 }).lean();
    expect(paid.map((p) => p.voucherNumber)).toEqual(["E2E-0001"]);
    expect(paid[0]!.amountFen).toBe(Math.floor(((awarded!.context.decision?.awardFen ?? 0) * 50) / 100));

    // The dashboard counts the payment; the results download as a workbook.
    await regulator.reload();
    await regulator.getByRole("heading", { name: "资金与受益情况" }).waitFor();
    const exported = await fetch(`${baseUrl}/regulator/competitions/${competitionId}/export`, { headers: { Cookie: cookie } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("spreadsheetml");
    expect((await exported.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it("is for regulators only: an organization or a judge gets no competition case page", async () => {
    for (const username of ["org", "judge"]) {
      const page = await asUser(username);
      const response = await page.goto(`${baseUrl}/regulator/competitions/${competitionId}`);
      expect(response!.status()).toBe(403);
      await page.context().close();
    }
  });
});
