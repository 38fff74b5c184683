/**
 * Demo competitions: the source year's (2022, 42 entries, a panel of seven judges with scores
 * and a few declared conflicts, announced, finalized and funded), and this year's, open for
 * applications now. Driven through the workflow engine with past times, as people would have.
 */
import mongoose from "mongoose";
import { Competition } from "../../models/competition";
import { CreditListing } from "../../models/credit-listing";
import { JudgeAssignment, JudgeConflict } from "../../models/judge-assignment";
import { Organization } from "../../models/organization";
import { ScoreSheet } from "../../models/score-sheet";
import { User } from "../../models/user";
import { hashPassword } from "../../app/auth/password.server";
import { COMPETITION_KIND, DEFAULT_CATEGORIES, ENTRY_KIND, trancheAmountFen } from "../../app/domain/competition";
import { moveEntry } from "../../app/competition/effects.server";
import { screenEntry } from "../../app/competition/effects.server";
import { settingsFacts } from "../../app/competition/applications/entries.server";
import { claimEntryNumber } from "../../app/competition/applications/entry-number.server";
import { autoAssign } from "../../app/competition/judging/judging.server";
import { entriesOf, loadCompetition } from "../../app/competition/ranking/ranking.server";
import { pinyinSortKey } from "../../app/domain/pinyin";
import { createCase, sendEvent, type Actor } from "../../app/workflow/engine.server";
import { signWithAgreement, submitDemoReport } from "./funding";
import { seededRandom } from "./random";

export const DEMO_JUDGES = [
  { username: "judge2", displayName: "马文静" },
  { username: "judge3", displayName: "杨志强" },
  { username: "judge4", displayName: "丁秀兰" },
  { username: "judge5", displayName: "何建华" },
  { username: "judge6", displayName: "纳玉梅" },
  { username: "judge7", displayName: "周永刚" },
];

const RUBRIC = [
  { id: "need", name: "需求精准", description: "服务对象需求调研充分，问题界定清晰", weight: 25, maxPoints: 10 },
  { id: "design", name: "方案设计", description: "目标明确，活动与目标匹配，进度合理", weight: 25, maxPoints: 10 },
  { id: "capacity", name: "执行能力", description: "团队专业，过往项目经验", weight: 20, maxPoints: 10 },
  { id: "budget", name: "预算合理", description: "预算科目清晰，单价合理", weight: 15, maxPoints: 10 },
  { id: "impact", name: "社会效益", description: "受益面、可持续性与示范性", weight: 10, maxPoints: 10 },
  { id: "linkage", name: "六社联动", description: "社区、社会组织、社工、社区志愿者、社会慈善资源联动", weight: 5, maxPoints: 10 },
];

const PROJECTS: Record<string, string[]> = {
  elderly: ["银龄互助幸福食堂", "独居老人安心守护", "老年人智能手机课堂", "社区长者健康驿站", "时间银行养老互助"],
  children: ["四点半课堂", "困境儿童成长陪伴", "儿童安全教育营", "社区亲子阅读角", "流动儿童融入计划"],
  disabled: ["助残康复到家", "心智障碍者就业支持", "轮椅上的微笑", "残障人士手工坊"],
  leftBehindWomen: ["留守妇女技能增收", "巾帼互助微家", "乡村妇女健康守护"],
  extremelyPoor: ["特困老人居家照护", "困难家庭微心愿", "低保家庭帮扶计划"],
  other: ["社区邻里节", "垃圾分类新时尚", "社区议事厅", "平安社区志愿巡逻"],
};

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

export async function seedCompetitions(password: string, regulatorName: string, log: (message: string) => void): Promise<void> {
  const random = seededRandom(2022_05);
  const regulator: Actor = { userId: null, name: regulatorName, role: "regulator" };
  const passwordHash = await hashPassword(password);
  await User.insertMany(DEMO_JUDGES.map((j) => ({ ...j, role: "judge", passwordHash })));
  const judges = await User.find({ role: "judge" }, { _id: 1, username: 1 }).sort({ username: 1 }).lean();

  // ---- 2022: the source year -------------------------------------------------------------
  const title = "2022年银川市社区公益创投大赛";
  const created = await createCase({ kind: COMPETITION_KIND, caseKey: `${COMPETITION_KIND}:2022`, input: { title, announcementWorkingDays: 5 }, title, titleSortKey: pinyinSortKey(title), actor: regulator, now: at("2022-02-20T02:00:00Z") });
  await Competition.create({
    _id: created._id,
    title,
    theme: "六社联动聚合力 为民服务零距离",
    year: 2022,
    totalBudgetFen: 200_000_000,
    perProjectCapFen: 10_000_000,
    opensAt: at("2022-03-01T00:00:00Z"),
    closesAt: at("2022-04-15T16:00:00Z"),
    rubric: { criteria: RUBRIC, blind: false },
    judging: { judgesPerEntry: 5, minScores: 3, trimmedMean: true, normalize: false, showOthersAfterSubmit: false, passMark: 60 },
    judgeIds: judges.map((j) => j._id),
    maxEntriesPerOrganization: 1,
  });
  const id = String(created._id);
  const step = (event: Record<string, unknown> & { type: string }, when: string) => sendEvent(id, event, { actor: regulator, now: at(when) });
  const competition = (await loadCompetition(id))!;
  await step({ type: "OPEN", settings: settingsFacts(competition) }, "2022-03-01T01:00:00Z");

  // Registered and on no credit list: the 2022 entries all pass screening.
  const listed = await CreditListing.distinct("organizationId", { removedAt: null });
  const organizations = await Organization.find({ status: "registered", _id: mongoose.trusted({ $nin: listed }) }, { _id: 1, name: 1 }).sort({ uscc: 1 }).limit(42).lean();
  const quality = new Map<string, number>();
  for (const [index, organization] of organizations.entries()) {
    const category = DEFAULT_CATEGORIES[index % DEFAULT_CATEGORIES.length]!;
    const names = PROJECTS[category]!;
    const projectTitle = `${names[Math.floor(index / DEFAULT_CATEGORIES.length) % names.length]}项目`;
    const requestedYuan = 50_000 + random.int(0, 10) * 5_000;
    const lines = [
      { item: "项目人员劳务", category: "personnel", share: 0.4 },
      { item: "活动组织", category: "activities", share: 0.35 },
      { item: "物资采购", category: "materials", share: 0.25 },
    ];
    const amounts = lines.map((l) => Math.round(requestedYuan * l.share));
    amounts[2] = requestedYuan - amounts[0]! - amounts[1]!;
    const application: Record<string, string> = {
      title: projectTitle,
      category,
      targetGroup: "社区居民",
      expectedBeneficiaries: String(random.int(60, 600)),
      community: `${["丽景", "新华", "长城", "宝湖", "民乐", "北塔"][index % 6]}社区`,
      needAnalysis: "通过入户走访和问卷调查，了解到服务对象在日常生活照料、社会参与方面存在较大需求。",
      objectives: "一年内为服务对象提供常态化服务，建立社区互助网络。",
      activities: "第1–2月需求调研；第3–10月开展服务；第11–12月总结评估。",
      team: "项目负责人1名、社工2名、志愿者20名。",
      requested: String(requestedYuan),
    };
    lines.forEach((l, i) => Object.assign(application, { [`budgetItem${i}`]: l.item, [`budgetCategory${i}`]: l.category, [`budgetAmount${i}`]: String(amounts[i]) }));
    const entryCreated = new Date(Date.UTC(2022, 2, 5) + index * 0.8 * DAY);
    const entry = await createCase({
      kind: ENTRY_KIND,
      caseKey: `${ENTRY_KIND}:${id}:${String(organization._id)}:1`,
      input: { competitionId: id, trancheTriggers: competition.tranchePlan.map((t) => t.trigger) },
      title: projectTitle,
      titleSortKey: pinyinSortKey(projectTitle),
      organizationId: String(organization._id),
      data: { competitionId: id, entryNumber: await claimEntryNumber(id, competition.year), application, requestedFen: requestedYuan * 100 },
      actor: { userId: null, name: organization.name, role: "org" },
      now: entryCreated,
    });
    const submittedAt = new Date(entryCreated.getTime() + 3 * DAY);
    await sendEvent(String(entry._id), { type: "SUBMIT", complete: true, windowOpen: true }, { actor: { userId: null, name: organization.name, role: "org" }, now: submittedAt });
    await screenEntry(String(entry._id), new Date(submittedAt.getTime() + 60_000));
    quality.set(String(entry._id), 55 + random.next() * 40);
  }
  await step({ type: "CLOSE_APPLICATIONS" }, "2022-04-15T16:00:00Z");
  await step({ type: "START_SCREENING" }, "2022-04-18T02:00:00Z");
  const eligible = await entriesOf(id, ["eligible"]);
  await step({ type: "START_JUDGING", eligibleEntries: eligible.length }, "2022-04-20T02:00:00Z");

  // A few judges declared links with organizations before assignment.
  const reviewed = await entriesOf(id, ["underReview"]);
  for (const [k, entry] of reviewed.slice(0, 3).entries()) {
    await JudgeConflict.create({ judgeId: judges[k + 1]!._id, organizationId: new mongoose.Types.ObjectId(entry.organizationId), reason: "曾担任该机构顾问", declaredAt: at("2022-04-19T02:00:00Z") });
  }
  await autoAssign(competition, { actor: regulator, now: at("2022-04-21T02:00:00Z") });
  const assignments = await JudgeAssignment.find({ competitionId: created._id, status: "active" }, { entryId: 1, judgeId: 1 }).lean();
  const bias = new Map(judges.map((j) => [String(j._id), random.int(-6, 6)]));
  await ScoreSheet.insertMany(
    assignments.map((a, i) => {
      const base = quality.get(String(a.entryId))! + bias.get(String(a.judgeId))! + random.int(-8, 8);
      const points = Object.fromEntries(RUBRIC.map((c) => [c.id, Math.max(0, Math.min(10, Math.round((base / 10 + (random.next() - 0.5) * 2) * 2) / 2))]));
      return { competitionId: created._id, entryId: a.entryId, judgeId: a.judgeId, points, comments: {}, status: "submitted", submittedAt: new Date(Date.UTC(2022, 4, 5) + (i % 10) * DAY) };
    }),
  );
  await step({ type: "CLOSE_JUDGING", entriesLacking: 0 }, "2022-05-20T02:00:00Z");
  await step({ type: "PUBLISH" }, "2022-05-23T02:00:00Z");
  await step({ type: "DEADLINE_PASSED" }, "2022-05-31T00:00:00Z");
  await step({ type: "FINALIZE", pendingObjections: 0 }, "2022-06-01T02:00:00Z");
  await step({ type: "START_PROJECTS" }, "2022-06-10T02:00:00Z");

  // Funding: agreements uploaded and signed, tranches, reports and reviews; one project failed
  // its mid-term review and was terminated; some final reports await review.
  const awarded = await entriesOf(id, ["awarded"]);
  const orgUsers = await User.find({ role: "org" }, { _id: 1, organizationId: 1 }).lean();
  const bureau = await User.findOne({ role: "regulator" }, { _id: 1 }).lean();
  const percents = competition.tranchePlan.map((t) => t.percent);
  for (const [k, entry] of awarded.entries()) {
    const uploader = String(orgUsers.find((u) => String(u.organizationId) === entry.organizationId)?._id ?? bureau!._id);
    await signWithAgreement(entry, uploader, at("2022-06-20T02:00:00Z"), `YC2022-${String(k + 1).padStart(3, "0")}`);
    const award = entry.context.decision?.awardFen ?? 0;
    const pay = async (trancheIndex: number, paidOn: string) => {
      const amountFen = trancheAmountFen(award, percents, trancheIndex);
      const voucherNumber = `YC2022-${String(k + 1).padStart(3, "0")}-${trancheIndex + 1}`;
      // The payment is the step; its Disbursement row is the step's side effect.
      await sendEvent(entry.id, { type: "RECORD_TRANCHE", trancheIndex, voucherNumber, paidOn: at(paidOn).toISOString(), amountFen }, { actor: regulator, now: at(paidOn) });
    };
    await pay(0, "2022-06-30T02:00:00Z");
    if (k % 7 === 6) continue; // mid-term report not yet in
    await submitDemoReport(entry, "midterm", uploader, at("2022-09-05T02:00:00Z"), k);
    if (k === 4) {
      await moveEntry(entry.id, { type: "MIDTERM_REVIEW", passed: false, comment: "活动开展不足计划的三成，台账缺失。" }, at("2022-09-15T02:00:00Z"));
      await moveEntry(entry.id, { type: "TERMINATE", reason: "中期评估不合格，终止项目。", clawbackFen: Math.floor(award * 0.25) }, at("2022-09-20T02:00:00Z"));
      continue;
    }
    if (k % 7 === 5) continue; // mid-term report awaiting review
    await moveEntry(entry.id, { type: "MIDTERM_REVIEW", passed: true, comment: "活动按计划开展，台账齐全，资金使用规范。" }, at("2022-09-15T02:00:00Z"));
    await pay(1, "2022-09-30T02:00:00Z");
    if (k % 3 === 0) {
      // Final reports: some submitted and awaiting review, the rest still being written.
      if (k % 2 === 0) await submitDemoReport(entry, "final", uploader, at("2022-12-10T02:00:00Z"), k);
      continue;
    }
    await submitDemoReport(entry, "final", uploader, at("2022-12-10T02:00:00Z"), k);
    await moveEntry(entry.id, { type: "FINAL_REVIEW", passed: true, comment: "项目目标全部完成，同意结项。" }, at("2022-12-20T02:00:00Z"));
    await pay(2, "2022-12-28T02:00:00Z");
    await moveEntry(entry.id, { type: "COMPLETE" }, at("2022-12-30T02:00:00Z"));
  }

  // ---- this year's, open for applications now ----------------------------------------------
  const nowMs = Date.now();
  const year = new Date(nowMs).getUTCFullYear();
  const openTitle = `${year}年银川市社区公益创投大赛`;
  const openCase = await createCase({ kind: COMPETITION_KIND, caseKey: `${COMPETITION_KIND}:${year}`, input: { title: openTitle }, title: openTitle, titleSortKey: pinyinSortKey(openTitle), actor: regulator, now: new Date(nowMs - 20 * DAY) });
  await Competition.create({
    _id: openCase._id,
    title: openTitle,
    theme: "五社联动强基层 共建共享美好家园",
    year,
    totalBudgetFen: 250_000_000,
    perProjectCapFen: 10_000_000,
    opensAt: new Date(nowMs - 10 * DAY),
    closesAt: new Date(nowMs + 30 * DAY),
    rubric: { criteria: RUBRIC, blind: true },
    judging: { judgesPerEntry: 5, minScores: 3, trimmedMean: true, normalize: true, showOthersAfterSubmit: false, passMark: 60 },
    judgeIds: judges.map((j) => j._id),
    maxEntriesPerOrganization: 2,
  });
  const openCompetition = (await loadCompetition(String(openCase._id)))!;
  await sendEvent(String(openCase._id), { type: "OPEN", settings: settingsFacts(openCompetition) }, { actor: regulator, now: new Date(nowMs - 10 * DAY) });
  log(`Demo competitions: 2022 with ${organizations.length} entries (${awarded.length} funded), ${year} open for applications.`);
}
