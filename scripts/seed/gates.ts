/**
 * Demo daily and exit gates, driven through the workflow engine with past times as people would
 * have done it: last year's campaign in progress (its deadline still ahead) with reports in every
 * state, the year before closed with three organizations that never filed (overdue and on the
 * abnormal list), one finished exit of each kind (the revoked organization goes on the serious
 * list, and both lose their unfiled reports), and every credit-list path (scripts/seed/credit.ts).
 * Foundations carry their public fundraising qualification, and their reports' figures show the
 * spending ratio met by most and missed by two, concluded accordingly.
 */
import mongoose from "mongoose";
import { Organization } from "../../models/organization";
import { WorkflowCase } from "../../models/workflow-case";
import { InspectionCampaign } from "../../models/inspection-campaign";
import { ANNUAL_REPORT_KIND } from "../../app/daily-gate/annual-report-workflow.server";
import { runCampaignJob } from "../../app/daily-gate/campaigns.server";
import { checkFoundationSpending, endOfBeijingDay, exemptionCutoff } from "../../app/domain/annual-report";
import { parseYuanToFen } from "../../app/i18n/format";
import { pinyinSortKey } from "../../app/domain/pinyin";
import { DEREGISTRATION_KIND, REVOCATION_KIND } from "../../app/exit-gate/exit-workflows.server";
import { createCase, sendEvent, sendEventToMany, SYSTEM_ACTOR, type Actor } from "../../app/workflow/engine.server";
import { seedCreditPaths } from "./credit";

const DAY = 86_400_000;
const REPORT = {
  activities: "全年开展社区服务活动 24 场，服务居民 3,200 人次。",
  partyBuilding: "党支部按期开展“三会一课”，党员 5 名。",
  staffCount: "6",
  income: "820000",
  spending: "760000",
  publicWelfareSpending: "610000",
  netAssets: "450000",
  previousYearIncome: "790000",
  previousYearNetAssets: "410000",
};

/**
 * Foundations' figures: qualified for public fundraising, 70% of last year's income is the floor
 * (610,000 of 790,000 = 77.2%); the others, 8% of last year's net assets (400,000 of 4,100,000 =
 * 9.8%). One foundation of each kind spends too little (48.1% and 5.9%).
 */
const FOUNDATION_REPORT = {
  public: { ...REPORT, previousYearIncome: "790000", publicWelfareSpending: "610000" },
  publicBelow: { ...REPORT, previousYearIncome: "790000", publicWelfareSpending: "380000" },
  private: { ...REPORT, previousYearIncome: "520000", netAssets: "4300000", previousYearNetAssets: "4100000", publicWelfareSpending: "400000" },
  privateBelow: { ...REPORT, previousYearIncome: "520000", netAssets: "4300000", previousYearNetAssets: "4100000", publicWelfareSpending: "240000" },
};
type FoundationPlan = { publicFundraising: boolean; report: typeof REPORT };

/**
 * Half the foundations hold the public fundraising qualification; the third and fourth (one of each
 * kind, and neither of the two the demo's exits take) miss their spending floor.
 */
async function planFoundations(): Promise<Map<string, FoundationPlan>> {
  const foundations = await Organization.find({ type: "foundation" }, { _id: 1 }).sort({ _id: 1 }).lean();
  const plans = new Map<string, FoundationPlan>();
  foundations.forEach((f, i) => {
    const publicFundraising = i % 2 === 0;
    const below = i === 2 || i === 3;
    const report = publicFundraising ? (below ? FOUNDATION_REPORT.publicBelow : FOUNDATION_REPORT.public) : below ? FOUNDATION_REPORT.privateBelow : FOUNDATION_REPORT.private;
    plans.set(String(f._id), { publicFundraising, report });
  });
  for (const [id, plan] of plans) await Organization.updateOne({ _id: id }, { $set: { publicFundraising: plan.publicFundraising } });
  return plans;
}

const fen = (yuan: string) => parseYuanToFen(yuan) ?? 0;
/** The spending check a conclusion keeps (what the service adds to CONCLUDE for a foundation). */
function spendingOf(plan: FoundationPlan) {
  const r = plan.report;
  return checkFoundationSpending(
    {
      incomeFen: fen(r.income),
      spendingFen: fen(r.spending),
      publicWelfareSpendingFen: fen(r.publicWelfareSpending),
      netAssetsFen: fen(r.netAssets),
      previousYearIncomeFen: fen(r.previousYearIncome),
      previousYearNetAssetsFen: fen(r.previousYearNetAssets),
    },
    plan.publicFundraising,
  );
}

async function openYear(year: number, registryDeadline: string, sponsorDeadline: string, actor: Actor, openedAt: Date, foundations: Map<string, FoundationPlan>) {
  await InspectionCampaign.create({
    year,
    mode: "annualReport",
    sponsorDeadline: endOfBeijingDay(sponsorDeadline),
    registryDeadline: endOfBeijingDay(registryDeadline),
    cutoff: exemptionCutoff(year),
    status: "opening",
    openedBy: actor.name,
    openedAt,
    heartbeatAt: openedAt,
  });
  await runCampaignJob(year, actor);
  await WorkflowCase.updateMany({ kind: ANNUAL_REPORT_KIND, "data.year": year }, { $set: { "data.report": REPORT } });
  for (const [id, plan] of foundations) {
    await WorkflowCase.updateOne({ kind: ANNUAL_REPORT_KIND, "data.year": year, organizationId: new mongoose.Types.ObjectId(id) }, { $set: { "data.report": plan.report } });
  }
  return WorkflowCase.find({ kind: ANNUAL_REPORT_KIND, "data.year": year }, { organizationId: 1 }).sort({ titleSortKey: 1 }).lean();
}

export async function seedGates(regulatorName: string, log: (message: string) => void = console.log): Promise<void> {
  const now = new Date();
  const regulator: Actor = { userId: null, name: regulatorName, role: "regulator" };
  const org: Actor = { userId: null, name: "组织填报人", role: "org" };
  const thisYear = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
  const organizations = await Organization.find({}, { _id: 1 }).sort({ _id: 1 }).lean();
  const [first, second] = organizations.map((o) => String(o._id));
  const foundations = await planFoundations();
  /** Sends CONCLUDE to each case with the foundation's spending check, as the service would (and 基本合格 where the floor was missed). */
  const concludeWithSpending = async (caseIds: string[], result: string, now: Date) => {
    const rows = await WorkflowCase.find({ _id: mongoose.trusted({ $in: caseIds.map((id) => new mongoose.Types.ObjectId(id)) }) }, { organizationId: 1 }).lean();
    const plain = rows.filter((c) => !foundations.has(String(c.organizationId))).map((c) => String(c._id));
    await sendEventToMany(plain, { type: "CONCLUDE", result, note: "" }, { actor: regulator, now });
    // Foundations with the same figures conclude together (one batch per plan, not one event each).
    const byFigures = new Map<typeof REPORT, { plan: FoundationPlan; ids: string[] }>();
    for (const c of rows.filter((row) => foundations.has(String(row.organizationId)))) {
      const plan = foundations.get(String(c.organizationId))!;
      const group = byFigures.get(plan.report) ?? { plan, ids: [] };
      group.ids.push(String(c._id));
      byFigures.set(plan.report, group);
    }
    for (const { plan, ids } of byFigures.values()) {
      const spending = spendingOf(plan);
      const missed = !spending.meets && result === "qualified";
      const note = missed ? "公益事业支出比例未达到《基金会管理条例》第二十九条的要求。" : "";
      await sendEventToMany(ids, { type: "CONCLUDE", result: missed ? "basicallyQualified" : result, note, spending }, { actor: regulator, now });
    }
  };

  // The year before last: closed. All filed and qualified but three, which went overdue and were listed.
  const old = thisYear - 2;
  const oldDeadline = endOfBeijingDay(`${old + 1}-05-31`);
  const beforeDeadline = (days: number) => new Date(oldDeadline.getTime() - days * DAY);
  const oldCases = await openYear(old, `${old + 1}-05-31`, `${old + 1}-03-31`, regulator, beforeDeadline(150), foundations);
  const unfiled = oldCases.filter((c) => ![first, second].includes(String(c.organizationId))).slice(-3).map((c) => String(c._id));
  const filed = oldCases.map((c) => String(c._id)).filter((id) => !unfiled.includes(id));
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  await sendEventToMany(filed, { type: "SUBMIT", complete: true }, { actor: org, now: beforeDeadline(40) });
  await sendEventToMany(filed, { type: "RECORD_SPONSOR_OPINION", opinion: "同意。" }, { actor: regulator, now: beforeDeadline(30) });
  await concludeWithSpending(filed, "qualified", beforeDeadline(-20));
  await sendEventToMany(unfiled, { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now: new Date(oldDeadline.getTime() + DAY) });

  // Last year: in progress, the registry deadline still ahead (60 days from today in the demo).
  const year = thisYear - 1;
  const registryDeadline = new Date(now.getTime() + 60 * DAY).toISOString().slice(0, 10);
  const sponsorDeadline = new Date(now.getTime() + 20 * DAY).toISOString().slice(0, 10);
  const cases = await openYear(year, registryDeadline, sponsorDeadline, regulator, at(30), foundations);
  // `org` keeps an empty draft to fill; `org2`'s report waits for the registry's conclusion.
  await WorkflowCase.updateOne({ kind: ANNUAL_REPORT_KIND, "data.year": year, organizationId: new mongoose.Types.ObjectId(first) }, { $set: { "data.report": {} } });
  const others = cases.filter((c) => ![first, second].includes(String(c.organizationId))).map((c) => String(c._id));
  const secondCase = cases.find((c) => String(c.organizationId) === second);
  const step = async (caseId: string, type: string, payload: Record<string, unknown>, actor: Actor, daysAgo: number) =>
    sendEvent(caseId, { type, ...payload }, { actor, now: at(daysAgo) });
  type Step = [type: string, payload: Record<string, unknown>, by: Actor, daysAgo: number];
  const SUBMIT: Step = ["SUBMIT", { complete: true }, org, 20];
  const OPINION: Step = ["RECORD_SPONSOR_OPINION", { opinion: "同意报送。" }, regulator, 15];
  const conclude = (result: string): Step => ["CONCLUDE", { result, note: "" }, regulator, 12];
  const RECTIFY: Step = ["OPEN_RECTIFICATION", { items: "完善财务管理制度，补充审计报告。", deadline: new Date(now.getTime() + 30 * DAY).toISOString() }, regulator, 10];
  const ANSWER: Step = ["ANSWER_RECTIFICATION", { answer: "已修订财务制度并补交审计报告。", evidenceCount: 1 }, org, 5];
  const RETURN: Step = ["RETURN_FOR_CORRECTION", { items: "请补充年度审计报告。" }, regulator, 14];
  // A few reports in each state (the steps run for a group at once), so the dashboard's charts have shape; the rest stay drafts.
  const plans: Step[][] = [
    [SUBMIT],
    [SUBMIT, OPINION],
    [SUBMIT, OPINION, RETURN],
    [SUBMIT, OPINION, RETURN, ["RESUBMIT", { complete: true }, org, 8]],
    [SUBMIT, OPINION, conclude("qualified")],
    [SUBMIT, OPINION, conclude("basicallyQualified")],
    [SUBMIT, OPINION, conclude("unqualified")],
    [SUBMIT, OPINION, conclude("basicallyQualified"), RECTIFY],
    [SUBMIT, OPINION, conclude("unqualified"), RECTIFY, ANSWER],
    [SUBMIT, OPINION, conclude("basicallyQualified"), RECTIFY, ANSWER, ["ACCEPT_RECTIFICATION", {}, regulator, 2]],
    [SUBMIT, OPINION, conclude("unqualified"), RECTIFY, ANSWER, ["ESCALATE", { reason: "整改材料不实。" }, regulator, 1]],
  ];
  const groups: { ids: string[]; steps: Step[] }[] = plans.map((steps, i) => ({ ids: others.slice(i * 3, i * 3 + 3), steps }));
  groups.push({ ids: others.slice(plans.length * 3, plans.length * 3 + 30), steps: plans[4]! });
  // `org2`'s report waits for the registry's conclusion (the browser test concludes it); `org` keeps its draft.
  if (secondCase) groups.push({ ids: [String(secondCase._id)], steps: [SUBMIT, OPINION] });
  for (const { ids, steps } of groups) {
    for (const [type, payload, by, daysAgo] of steps) {
      if (type === "CONCLUDE") await concludeWithSpending(ids, String(payload.result), at(daysAgo));
      else await sendEventToMany(ids, { type, ...payload }, { actor: by, now: at(daysAgo) });
    }
  }

  // One finished exit of each kind.
  const [deregistered, revoked] = await Organization.find({ _id: mongoose.trusted({ $nin: organizations.slice(0, 2).map((o) => o._id) }) }, { name: 1, type: 1 })
    .sort({ _id: -1 })
    .limit(2)
    .lean();
  if (deregistered) {
    const c = await createCase({
      kind: DEREGISTRATION_KIND,
      caseKey: `deregistration:${String(deregistered._id)}:demo`,
      input: { orgType: deregistered.type, reason: "章程规定的宗旨已经实现，理事会决议注销。" },
      title: deregistered.name,
      titleSortKey: pinyinSortKey(deregistered.name),
      organizationId: String(deregistered._id),
      actor: regulator,
      now: at(120),
    });
    const id = String(c._id);
    await step(id, "RECORD_SPONSOR_CONSENT", { note: "业务主管单位同意注销（银民函〔2025〕12 号）。" }, regulator, 118);
    await step(id, "START_LIQUIDATION", { liquidationGroup: "王芳（组长）、赵强、李娜" }, regulator, 115);
    await step(id, "SUBMIT_LIQUIDATION_REPORT", { reportCount: 1 }, org, 90);
    await step(id, "APPROVE_REVIEW", { assetsHandedTo: "银川市慈善总会" }, regulator, 80);
    await step(id, "DEADLINE_PASSED", {}, SYSTEM_ACTOR, 30);
    await step(id, "RECORD_CERTIFICATES_RETURNED", { note: "登记证书正副本、印章已缴回。" }, regulator, 25);
  }
  if (revoked) {
    const c = await createCase({
      kind: REVOCATION_KIND,
      input: { ground: "noActivityForYear", grounds: "取得登记证书后一年以上未开展任何业务活动。" },
      title: revoked.name,
      titleSortKey: pinyinSortKey(revoked.name),
      organizationId: String(revoked._id),
      actor: regulator,
      now: at(100),
    });
    const id = String(c._id);
    await step(id, "BEGIN_INVESTIGATION", {}, regulator, 99);
    await step(id, "RECORD_EVIDENCE", { text: "实地核查住所无人办公；银行流水一年无业务收支。" }, regulator, 95);
    await step(id, "NOTIFY_HEARING_RIGHT", {}, regulator, 90);
    await step(id, "DEADLINE_PASSED", {}, SYSTEM_ACTOR, 80);
    await step(id, "DECIDE_REVOKE", { reason: "一年以上未开展活动，依法撤销登记。" }, regulator, 75);
    await step(id, "RECORD_SERVICE", { method: "直接送达法定代表人，签收。" }, regulator, 74);
  }
  const paths = await seedCreditPaths(regulatorName, now, new Set([first!, second!, ...[deregistered, revoked].filter(Boolean).map((o) => String(o!._id))]));
  log(`Demo gates: campaigns ${old} (closed, ${unfiled.length} listed) and ${year} (${cases.length} reports in progress), one deregistration, one revocation; credit-list paths: ${paths}.`);
}
