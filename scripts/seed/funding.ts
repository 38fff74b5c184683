/**
 * The demo's funded projects after the award, as the organizations and the bureau would have
 * done it: the signed agreement stored as an attachment (so signing relies on a real file), and
 * mid-term and final reports with their spending per budget line and a report file.
 */
import { createHash } from "node:crypto";
import { Attachment } from "../../models/attachment";
import { recordAttachment, relyOnAttachments } from "../../app/attachments/attachments.server";
import { localStore } from "../../app/attachments/storage.server";
import { budgetLinesOf } from "../../app/competition/applications/application-form";
import { ENTRY_KIND } from "../../app/domain/competition";
import type { EntryRow } from "../../app/competition/ranking/ranking.server";
import { REPORT_EVENT, REPORT_USE, reportPayload, spentField, type ReportStage } from "../../app/competition/funding/report-form";
import { moveEntry } from "../../app/competition/effects.server";
import { samplePdf } from "./sample-pdf";

/** Stores a generated PDF in the local store and records it on the entry, uploaded at `at`. */
async function attachPdf(entry: EntryRow, use: "agreement" | "midtermReport" | "finalReport", name: string, text: string, uploaderId: string, at: Date): Promise<string> {
  const bytes = samplePdf(text);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const store = localStore();
  if (!(await store.exists(sha256))) {
    const temp = await store.createTemp();
    await temp.handle.writeFile(bytes);
    await temp.handle.close();
    await store.commit(temp.path, sha256);
  }
  const id = await recordAttachment({
    caseKind: ENTRY_KIND,
    caseId: entry.id,
    organizationId: entry.organizationId,
    use,
    name,
    storedName: sha256,
    adapter: "local",
    inspection: { size: bytes.length, sha256, kind: "pdf" },
    uploaderId,
  });
  await Attachment.updateOne({ _id: id }, { $set: { uploadedAt: at } });
  return id;
}

/** Uploads the signed agreement, then signs: the fact comes from the stored file, as in the app. */
export async function signWithAgreement(entry: EntryRow, uploaderId: string, at: Date, serial: string): Promise<void> {
  await attachPdf(entry, "agreement", `资助协议（签章版）${serial}.pdf`, `Funding agreement ${serial}`, uploaderId, new Date(at.getTime() - 3_600_000));
  const relied = await relyOnAttachments({ caseKind: ENTRY_KIND, caseId: entry.id }, "agreement");
  await moveEntry(entry.id, { type: "SIGN_AGREEMENT", agreementUploaded: relied.length > 0 }, at);
}

const PROGRESS: Record<ReportStage, string[]> = {
  midterm: [
    "项目自启动以来，已完成服务对象入户走访 {visits} 户，建立需求台账；组织集中活动 {events} 场，招募并培训社区志愿者 {volunteers} 名。与社区居委会、物业和辖区单位建立联席机制，每月召开一次协调会。存在的问题：部分活动受天气影响延期，下一阶段将增加室内活动并加强志愿者排班。",
    "按照申报书的进度安排，前半期重点完成了需求调研和服务团队组建，累计开展服务 {events} 场次，入户探访 {visits} 户次，{volunteers} 名志愿者参与。服务对象满意度抽样调查为 93%。下一阶段将扩大服务覆盖面，并做好项目台账和资金使用的规范管理。",
  ],
  final: [
    "项目周期内共开展集中活动 {events} 场、入户服务 {visits} 户次，培育社区志愿服务队 1 支（{volunteers} 人），形成“社区+社会组织+社工+志愿者”的联动服务机制。项目目标全部完成，服务对象满意度 96%。项目结束后，志愿服务队将在社区党组织指导下继续常态化开展服务。",
    "项目按计划全部完成：开展服务 {events} 场次，入户 {visits} 户次，志愿者 {volunteers} 名累计服务 1,800 余小时。通过第三方评估，项目在需求精准度和可持续性方面表现良好。资金按预算科目使用，结余部分已按协议说明。",
  ],
};

/** Submits a report as the organization would: a report file, then the report with its spending. */
export async function submitDemoReport(entry: EntryRow, stage: ReportStage, uploaderId: string, at: Date, k: number): Promise<void> {
  const fileId = await attachPdf(entry, REPORT_USE[stage], `${stage === "midterm" ? "中期" : "结项"}报告-${entry.title}.pdf`, `${stage} report ${k + 1}`, uploaderId, new Date(at.getTime() - 7_200_000));
  const { lines } = budgetLinesOf(entry.application);
  const share = stage === "midterm" ? 0.42 + (k % 4) * 0.04 : 0.96 + (k % 3) * 0.015;
  const draft: Record<string, string> = {
    narrative: PROGRESS[stage][k % 2]!.replace("{visits}", String(40 + k * 3)).replace("{events}", String(stage === "midterm" ? 8 + (k % 5) : 20 + (k % 7))).replace("{volunteers}", String(12 + (k % 9))),
    beneficiaries: String(Math.round(Number(entry.application.expectedBeneficiaries || 200) * (stage === "midterm" ? 2.1 : 4.3))),
  };
  lines.forEach((line, i) => (draft[spentField(i)] = String(Math.round((line.amountFen * Math.min(share, 1)) / 100))));
  const relied = await relyOnAttachments({ caseKind: ENTRY_KIND, caseId: entry.id }, REPORT_USE[stage]);
  await moveEntry(entry.id, { type: REPORT_EVENT[stage], report: reportPayload(draft, lines, relied.length > 0 ? relied : [fileId]) }, at);
}
