/**
 * The legal basis each document cites, by organization type where the three regulations differ:
 * 《社会团体登记管理条例》(2016), 《民办非企业单位登记管理暂行条例》(1998), 《基金会管理条例》(2004),
 * and the procedure laws. Data, kept in one place so a changed article is one edit; the remedies
 * sentence is the same for every adverse decision. The articles of 《社会组织信用信息管理办法》
 * (民政部令第60号) are not here: a credit-list decision cites the article its listing stores, from
 * the credit rules' own table (`LISTING_BASIS` and `removalBasis` in app/domain/credit.ts).
 */
import type { OrganizationType } from "~/domain/organization";

export const REGULATION: Record<OrganizationType, string> = {
  socialGroup: "《社会团体登记管理条例》",
  socialServiceAgency: "《民办非企业单位登记管理暂行条例》",
  foundation: "《基金会管理条例》",
};

export const ORGANIZATION_TYPE_NAME: Record<OrganizationType, string> = {
  socialGroup: "社会团体",
  socialServiceAgency: "民办非企业单位",
  foundation: "基金会",
};

export const CERTIFICATE_TITLE: Record<OrganizationType, string> = {
  socialGroup: "社会团体法人登记证书",
  socialServiceAgency: "民办非企业单位（法人）登记证书",
  foundation: "基金会法人登记证书",
};

/** 开办资金 / 注册资金 / 原始基金: what each type calls its registered capital. */
export const CAPITAL_LABEL: Record<OrganizationType, string> = {
  socialGroup: "注册资金",
  socialServiceAgency: "开办资金",
  foundation: "原始基金",
};

const byType = (socialGroup: string, socialServiceAgency: string, foundation: string): Record<OrganizationType, string> => ({
  socialGroup: `${REGULATION.socialGroup}${socialGroup}`,
  socialServiceAgency: `${REGULATION.socialServiceAgency}${socialServiceAgency}`,
  foundation: `${REGULATION.foundation}${foundation}`,
});

export const LEGAL_BASIS = {
  /** Preparation (筹备) of a 社会团体: decided within 60 days; refused on the grounds of article 13. */
  preparationReview: `${REGULATION.socialGroup}第十一条、第十二条`,
  preparationDenial: `${REGULATION.socialGroup}第十二条、第十三条`,
  /** Registration review and decision (准予登记 / 不予登记). */
  registration: byType("第十六条", "第十一条、第十二条", "第十一条"),
  /** Incomplete files: the applicant is told once, in writing, everything to correct. */
  correction: "《中华人民共和国行政许可法》第三十二条第一款第（四）项",
  annualInspection: byType("第二十八条", "第二十三条", "第三十六条"),
  deregistration: byType("第十九条、第二十一条", "第十五条、第十七条", "第十六条、第十八条"),
  /** Revocation: fraud at registration or a year without activity, or (by the penalty articles) refusing supervision. */
  revocationFraudOrInactivity: byType("第二十九条", "第二十四条", "第四十一条第（一）项"),
  revocationRefusedSupervision: byType("第三十条第一款第（三）项", "第二十五条第一款第（三）项", "第四十二条第一款第（六）项"),
  hearing: "《中华人民共和国行政处罚法》第六十三条、第六十四条",
} as const;

/** How to seek administrative review (60 days) or sue (6 months), for every adverse decision. */
export const REMEDY =
  "如不服本决定，可以自收到本决定书之日起六十日内，依照《中华人民共和国行政复议法》向银川市人民政府申请行政复议；" +
  "也可以自收到本决定书之日起六个月内，依照《中华人民共和国行政诉讼法》直接向人民法院提起行政诉讼。" +
  "复议和诉讼期间，本决定不停止执行。";
