/**
 * Credit lists by 社会组织信用信息管理办法 on the real database: a new listing restarts the two
 * years, promotion ends the abnormal listing, a listing with nothing to cure ends after six months,
 * the serious list keeps its two-year stay (restarted by later listings), a revocation lists the
 * organization until it is deregistered and closes its unfiled report, the register's facts are
 * checked for hand-recorded grounds, and revocation proposals count consecutive missed years.
 */
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { CreditListing } from "@models/credit-listing";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { ANNUAL_REPORT_KIND, annualReportCaseKey } from "~/daily-gate/annual-report-workflow.server";
import { creditRecordOf, listOrganizations, promoteToSerious, recordListing, removeAfterSixMonths, removeListing } from "~/daily-gate/credit-lists.server";
import { endOfBeijingDay } from "~/domain/annual-report";
import { countedOnProvisionalCalendar } from "~/domain/periods";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { buildUscc } from "~/domain/uscc";
import { proposeRevocations } from "~/exit-gate/exits.server";
import { REVOCATION_KIND } from "~/exit-gate/exit-workflows.server";
import { runSweep } from "~/sweep.server";
import { createCase, createCases, sendEvent, sendEventToMany, sweepDeadlines, SYSTEM_ACTOR } from "~/workflow/engine.server";

const sh = (local: string) => new Date(`${local}+08:00`);
const regulator: SessionUser = { id: new mongoose.Types.ObjectId().toHexString(), username: "regulator", displayName: "王建国", role: "regulator", organizationId: null, partyInstructorId: null };
const actor = { userId: regulator.id, name: regulator.displayName, role: "regulator" };

let serial = 0;
async function organization(overrides: Record<string, unknown> = {}) {
  serial++;
  const name = `银川市信用测试服务中心${serial}`;
  const created = await Organization.create({
    uscc: buildUscc("2", "640104", String(70_000_000 + serial)),
    name,
    nameSortKey: pinyinSortKey(name),
    nameInitials: pinyinInitials(name),
    type: "socialServiceAgency",
    registrationAuthority: "银川市民政局",
    district: "640104",
    legalRepresentative: "张三",
    domicile: "银川市兴庆区测试路 1 号",
    establishedAt: new Date("2018-03-01T00:00:00Z"),
    registeredCapitalFen: 1_000_000,
    ...overrides,
  });
  return { id: String(created._id), uscc: created.uscc };
}

const activeOf = (organizationId: string) => CreditListing.find({ organizationId: new mongoose.Types.ObjectId(organizationId), removedAt: null }).lean();

describe("credit lists", () => {
  it("restarts the two years at a new abnormal listing, then promotes once, ending the abnormal listings", async () => {
    const org = await organization();
    await listOrganizations([{ organizationId: org.id, reason: "minorPenalty", detail: "警告" }], "王建国", sh("2024-03-05T10:00:00"));
    await listOrganizations([{ organizationId: org.id, reason: "noPartyOrganization", detail: "未建党组织" }], "王建国", sh("2025-01-10T10:00:00"));
    const record = await creditRecordOf(org.id);
    expect(record.filter((r) => r.promotionDay)).toEqual([expect.objectContaining({ reason: "noPartyOrganization", promotionDay: "2027-01-10" })]);
    expect(await promoteToSerious(sh("2026-03-06T00:00:00"))).toBe(0); // two years from the first listing: restarted
    expect(await promoteToSerious(sh("2027-01-10T23:59:59"))).toBe(0);
    expect(await promoteToSerious(sh("2027-01-11T00:00:00"))).toBe(1);
    expect(await promoteToSerious(sh("2027-01-12T00:00:00"))).toBe(0);
    const active = await activeOf(org.id);
    expect(active.map((l) => [l.list, l.reason, l.basis])).toEqual([["serious", "abnormalForTwoYears", "《社会组织信用信息管理办法》第十四条第一款第（一）项"]]);
    expect(active[0]!.sourceListingIds).toHaveLength(2);
  });

  it("keeps a restart after the listing that caused it has ended: a warning during the stay restarts the two years for good", async () => {
    const org = await organization();
    await listOrganizations([{ organizationId: org.id, reason: "noPartyOrganization", detail: "未建党组织" }], "王建国", sh("2025-01-10T10:00:00"));
    await listOrganizations([{ organizationId: org.id, reason: "minorPenalty", detail: "警告" }], "王建国", sh("2025-03-20T10:00:00"));
    expect(await removeAfterSixMonths(sh("2025-09-21T00:00:00"))).toBeGreaterThanOrEqual(1);
    expect((await activeOf(org.id)).map((l) => l.reason)).toEqual(["noPartyOrganization"]);
    expect((await creditRecordOf(org.id))[0]).toMatchObject({ promotionDay: "2027-03-20" });
    expect(await promoteToSerious(sh("2027-01-11T00:00:00"))).toBe(0);
    expect(await promoteToSerious(sh("2027-03-21T00:00:00"))).toBe(1);
  });

  it("ends a listing with nothing to cure six full months after it, and keeps one that needs curing", async () => {
    const penalty = await organization();
    const unreachable = await organization();
    await listOrganizations([{ organizationId: penalty.id, reason: "minorPenalty", detail: "警告" }], "王建国", sh("2025-08-31T10:00:00"));
    await listOrganizations(
      [{ organizationId: unreachable.id, reason: "unreachableAddress", detail: "两次邮寄无人签收", letters: { firstMailedOn: "2025-08-01", secondMailedOn: "2025-08-20" } }],
      "王建国",
      sh("2025-08-31T10:00:00"),
    );
    expect(await removeAfterSixMonths(sh("2026-02-28T23:59:59"))).toBe(0);
    expect(await removeAfterSixMonths(sh("2026-03-01T00:00:00"))).toBe(1);
    const ended = await CreditListing.findOne({ organizationId: new mongoose.Types.ObjectId(penalty.id) }).lean();
    expect(ended?.removal).toMatchObject({ kind: "sixMonths", basis: "《社会组织信用信息管理办法》第十三条" });
    expect(await activeOf(unreachable.id)).toHaveLength(1);
  });

  it("keeps a serious listing for two full years, restarted by a later listing", async () => {
    const org = await organization();
    await listOrganizations([{ organizationId: org.id, reason: "majorFine", detail: "罚款 8 万元" }], "王建国", sh("2024-02-29T10:00:00"));
    const [serious] = await activeOf(org.id);
    expect(await removeListing(regulator, String(serious!._id), "申请移出", sh("2026-02-28T12:00:00"))).toEqual({ ok: false, error: "dailyGate.credit.minimumStay", params: { date: "2026-02-28" } });
    expect(await removeListing(regulator, String(serious!._id), "满 2 年，经核实", sh("2026-03-01T09:00:00"))).toEqual({ ok: true });

    const again = await organization();
    await listOrganizations([{ organizationId: again.id, reason: "judgmentDefaulter", detail: "失信被执行人" }], "王建国", sh("2024-01-10T10:00:00"));
    await listOrganizations([{ organizationId: again.id, reason: "minorPenalty", detail: "警告" }], "王建国", sh("2025-01-10T10:00:00"));
    const seriousAgain = (await activeOf(again.id)).find((l) => l.list === "serious")!;
    expect(await removeListing(regulator, String(seriousAgain._id), "申请移出", sh("2026-02-01T09:00:00"))).toEqual({ ok: false, error: "dailyGate.credit.minimumStay", params: { date: "2027-01-10" } });
    // The warning that restarted the stay has ended since; the restart stays on the record.
    await removeAfterSixMonths(sh("2025-07-11T00:00:00"));
    expect((await activeOf(again.id)).map((l) => l.list)).toEqual(["serious"]);
    expect((await creditRecordOf(again.id))[0]).toMatchObject({ seriousStayEndsDay: "2027-01-10" });
    expect(await removeListing(regulator, String(seriousAgain._id), "申请移出", sh("2027-01-10T23:00:00"))).toMatchObject({ ok: false, error: "dailyGate.credit.minimumStay" });
    expect(await removeListing(regulator, String(seriousAgain._id), "满 2 年，经核实", sh("2027-01-11T09:00:00"))).toEqual({ ok: true });
  });

  it("checks hand-recorded grounds against the register: letters 15–30 days apart, a party organization on record, an exited organization", async () => {
    const org = await organization();
    const letters = (first: string, second: string) => recordListing(regulator, { uscc: org.uscc, reason: "unreachableAddress", detail: "无人签收", firstLetterOn: first, secondLetterOn: second });
    expect(await letters("2026-03-01", "2026-03-15")).toEqual({ ok: false, field: "secondLetterOn", error: "dailyGate.credit.letterInterval" });
    expect(await letters("2026-03-01", "2026-04-01")).toEqual({ ok: false, field: "secondLetterOn", error: "dailyGate.credit.letterInterval" });
    expect(await letters("2026-03-01", "2026-03-16")).toEqual({ ok: true });
    const listed = await activeOf(org.id);
    expect(listed[0]).toMatchObject({ reason: "unreachableAddress", basis: "《社会组织信用信息管理办法》第十条第一款第（六）项、第二款", letters: { firstMailedOn: "2026-03-01", secondMailedOn: "2026-03-16" } });

    const withParty = await organization({ party: { form: "standalone", memberCount: 4 } });
    expect(await recordListing(regulator, { uscc: withParty.uscc, reason: "noPartyOrganization", detail: "未建党组织" })).toEqual({ ok: false, field: "reason", error: "dailyGate.credit.hasPartyOrganization" });
    const gone = await organization({ status: "deregistered" });
    expect(await recordListing(regulator, { uscc: gone.uscc, reason: "minorPenalty", detail: "警告" })).toEqual({ ok: false, field: "uscc", error: "dailyGate.credit.notActive" });
  });

  it("revokes: the organization goes on the serious list until deregistered, and its unfiled report is closed, never listed", async () => {
    const org = await organization();
    const report = await createCase({
      kind: ANNUAL_REPORT_KIND,
      caseKey: annualReportCaseKey(org.id, 2025),
      input: { year: 2025, sponsorDeadline: endOfBeijingDay("2026-03-31").toISOString(), registryDeadline: endOfBeijingDay("2026-05-31").toISOString() },
      title: "测试年报",
      organizationId: org.id,
      data: { year: 2025, orgType: "socialServiceAgency", district: "640104", uscc: org.uscc, report: {} },
      actor: SYSTEM_ACTOR,
      now: sh("2026-01-05T10:00:00"),
    });
    const revocation = await createCase({ kind: REVOCATION_KIND, input: { ground: "noActivityForYear", grounds: "一年以上未开展活动" }, title: "撤销", organizationId: org.id, actor, now: sh("2026-03-02T10:00:00") });
    const id = String(revocation._id);
    await sendEvent(id, { type: "BEGIN_INVESTIGATION" }, { actor, now: sh("2026-03-02T10:00:00") });
    await sendEvent(id, { type: "RECORD_EVIDENCE", text: "住所无人办公" }, { actor, now: sh("2026-03-02T11:00:00") });
    await sendEvent(id, { type: "NOTIFY_HEARING_RIGHT" }, { actor, now: sh("2026-03-02T12:00:00") });
    await sendEvent(id, { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now: sh("2026-03-10T00:00:00") });
    await sendEvent(id, { type: "DECIDE_REVOKE", reason: "一年以上未开展活动，依法撤销登记" }, { actor, now: sh("2026-03-20T10:00:00") });
    await sendEvent(id, { type: "RECORD_SERVICE", method: "直接送达" }, { actor, now: sh("2026-03-21T10:00:00") });

    expect((await Organization.findById(org.id, { status: 1 }).lean())?.status).toBe("revoked");
    expect((await WorkflowCase.findById(report._id, { state: 1 }).lean())?.state).toBe("exited");
    const [listing] = await activeOf(org.id);
    expect(listing).toMatchObject({ list: "serious", reason: "registrationRevoked", basis: "《社会组织信用信息管理办法》第十四条第一款第（七）项" });
    expect(await removeListing(regulator, String(listing!._id), "申请移出", sh("2029-01-01T10:00:00"))).toEqual({ ok: false, error: "dailyGate.credit.untilDeregistered" });

    await runSweep(sh("2026-06-02T00:00:00")); // past the registry deadline: an exited organization owes nothing
    expect((await activeOf(org.id)).map((l) => l.reason)).toEqual(["registrationRevoked"]);
  });

  it("runs a hearing notice of 28 December 2026 into 2027 on the provisional calendar, and the sweeper moves on only after it", async () => {
    const org = await organization();
    const revocation = await createCase({ kind: REVOCATION_KIND, input: { ground: "noActivityForYear", grounds: "一年以上未开展活动" }, title: "撤销", organizationId: org.id, actor, now: sh("2026-12-21T10:00:00") });
    const id = String(revocation._id);
    await sendEvent(id, { type: "BEGIN_INVESTIGATION" }, { actor, now: sh("2026-12-21T10:00:00") });
    await sendEvent(id, { type: "RECORD_EVIDENCE", text: "住所无人办公" }, { actor, now: sh("2026-12-21T11:00:00") });
    await sendEvent(id, { type: "NOTIFY_HEARING_RIGHT" }, { actor, now: sh("2026-12-28T10:00:00") });
    // 29, 30, 31 December; 元旦 and the weekend rest; 4 and 5 January 2027 (provisional: the 2027 notice is not out).
    const noticed = (await WorkflowCase.findById(id, { dueAt: 1, wakeAt: 1 }).lean())!;
    expect(noticed.dueAt?.toISOString()).toBe("2027-01-05T15:59:59.999Z");
    expect(noticed.wakeAt?.toISOString()).toBe("2027-01-05T15:59:59.999Z");
    expect(countedOnProvisionalCalendar(noticed.dueAt!)).toBe(true);
    await sweepDeadlines(sh("2027-01-05T23:00:00"));
    expect((await WorkflowCase.findById(id, { state: 1 }).lean())?.state).toBe("hearingNotice");
    await sweepDeadlines(sh("2027-01-06T00:00:00"));
    expect((await WorkflowCase.findById(id, { state: 1 }).lean())?.state).toBe("decision");
  });

  it("proposes revocation for two consecutive missed years, not for two years apart", async () => {
    const consecutive = await organization();
    const apart = await organization();
    const missed = async (organizationId: string, uscc: string, year: number) => {
      const input = { year, sponsorDeadline: endOfBeijingDay(`${year + 1}-03-31`).toISOString(), registryDeadline: endOfBeijingDay(`${year + 1}-05-31`).toISOString() };
      await createCases(ANNUAL_REPORT_KIND, [{ caseKey: annualReportCaseKey(organizationId, year), input, title: "年报", organizationId, data: { year, orgType: "socialServiceAgency", district: "640104", uscc, report: {} } }], { actor: SYSTEM_ACTOR });
      const row = await WorkflowCase.findOne({ caseKey: annualReportCaseKey(organizationId, year) }, { _id: 1 }).lean();
      await sendEventToMany([String(row!._id)], { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now: sh(`${year + 1}-06-01T08:00:00`) });
    };
    await missed(consecutive.id, consecutive.uscc, 2023);
    await missed(consecutive.id, consecutive.uscc, 2024);
    await missed(apart.id, apart.uscc, 2022);
    await missed(apart.id, apart.uscc, 2024);
    await proposeRevocations(sh("2025-06-02T00:00:00"));
    const proposals = await WorkflowCase.find({ kind: REVOCATION_KIND, caseKey: mongoose.trusted({ $regex: "^revocation:missedInspections:" }) }, { organizationId: 1, "snapshot.context.grounds": 1 }).lean();
    const byOrganization = new Map(proposals.map((p) => [String(p.organizationId), (p as unknown as { snapshot: { context: { grounds: string } } }).snapshot.context.grounds]));
    expect(byOrganization.get(consecutive.id)).toContain("连续 2 年（2023、2024 年度）");
    expect(byOrganization.has(apart.id)).toBe(false);
  });
});
