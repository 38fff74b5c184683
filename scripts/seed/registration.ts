/**
 * Demo registration applications in every open state (and two closed ones), so the review
 * queue, the case page, the diagram and the timeline have something real to show. Driven
 * through the workflow engine with past times, exactly as people would have done it.
 */
import { User } from "../../models/user";
import { hashPassword } from "../../app/auth/password.server";
import { pinyinSortKey } from "../../app/domain/pinyin";
import { EMPTY_APPLICATION, type ApplicationDraft } from "../../app/registration/application-form";
import { sealApplication } from "../../app/registration/application-personal.server";
import { REGISTRATION_KIND } from "../../app/registration/registration-workflow.server";
import { createCase, sendEvent, type Actor } from "../../app/workflow/engine.server";
import { demoIdNumber, demoMobile } from "./personal";

const DAY = 86_400_000;

type Step = { event: Record<string, unknown> & { type: string }; by: "applicant" | "regulator"; daysAgo: number; comment?: string };

type DemoApplication = Pick<ApplicationDraft, "proposedName" | "orgType" | "domicile" | "legalRepresentative" | "registeredCapital" | "businessScope" | "sponsoringUnit" | "contactPhone"> & { district: string };

const PLANS: { application: DemoApplication; steps: Step[] }[] = [
  {
    application: { proposedName: "银川市金凤区邻里守望志愿服务中心", orgType: "socialServiceAgency", district: "640106", domicile: "银川市金凤区正源北街88号", legalRepresentative: "马丽娟", registeredCapital: "30000", businessScope: "社区邻里互助、志愿服务组织与培训", sponsoringUnit: "", contactPhone: "0951-6012345" },
    steps: [],
  },
  {
    application: { proposedName: "银川市兴庆区银发康养服务中心", orgType: "socialServiceAgency", district: "640104", domicile: "银川市兴庆区解放东街120号", legalRepresentative: "杨建国", registeredCapital: "100000", businessScope: "居家养老上门服务、老年人健康管理", sponsoringUnit: "银川市民政局", contactPhone: "0951-6023456" },
    steps: [{ event: { type: "SUBMIT", complete: true }, by: "applicant", daysAgo: 2 }],
  },
  {
    application: { proposedName: "银川市西夏区青少年科创教育促进会", orgType: "socialGroup", district: "640105", domicile: "银川市西夏区文昌北路66号", legalRepresentative: "李思源", registeredCapital: "50000", businessScope: "青少年科技创新教育交流、竞赛组织", sponsoringUnit: "银川市教育局", contactPhone: "0951-6034567" },
    steps: [
      { event: { type: "SUBMIT", complete: true }, by: "applicant", daysAgo: 20 },
      { event: { type: "REQUEST_CORRECTION", items: "请补充发起人身份证明和拟任负责人简历。" }, by: "regulator", daysAgo: 18 },
    ],
  },
  {
    application: { proposedName: "银川市永宁县乡村振兴促进会", orgType: "socialGroup", district: "640121", domicile: "银川市永宁县杨和镇纳家户村", legalRepresentative: "纳文辉", registeredCapital: "30000", businessScope: "乡村产业发展交流、技术培训", sponsoringUnit: "银川市农业农村局", contactPhone: "0951-6045678" },
    steps: [
      { event: { type: "SUBMIT", complete: true }, by: "applicant", daysAgo: 40 },
      { event: { type: "ACCEPT" }, by: "regulator", daysAgo: 38, comment: "材料齐全，予以受理。" },
      { event: { type: "RECORD_SPONSOR_OPINION", opinion: "同意筹备。" }, by: "regulator", daysAgo: 30 },
    ],
  },
  {
    application: { proposedName: "银川市贺兰县葡萄酒文化研究会", orgType: "socialGroup", district: "640122", domicile: "银川市贺兰县习岗镇兰光街18号", legalRepresentative: "周海燕", registeredCapital: "30000", businessScope: "葡萄酒文化研究、学术交流", sponsoringUnit: "银川市文化旅游广电局", contactPhone: "0951-6056789" },
    steps: [
      { event: { type: "SUBMIT", complete: true }, by: "applicant", daysAgo: 120 },
      { event: { type: "ACCEPT" }, by: "regulator", daysAgo: 118 },
      { event: { type: "APPROVE_PREPARATION" }, by: "regulator", daysAgo: 100, comment: "同意筹备，请在 6 个月内召开成立大会。" },
    ],
  },
  {
    application: { proposedName: "银川市灵武市阳光助残服务中心", orgType: "socialServiceAgency", district: "640181", domicile: "银川市灵武市朔方路36号", legalRepresentative: "孙秀英", registeredCapital: "50000", businessScope: "残疾人康复训练、辅助就业服务", sponsoringUnit: "银川市残疾人联合会", contactPhone: "0951-6067890" },
    steps: [
      { event: { type: "SUBMIT", complete: true }, by: "applicant", daysAgo: 25 },
      { event: { type: "ACCEPT" }, by: "regulator", daysAgo: 21 },
    ],
  },
  {
    application: { proposedName: "宁夏银川社区发展基金会", orgType: "foundation", district: "640106", domicile: "银川市金凤区亲水大街200号", legalRepresentative: "高志远", registeredCapital: "4000000", businessScope: "资助社区公益项目、社区社会组织培育", sponsoringUnit: "银川市民政局", contactPhone: "0951-6078901" },
    steps: [
      { event: { type: "SUBMIT", complete: true }, by: "applicant", daysAgo: 75 },
      { event: { type: "ACCEPT" }, by: "regulator", daysAgo: 66 },
      { event: { type: "DEADLINE_PASSED" }, by: "regulator", daysAgo: 5 },
    ],
  },
  {
    application: { proposedName: "银川市兴庆区茶艺文化交流中心", orgType: "socialServiceAgency", district: "640104", domicile: "银川市兴庆区文化西街9号", legalRepresentative: "吴明", registeredCapital: "10000", businessScope: "茶艺培训、文化交流", sponsoringUnit: "", contactPhone: "0951-6089012" },
    steps: [
      { event: { type: "SUBMIT", complete: true }, by: "applicant", daysAgo: 60 },
      { event: { type: "ACCEPT" }, by: "regulator", daysAgo: 58 },
      { event: { type: "DENY", reason: "业务范围以营利性培训为主，不符合民办非企业单位非营利性要求。" }, by: "regulator", daysAgo: 30 },
    ],
  },
];

/** Made-up but well-formed identity and mobile numbers: the legal representative and one founder. */
function demoApplicantPersonalData(index: number, district: string): Partial<ApplicationDraft> {
  return {
    legalRepresentativeIdNumber: demoIdNumber(district, 1970 + index, index),
    legalRepresentativeMobile: demoMobile(500 + index),
    founder1Name: "赵晨曦",
    founder1IdNumber: demoIdNumber(district, 1985, 100 + index),
    founder1Mobile: demoMobile(600 + index),
  };
}

export const DEMO_APPLICANT = { username: "applicant", displayName: "赵晨曦" };

export async function seedRegistrations(password: string, regulatorName: string, log: (message: string) => void): Promise<void> {
  const applicantUser = await User.create({ ...DEMO_APPLICANT, role: "applicant", passwordHash: await hashPassword(password) });
  const applicant: Actor = { userId: String(applicantUser._id), name: DEMO_APPLICANT.displayName, role: "applicant" };
  const regulator: Actor = { userId: null, name: regulatorName, role: "regulator" };
  const now = Date.now();
  for (const [index, plan] of PLANS.entries()) {
    const firstDay = Math.max(0, ...plan.steps.map((s) => s.daysAgo)) + 1;
    const created = await createCase({
      kind: REGISTRATION_KIND,
      input: { orgType: plan.application.orgType, proposedName: plan.application.proposedName },
      title: plan.application.proposedName,
      titleSortKey: pinyinSortKey(plan.application.proposedName),
      ownerUserId: applicant.userId,
      data: { application: sealApplication({ ...EMPTY_APPLICATION, ...(plan.application as Partial<ApplicationDraft>), ...demoApplicantPersonalData(index, plan.application.district) }) },
      actor: applicant,
      now: new Date(now - firstDay * DAY),
    });
    for (const step of plan.steps) {
      await sendEvent(String(created._id), step.event, {
        actor: step.event.type === "DEADLINE_PASSED" ? { userId: null, name: "系统（定时任务）", role: "system" } : step.by === "applicant" ? applicant : regulator,
        comment: step.comment,
        now: new Date(now - step.daysAgo * DAY),
      });
    }
  }
  log(`Demo data: ${PLANS.length} registration applications.`);
}
