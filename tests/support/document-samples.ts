/**
 * One set of facts per document kind, as the workflows would record them, for the renderer's
 * tests, the benchmark and sample renders. Long texts on purpose (a long business scope, many
 * announcement lines) so page breaks and wrapping are exercised.
 */
import { LISTING_BASIS, removalBasis } from "~/domain/credit";
import type { DocumentKind } from "~/domain/document-kinds";
import type { DocumentFacts, OrganizationFacts } from "~/documents/templates";

export const SAMPLE_ORGANIZATION: OrganizationFacts = {
  name: "银川市金凤区邻里守望志愿服务中心",
  uscc: "52640106MJY3K8QX1Y",
  type: "socialServiceAgency",
  legalRepresentative: "马丽娟",
  domicile: "银川市金凤区正源北街88号",
  businessScope: "社区邻里互助、志愿服务组织与培训、居家养老探访、困境儿童关爱及相关公益活动",
  registeredCapitalFen: 3_000_000,
  sponsoringUnit: "银川市民政局",
};

const at = "2026-12-03T02:30:00.000Z";
const competition = { title: "银川市第七届社区公益创投大赛", year: 2026, theme: "六社联动聚合力 为民服务零距离" };

export const SAMPLE_FACTS: Record<DocumentKind, DocumentFacts> = {
  acceptanceNotice: { kind: "acceptanceNotice", at, organization: { ...SAMPLE_ORGANIZATION, uscc: "" }, phase: "registration", submittedAt: "2026-11-28T03:00:00.000Z", dueAt: "2027-02-01T02:30:00.000Z" },
  correctionNotice: { kind: "correctionNotice", at, organization: { ...SAMPLE_ORGANIZATION, uscc: "" }, items: "1. 请补充发起人身份证明复印件；2. 请补充拟任负责人简历及无犯罪记录证明；3. 章程第十二条关于理事任期的表述与示范文本不一致，请修改。" },
  denialDecision: { kind: "denialDecision", at, organization: { ...SAMPLE_ORGANIZATION, uscc: "", name: "银川市兴庆区茶艺文化交流中心" }, phase: "registration", reason: "业务范围以营利性培训为主，不符合民办非企业单位非营利性要求。" },
  registrationDecision: { kind: "registrationDecision", at, organization: SAMPLE_ORGANIZATION },
  registrationCertificate: { kind: "registrationCertificate", at, organization: SAMPLE_ORGANIZATION, validUntil: "2031-12-02T16:00:00.000Z" },
  inspectionConclusion: { kind: "inspectionConclusion", at, organization: SAMPLE_ORGANIZATION, year: 2025, result: "basicallyQualified", note: "财务管理制度不健全，未按规定提交审计报告。" },
  rectificationNotice: { kind: "rectificationNotice", at, organization: SAMPLE_ORGANIZATION, year: 2025, items: "完善财务管理制度，补充2025年度审计报告。", deadline: "2027-01-15T15:59:59.999Z" },
  abnormalListing: { kind: "abnormalListing", at, organization: SAMPLE_ORGANIZATION, reason: "lateAnnualReport", detail: "2025", year: 2025, basis: LISTING_BASIS.lateAnnualReport, promotedFrom: null },
  abnormalRemoval: { kind: "abnormalRemoval", at, organization: SAMPLE_ORGANIZATION, reason: "lateAnnualReport", listedAt: "2026-06-01T02:00:00.000Z", note: "该单位已补报2025年度工作报告。", basis: removalBasis("abnormal", "verified") },
  seriousListing: {
    kind: "seriousListing",
    at,
    organization: SAMPLE_ORGANIZATION,
    reason: "abnormalForTwoYears",
    detail: "列入活动异常名录满 2 年（2026-11-20）：按登记住所两次实地核查均无法联系。",
    year: null,
    basis: LISTING_BASIS.abnormalForTwoYears,
    promotedFrom: { listedAt: "2024-11-20T02:00:00.000Z", reasons: ["unreachableAddress"] },
  },
  seriousRemoval: { kind: "seriousRemoval", at, organization: SAMPLE_ORGANIZATION, reason: "abnormalForTwoYears", listedAt: "2026-11-21T02:00:00.000Z", note: "该单位已变更登记住所并经实地核查可以联系。", basis: removalBasis("serious", "verified") },
  deregistrationCertificate: { kind: "deregistrationCertificate", at, organization: SAMPLE_ORGANIZATION, reason: "章程规定的宗旨已经实现，理事会决议注销", noticeStartedAt: "2026-09-01T02:00:00.000Z", assetsHandedTo: "银川市慈善总会" },
  hearingNotice: { kind: "hearingNotice", at, organization: SAMPLE_ORGANIZATION, grounds: "取得登记证书后一年以上未开展任何业务活动。", evidence: ["实地核查住所无人办公", "银行流水一年无业务收支"], refusedSupervision: false, requestBy: "2026-12-08T02:30:00.000Z" },
  revocationDecision: { kind: "revocationDecision", at, organization: SAMPLE_ORGANIZATION, grounds: "取得登记证书后一年以上未开展任何业务活动。", reason: "该单位自取得登记证书之日起一年以上未开展活动，事实清楚，证据确凿。", evidence: ["实地核查住所无人办公", "银行流水一年无业务收支"], refusedSupervision: false, noticeAt: "2026-11-20T02:30:00.000Z", hearingHeld: false },
  publicAnnouncement: {
    kind: "publicAnnouncement",
    at,
    competition,
    endsAt: "2026-12-09T15:59:59.999Z",
    workingDays: 5,
    lines: Array.from({ length: 24 }, (_, i) => ({ rank: i + 1, organizationName: `银川市第${i + 1}社区服务中心`, projectTitle: `“银龄互助”居家养老服务项目（第${i + 1}期）`, awardFen: 8_000_000 - i * 100_000 })),
  },
  fundingAgreement: {
    kind: "fundingAgreement",
    at,
    competition,
    organization: SAMPLE_ORGANIZATION,
    projectTitle: "“银龄互助”居家养老服务项目",
    category: "为老服务",
    awardFen: 8_000_000,
    tranches: [
      { percent: 50, trigger: "signing", amountFen: 4_000_000 },
      { percent: 30, trigger: "midtermPass", amountFen: 2_400_000 },
      { percent: 20, trigger: "finalPass", amountFen: 1_600_000 },
    ],
    budget: [
      { item: "志愿者培训", amountFen: 2_000_000 },
      { item: "上门探访服务", amountFen: 4_500_000 },
      { item: "宣传与评估", amountFen: 1_500_000 },
    ],
  },
  disbursementNotice: {
    kind: "disbursementNotice",
    at,
    competition,
    organization: SAMPLE_ORGANIZATION,
    projectTitle: "“银龄互助”居家养老服务项目",
    trancheNumber: 1,
    trancheCount: 3,
    amountFen: 4_000_000,
    awardFen: 8_000_000,
    paidToDateFen: 4_000_000,
    paidOn: "2026-12-02T02:00:00.000Z",
    voucherNumber: "YCMZ-2026-1203",
  },
};
