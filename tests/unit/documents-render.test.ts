/**
 * Every kind of official document, rendered from the facts a decision records and read back with
 * a PDF parser: the 文号, the organization, the credit code, the dates in Chinese form, the legal
 * basis, the remedies of adverse decisions, and the verification code are text a reader can copy.
 */
import { describe, expect, it } from "vitest";
import { chineseDate, numericChineseDate } from "~/documents/chinese-date";
import { DOCUMENT_KINDS, documentNumber, formatVerificationCode, normalizeVerificationCode, type DocumentKind } from "~/domain/document-kinds";
import { renderDocumentPdf } from "~/documents/pdf.server";
import { composeDocument, ISSUING_AUTHORITY } from "~/documents/templates";
import { SAMPLE_FACTS, SAMPLE_ORGANIZATION } from "../support/document-samples";
import { pdfPageCount, pdfText } from "../support/pdf-text";

const CODE = "K7QM3XPA9TDW4HRN";

async function render(kind: DocumentKind) {
  const facts = SAMPLE_FACTS[kind];
  const pdf = await renderDocumentPdf({
    content: composeDocument(facts),
    number: documentNumber(kind, 2026, 12),
    issuedAt: new Date(facts.at),
    authority: ISSUING_AUTHORITY,
    verificationCode: CODE,
    verifyUrl: `https://sop.example.cn/verify/${CODE}`,
  });
  return { pdf, text: await pdfText(pdf) };
}

/** What each kind must say beyond the number, the date and the verification code. */
const EXPECTED: Record<DocumentKind, string[]> = {
  acceptanceNotice: ["受理通知书", SAMPLE_ORGANIZATION.name, "《民办非企业单位登记管理暂行条例》第十一条、第十二条", "决定予以受理", "2027年2月1日"],
  correctionNotice: ["补正材料通知书", "《中华人民共和国行政许可法》第三十二条第一款第（四）项", "请补充发起人身份证明复印件"],
  denialDecision: ["不予登记决定书", "银川市兴庆区茶艺文化交流中心", "不符合民办非企业单位非营利性要求", "六十日内", "行政复议", "六个月内", "行政诉讼"],
  registrationDecision: ["准予登记决定书", SAMPLE_ORGANIZATION.name, SAMPLE_ORGANIZATION.uscc, SAMPLE_ORGANIZATION.domicile, "马丽娟", "30,000.00元", "《民办非企业单位登记管理暂行条例》第十一条、第十二条"],
  registrationCertificate: ["民办非企业单位（法人）登记证书", "（正本）", "（副本）", SAMPLE_ORGANIZATION.uscc, SAMPLE_ORGANIZATION.businessScope, "有效期", "自2026年12月3日至2031年12月3日", "开办资金"],
  inspectionConclusion: ["年度检查结论通知书", "2025年度检查结论为：基本合格", "《民办非企业单位登记管理暂行条例》第二十三条", "行政复议"],
  rectificationNotice: ["责令整改通知书", "完善财务管理制度", "2027年1月15日前完成整改", "《社会组织信用信息管理办法》第十条第一款第（三）项"],
  abnormalListing: ["列入活动异常名录决定书", "未按时报送年度报告（2025年度）", SAMPLE_ORGANIZATION.uscc, "《社会组织信用信息管理办法》第十条第一款第（一）项", "行政诉讼"],
  abnormalRemoval: ["移出活动异常名录决定书", "该单位已补报2025年度工作报告", "《社会组织信用信息管理办法》第十三条", "2026年6月1日"],
  seriousListing: ["列入严重违法失信名单决定书", "已满2年", "通过登记的住所无法联系", "《社会组织信用信息管理办法》第十四条第一款第（一）项", "移出活动异常名录，列入严重违法失信名单", "2024年11月20日", "行政复议"],
  seriousRemoval: ["移出严重违法失信名单决定书", "《社会组织信用信息管理办法》第十六条"],
  deregistrationCertificate: ["注销登记证明", "银川市慈善总会", "《民办非企业单位登记管理暂行条例》第十五条、第十七条", "特此证明"],
  hearingNotice: ["听证告知书", "《中华人民共和国行政处罚法》第六十三条、第六十四条", "五日内", "2026年12月8日", "撤销登记", "第二十四条"],
  revocationDecision: ["撤销登记决定书", "《民办非企业单位登记管理暂行条例》第二十四条", "六十日内", "银川市人民政府申请行政复议", "六个月内", "人民法院提起行政诉讼", "2026年11月20日"],
  publicAnnouncement: ["拟资助项目公示", "5个工作日", "2026年12月9日", "银川市第24社区服务中心", "80,000.00"],
  fundingAgreement: ["资助协议书", "甲方", "乙方", "80,000.00元", "第1期50%", "签约后", "中期评估通过后", "志愿者培训"],
  disbursementNotice: ["资助资金拨付通知", "第1期（共3期）", "40,000.00元", "YCMZ-2026-1203"],
};

describe("official documents as PDF", () => {
  for (const kind of DOCUMENT_KINDS) {
    it(`${kind}: number, date, verification code and its facts are searchable text`, async () => {
      const { text } = await render(kind);
      expect(text).toContain(documentNumber(kind, 2026, 12));
      expect(text).toContain(chineseDate(SAMPLE_FACTS[kind].at)); // 二〇二六年十二月三日
      expect(text).toContain(ISSUING_AUTHORITY);
      expect(text).toContain(formatVerificationCode(CODE));
      for (const expected of EXPECTED[kind]) expect(text, expected).toContain(expected.replace(/\s+/g, ""));
    });
  }

  it("embeds a font subset, not the 15 MB font: every kind stays well under 300 KB", async () => {
    for (const kind of DOCUMENT_KINDS) {
      const { pdf } = await render(kind);
      expect(pdf.length, kind).toBeLessThan(300 * 1024);
      expect(pdf.toString("latin1")).toMatch(/\/FontFile2/); // the font is embedded …
      expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC/); // … as a subset (tagged name)
    }
  });

  it("the certificate has its original and its duplicate on two pages", async () => {
    expect(await pdfPageCount((await render("registrationCertificate")).pdf)).toBe(2);
  });

  it("renders the same document to the same bytes (its SHA-256 is stable)", async () => {
    const [a, b] = await Promise.all([render("registrationDecision"), render("registrationDecision")]);
    expect(Buffer.compare(a.pdf, b.pdf)).toBe(0);
  });
});

describe("document numbers, dates and codes", () => {
  it("writes 文号 with the year in 六角括号", () => {
    expect(documentNumber("registrationDecision", 2026, 12)).toBe("银民社登〔2026〕第12号");
  });

  it("writes dates as official documents do, on the Shanghai calendar day", () => {
    expect(chineseDate("2026-12-03T01:00:00+08:00")).toBe("二〇二六年十二月三日");
    expect(chineseDate("2026-12-02T16:00:00Z")).toBe("二〇二六年十二月三日"); // midnight in Shanghai
    expect(chineseDate("2030-10-20T04:00:00Z")).toBe("二〇三〇年十月二十日");
    expect(chineseDate("2027-01-31T04:00:00Z")).toBe("二〇二七年一月三十一日");
    expect(chineseDate("2027-11-11T04:00:00Z")).toBe("二〇二七年十一月十一日");
    expect(numericChineseDate("2026-12-02T16:00:00Z")).toBe("2026年12月3日");
  });

  it("reads verification codes however they are typed, and refuses what cannot be one", () => {
    expect(normalizeVerificationCode("k7qm-3xpa-9tdw-4hrn")).toBe(CODE);
    expect(formatVerificationCode(CODE)).toBe("K7QM-3XPA-9TDW-4HRN");
    expect(normalizeVerificationCode("K7QM3XPA9TDW4HR0")).toBeNull(); // 0 is not in the alphabet
    expect(normalizeVerificationCode("K7QM3XPA9TDW4HR")).toBeNull();
  });
});
