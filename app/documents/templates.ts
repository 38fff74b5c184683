/**
 * What each document says: the facts a decision recorded, composed into the text of the
 * document (title, addressee, body paragraphs, particulars, remedies). Pure: the same facts give
 * the same text, which is stored on the document row as issued, so a later change of wording
 * never alters a document already issued. Official documents are in Chinese only.
 */
import { GROUND_NEEDS_CURE, LISTING_BASIS, type AbnormalGround, type CreditList, type ListingReason } from "~/domain/credit";
import type { OrganizationType } from "~/domain/organization";
import { fenToYuanString } from "~/i18n/format";
import { translator } from "~/i18n/i18n";
import { numericChineseDate } from "./chinese-date";
import type { DocumentKind } from "~/domain/document-kinds";
import { CAPITAL_LABEL, CERTIFICATE_TITLE, LEGAL_BASIS, ORGANIZATION_TYPE_NAME, REMEDY } from "./legal-basis";

export const ISSUING_AUTHORITY = "银川市民政局";
/** Years a registration certificate is valid for. */
export const CERTIFICATE_VALIDITY_YEARS = 5;

export interface DocumentContent {
  layout: "letter" | "certificate";
  title: string;
  /** 主送机关: the organization the document is addressed to ("" for a public notice). */
  addressee: string;
  paragraphs: string[];
  /**
   * Particulars as a table: a certificate's or decision's fields (label, value), an announcement's
   * projects, an agreement's budget. `header` empty for label/value tables; `widths` are fractions.
   */
  table: DocumentTable | null;
  /** Closing paragraphs: how to seek review or sue, what to do next. */
  notes: string[];
  /** Signature lines for the parties of an agreement (乙方 signs the printed copy). */
  parties: { role: string; name: string }[];
}

export interface DocumentTable {
  header: string[];
  widths: number[];
  rows: { cells: string[] }[];
}

export interface OrganizationFacts {
  name: string;
  /** The unified social credit code, once registered. */
  uscc: string;
  type: OrganizationType;
  legalRepresentative: string;
  domicile: string;
  businessScope: string;
  registeredCapitalFen: number;
  sponsoringUnit: string;
}

type Dated = { at: string };

export type DocumentFacts =
  | ({ kind: "acceptanceNotice"; organization: OrganizationFacts; phase: "preparation" | "registration"; submittedAt: string | null; dueAt: string | null } & Dated)
  | ({ kind: "correctionNotice"; organization: OrganizationFacts; items: string } & Dated)
  | ({ kind: "denialDecision"; organization: OrganizationFacts; phase: "preparation" | "registration"; reason: string } & Dated)
  | ({ kind: "registrationDecision"; organization: OrganizationFacts } & Dated)
  | ({ kind: "registrationCertificate"; organization: OrganizationFacts; validUntil: string } & Dated)
  | ({ kind: "inspectionConclusion"; organization: OrganizationFacts; year: number; result: "qualified" | "basicallyQualified" | "unqualified"; note: string } & Dated)
  | ({ kind: "rectificationNotice"; organization: OrganizationFacts; year: number; items: string; deadline: string } & Dated)
  | ({
      kind: "abnormalListing" | "seriousListing";
      organization: OrganizationFacts;
      reason: ListingReason;
      detail: string;
      year: number | null;
      /** The article the listing applies, as the listing stores it. */
      basis: string;
      /** A promotion after two years: when those two years started, and the abnormal listings' grounds. */
      promotedFrom: { listedAt: string; reasons: ListingReason[] } | null;
    } & Dated)
  | ({ kind: "abnormalRemoval" | "seriousRemoval"; organization: OrganizationFacts; reason: ListingReason; listedAt: string; note: string; basis: string } & Dated)
  | ({ kind: "deregistrationCertificate"; organization: OrganizationFacts; reason: string; noticeStartedAt: string | null; assetsHandedTo: string | null } & Dated)
  | ({ kind: "hearingNotice"; organization: OrganizationFacts; grounds: string; evidence: string[]; refusedSupervision: boolean; requestBy: string } & Dated)
  | ({ kind: "revocationDecision"; organization: OrganizationFacts; grounds: string; reason: string; evidence: string[]; refusedSupervision: boolean; noticeAt: string | null; hearingHeld: boolean } & Dated)
  | ({
      kind: "publicAnnouncement";
      competition: CompetitionFacts;
      endsAt: string;
      workingDays: number;
      lines: { rank: number; organizationName: string; projectTitle: string; awardFen: number }[];
    } & Dated)
  | ({
      kind: "fundingAgreement";
      competition: CompetitionFacts;
      organization: OrganizationFacts;
      projectTitle: string;
      category: string;
      awardFen: number;
      tranches: { percent: number; trigger: "signing" | "midtermPass" | "finalPass"; amountFen: number }[];
      budget: { item: string; amountFen: number }[];
    } & Dated)
  | ({
      kind: "disbursementNotice";
      competition: CompetitionFacts;
      organization: OrganizationFacts;
      projectTitle: string;
      trancheNumber: number;
      trancheCount: number;
      amountFen: number;
      awardFen: number;
      paidToDateFen: number;
      paidOn: string;
      voucherNumber: string;
    } & Dated);

export interface CompetitionFacts {
  title: string;
  year: number;
  theme: string;
}

type FactsOf<K extends DocumentKind> = Extract<DocumentFacts, { kind: K }>;

const zh = translator("zh-CN");
const yuan = (fen: number) => `${fenToYuanString(fen)}元`;
const date = numericChineseDate;
const addressee = (o: OrganizationFacts) => `${o.name}：`;
const identity = (o: OrganizationFacts) => (o.uscc ? `${o.name}（统一社会信用代码：${o.uscc}）` : o.name);
const CONTACT = `如有疑问，请通过银川市社会组织综合监管平台与${ISSUING_AUTHORITY}社会组织管理科联系。`;

function letter(title: string, organization: OrganizationFacts | null, paragraphs: string[], notes: string[] = [], table: DocumentTable | null = null): DocumentContent {
  return { layout: "letter", title, addressee: organization ? addressee(organization) : "", paragraphs, table, notes, parties: [] };
}

const fields = (rows: [string, string][]): DocumentTable => ({ header: [], widths: [0.32, 0.68], rows: rows.map((cells) => ({ cells })) });

function organizationFields(o: OrganizationFacts): [string, string][] {
  return [
    ["名称", o.name],
    ["统一社会信用代码", o.uscc],
    ["住所", o.domicile],
    ["法定代表人", o.legalRepresentative],
    ["业务范围", o.businessScope],
    [CAPITAL_LABEL[o.type], yuan(o.registeredCapitalFen)],
    ["业务主管单位", o.sponsoringUnit || "无"],
  ];
}

const COMPOSERS: { [K in DocumentKind]: (facts: FactsOf<K>) => DocumentContent } = {
  acceptanceNotice: (f) => {
    const what = f.phase === "preparation" ? `筹备成立${f.organization.name}的申请` : `${f.organization.name}的成立登记申请`;
    const basis = f.phase === "preparation" ? LEGAL_BASIS.preparationReview : LEGAL_BASIS.registration[f.organization.type];
    return letter(
      "受理通知书",
      f.organization,
      [
        `你方${f.submittedAt ? `于${date(f.submittedAt)}` : ""}提交的${what}，经审查，申请材料齐全、符合法定形式。根据${basis}的规定，我局决定予以受理，受理日期为${date(f.at)}。`,
        f.dueAt ? `我局将在法定期限内依法审查并作出决定，审查期限至${date(f.dueAt)}届满。审查期间如需补充材料，我局将一次性书面告知。` : "我局将在法定期限内依法审查并作出决定。",
      ],
      [`特此通知。`, CONTACT],
    );
  },
  correctionNotice: (f) =>
    letter(
      "补正材料通知书",
      f.organization,
      [
        `你方提交的${f.organization.name}${ORGANIZATION_TYPE_NAME[f.organization.type]}登记申请材料，经审查，尚不齐全或者不符合法定形式。根据${LEGAL_BASIS.correction}的规定，现一次性告知需要补正的全部内容如下：`,
        f.items,
        "请按上述要求补正后重新提交。补正材料提交前，登记审查期限不予计算。",
      ],
      ["特此通知。", CONTACT],
    ),
  denialDecision: (f) => {
    const preparation = f.phase === "preparation";
    const basis = preparation ? LEGAL_BASIS.preparationDenial : LEGAL_BASIS.registration[f.organization.type];
    return letter(
      preparation ? "不予批准筹备决定书" : "不予登记决定书",
      f.organization,
      [
        `你方申请${preparation ? "筹备成立" : "登记"}的${f.organization.name}，经我局依法审查，不符合法定条件。理由如下：${f.reason}`,
        `根据${basis}的规定，我局决定${preparation ? "不予批准筹备" : "不予登记"}。`,
      ],
      [REMEDY],
    );
  },
  registrationDecision: (f) =>
    letter(
      "准予登记决定书",
      f.organization,
      [
        `你方申请登记的${f.organization.name}，经我局依法审查，符合${ORGANIZATION_TYPE_NAME[f.organization.type]}登记的法定条件。根据${LEGAL_BASIS.registration[f.organization.type]}的规定，我局决定准予登记，并发给《${CERTIFICATE_TITLE[f.organization.type]}》（正本、副本）。登记事项如下：`,
      ],
      [`请你单位自登记之日起依照章程开展活动，按规定刻制印章、开立银行账户并报我局备案，每年按时报送年度工作报告。`],
      fields(organizationFields(f.organization)),
    ),
  registrationCertificate: (f) => ({
    layout: "certificate",
    title: CERTIFICATE_TITLE[f.organization.type],
    addressee: "",
    paragraphs: [],
    table: fields([...organizationFields(f.organization), ["登记管理机关", ISSUING_AUTHORITY], ["有效期", `自${date(f.at)}至${date(f.validUntil)}`]]),
    notes: [`依据${LEGAL_BASIS.registration[f.organization.type]}核准登记。`],
    parties: [],
  }),
  inspectionConclusion: (f) => {
    const result = { qualified: "合格", basicallyQualified: "基本合格", unqualified: "不合格" }[f.result];
    return letter(
      "年度检查结论通知书",
      f.organization,
      [
        `根据${LEGAL_BASIS.annualInspection[f.organization.type]}的规定，我局对你单位${f.year}年度工作报告进行了审查。经审查，你单位${f.year}年度检查结论为：${result}。`,
        ...(f.note ? [`审查意见：${f.note}`] : []),
        ...(f.result === "qualified" ? [] : ["对审查中发现的问题，我局将另行书面通知整改要求，请你单位按期完成整改。"]),
      ],
      f.result === "qualified" ? ["特此通知。"] : [REMEDY],
    );
  },
  rectificationNotice: (f) =>
    letter(
      "责令整改通知书",
      f.organization,
      [
        `我局在对你单位${f.year}年度工作报告的审查中发现问题。根据${LEGAL_BASIS.annualInspection[f.organization.type]}及${LISTING_BASIS.rectificationNotDone}的规定，责令你单位限期整改。整改事项如下：`,
        f.items,
        `请你单位于${date(f.deadline)}前完成整改，并通过本平台提交整改情况说明及证明材料。逾期未完成整改的，我局将依法将你单位列入活动异常名录。`,
      ],
      [REMEDY],
    ),
  abnormalListing: (f) => listingDecision(f, "abnormal"),
  seriousListing: (f) => listingDecision(f, "serious"),
  abnormalRemoval: (f) => removalDecision(f, "abnormal"),
  seriousRemoval: (f) => removalDecision(f, "serious"),
  deregistrationCertificate: (f) =>
    letter(
      "注销登记证明",
      f.organization,
      [
        `${identity(f.organization)}因${f.reason}，经业务主管单位同意并完成清算，向我局申请注销登记。${f.noticeStartedAt ? `我局已于${date(f.noticeStartedAt)}起予以公告，公告期内无异议。` : ""}${f.assetsHandedTo ? `其剩余财产已移交${f.assetsHandedTo}。` : ""}`,
        `根据${LEGAL_BASIS.deregistration[f.organization.type]}的规定，我局准予注销登记，注销日期为${date(f.at)}。该组织的登记证书正本、副本及印章、财务凭证已缴回。`,
      ],
      ["特此证明。"],
    ),
  hearingNotice: (f) =>
    letter(
      "听证告知书",
      f.organization,
      [
        `经调查，你单位存在以下情形：${f.grounds}`,
        ...(f.evidence.length ? [`主要证据：${f.evidence.join("；")}。`] : []),
        `我局拟依据${revocationBasis(f)}的规定，对你单位作出撤销登记的行政处罚。`,
        `根据${LEGAL_BASIS.hearing}的规定，你单位有权要求举行听证。如要求听证，应当在收到本告知书之日起五日内（${date(f.requestBy)}前）向我局提出；逾期未提出的，视为放弃听证权利。你单位也可以在上述期限内进行陈述和申辩。`,
      ],
      [CONTACT],
    ),
  revocationDecision: (f) =>
    letter(
      "撤销登记决定书",
      f.organization,
      [
        `经调查，你单位存在以下情形：${f.grounds}`,
        ...(f.evidence.length ? [`上述事实有以下证据证明：${f.evidence.join("；")}。`] : []),
        `我局${f.noticeAt ? `已于${date(f.noticeAt)}` : "已"}依法告知你单位拟作出行政处罚的事实、理由、依据及要求听证的权利，${f.hearingHeld ? "并依你单位申请举行了听证" : "你单位在法定期限内未要求听证"}。`,
        `我局认为：${f.reason}根据${revocationBasis(f)}的规定，决定撤销${identity(f.organization)}的登记。`,
        `本决定自送达之日起生效。自生效之日起，你单位的登记证书正本、副本及印章作废，不得再以${ORGANIZATION_TYPE_NAME[f.organization.type]}名义开展活动，并应在登记管理机关指导下依法清算。`,
      ],
      [REMEDY],
    ),
  publicAnnouncement: (f) =>
    letter(
      `${f.competition.title}拟资助项目公示`,
      null,
      [
        `${f.competition.year}年社区公益创投大赛${f.competition.theme ? `（主题：${f.competition.theme}）` : ""}经资格审查、专家评审和综合排名，拟资助以下${f.lines.length}个项目，资助金额合计${yuan(f.lines.reduce((sum, l) => sum + l.awardFen, 0))}。现予公示。`,
        `公示期为${f.workingDays}个工作日，自${date(f.at)}起至${date(f.endsAt)}止。公示期间，任何单位和个人对拟资助项目有异议的，可以通过本平台公示页面实名提出，并提供必要的证明材料。`,
      ],
      ["特此公告。", CONTACT],
      { header: ["序号", "申报单位", "项目名称", "资助金额（元）"], widths: [0.1, 0.32, 0.36, 0.22], rows: f.lines.map((l) => ({ cells: [String(l.rank), l.organizationName, l.projectTitle, fenToYuanString(l.awardFen)] })) },
    ),
  fundingAgreement: (f) => ({
    ...letter(
      "社区公益创投项目资助协议书",
      null,
      [
        `甲方：${ISSUING_AUTHORITY}`,
        `乙方：${identity(f.organization)}，法定代表人：${f.organization.legalRepresentative}`,
        `乙方申报的“${f.projectTitle}”项目（${f.category}）经${f.competition.title}评审、公示，确定为资助项目。为明确双方权利义务，依据本届大赛实施方案，双方订立本协议：`,
        `一、甲方资助乙方项目资金共计${yuan(f.awardFen)}，分${f.tranches.length}期拨付：${f.tranches.map((t, i) => `第${i + 1}期${t.percent}%，计${yuan(t.amountFen)}，于${zh(`competition.trigger.${t.trigger}`)}拨付`).join("；")}。`,
        "二、乙方应按申报书及预算实施项目，专款专用，不得挪作他用；预算调整应事先书面报甲方同意。",
        "三、乙方应按时提交中期报告和结项报告，接受甲方组织的中期评估和结项评估；评估不合格的，甲方可以终止资助并追回未按约定使用的资金。",
        "四、本协议自双方签署之日起生效，一式两份，双方各执一份。乙方签署后将签署件上传至本平台。",
        "五、项目预算明细如下：",
      ],
      [],
      { header: ["预算科目", "金额（元）"], widths: [0.6, 0.4], rows: f.budget.map((b) => ({ cells: [b.item, fenToYuanString(b.amountFen)] })) },
    ),
    parties: [
      { role: "甲方（盖章）", name: ISSUING_AUTHORITY },
      { role: "乙方（盖章）", name: f.organization.name },
    ],
  }),
  disbursementNotice: (f) =>
    letter(
      "资助资金拨付通知",
      f.organization,
      [
        `你单位承担的${f.competition.title}资助项目“${f.projectTitle}”，资助总额${yuan(f.awardFen)}。根据资助协议的约定，我局已于${date(f.paidOn)}拨付第${f.trancheNumber}期（共${f.trancheCount}期）资助资金${yuan(f.amountFen)}，拨付凭证号${f.voucherNumber}。截至本次，累计拨付${yuan(f.paidToDateFen)}。`,
        "请你单位及时核对到账情况，严格按照项目预算使用资金，专款专用，并在项目报告中如实反映资金使用情况。",
      ],
      ["特此通知。"],
    ),
};

const reasonName = (reason: ListingReason) => zh(`dailyGate.reason.${reason}`);

/** How the organization leaves the list it is put on, as the decision tells it. */
function wayOff(f: FactsOf<"abnormalListing" | "seriousListing">, list: CreditList): string {
  if (list === "abnormal") {
    return GROUND_NEEDS_CURE[f.reason as AbnormalGround] === false
      ? "本情形无需整改，自列入之日起满6个月，我局将你单位移出活动异常名录。"
      : "你单位履行相关义务或者完成整改后，可以向我局申请移出活动异常名录。列入活动异常名录满2年仍未移出的，将被列入严重违法失信名单。";
  }
  return f.reason === "registrationRevoked"
    ? "你单位依法完成注销登记后，移出严重违法失信名单。"
    : "被列入严重违法失信名单满2年且期间未再出现列入情形、已履行相关义务或者完成整改的，可以向我局申请移出。";
}

function listingDecision(f: FactsOf<"abnormalListing" | "seriousListing">, list: CreditList): DocumentContent {
  const listName = list === "abnormal" ? "活动异常名录" : "严重违法失信名单";
  const cause = f.promotedFrom
    ? `你单位自${date(f.promotedFrom.listedAt)}被列入活动异常名录（事由：${f.promotedFrom.reasons.map(reasonName).join("、")}）已满2年，仍未移出`
    : `你单位存在以下情形：${reasonName(f.reason)}${f.year && f.reason === "lateAnnualReport" ? `（${f.year}年度）` : ""}${f.detail && f.detail !== String(f.year) ? `，${f.detail}` : ""}`;
  const decided = f.promotedFrom ? `将${identity(f.organization)}移出活动异常名录，列入${listName}` : `将${identity(f.organization)}列入${listName}`;
  return letter(
    `列入${listName}决定书`,
    f.organization,
    [`${cause}。`, `根据${f.basis}的规定，我局决定自${date(f.at)}起${decided}，并通过社会组织信用信息公示平台向社会公开。`, wayOff(f, list)],
    [REMEDY],
  );
}

function removalDecision(f: FactsOf<"abnormalRemoval" | "seriousRemoval">, list: CreditList): DocumentContent {
  const listName = list === "abnormal" ? "活动异常名录" : "严重违法失信名单";
  return letter(
    `移出${listName}决定书`,
    f.organization,
    [
      `你单位于${date(f.listedAt)}因“${reasonName(f.reason)}”被列入${listName}。经我局核实，${f.note}`,
      `根据${f.basis}的规定，我局决定自${date(f.at)}起将${identity(f.organization)}移出${listName}。`,
    ],
    ["特此决定。"],
  );
}

function revocationBasis(f: { organization: OrganizationFacts; refusedSupervision: boolean }): string {
  return (f.refusedSupervision ? LEGAL_BASIS.revocationRefusedSupervision : LEGAL_BASIS.revocationFraudOrInactivity)[f.organization.type];
}

export function composeDocument(facts: DocumentFacts): DocumentContent {
  return (COMPOSERS[facts.kind] as (f: DocumentFacts) => DocumentContent)(facts);
}

/** The paragraph a correction adds: which document it replaces, and why. */
export function correctionParagraph(number: string, reason: string): string {
  return `本文书系对${number}的更正，更正原因：${reason}。原文书自本文书签发之日起作废。`;
}

