/**
 * Official documents on the real embedded database: issued by the workflows' deciding steps,
 * numbered per kind and year without gaps under concurrency, never issued twice for one
 * decision, corrected by a new document that supersedes the old, found by verification code.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { CreditListing } from "@models/credit-listing";
import { OfficialDocument } from "@models/official-document";
import { Organization } from "@models/organization";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowPendingStep } from "@models/workflow-pending-step";
import { WorkflowTransition } from "@models/workflow-transition";
import type { SessionUser } from "~/auth/guards.server";
import { listOrganizations, removeListing } from "~/daily-gate/credit-lists.server";
import { buildUscc, USCC_CATEGORY_BY_TYPE } from "~/domain/uscc";
import { documentByCode, documentsOfCase, documentsOfOrganization, mayRead } from "~/documents/access.server";
import { issueDocument, openDocumentPdf, recordDocuments, renderPendingDocuments, supersede, type DocumentRecord } from "~/documents/documents.server";
import { factsForCorrection } from "~/documents/sources.server";
import { effectId, pendingStepId, recoverPendingSteps, sendEvent, transitionId, type Actor } from "~/workflow/engine.server";
import { SAMPLE_FACTS } from "../support/document-samples";
import { pdfText } from "../support/pdf-text";
import { registrationApplication } from "../support/registration";

// Issued PDFs go to a directory of this file's own, not the developer's .data/.
process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "sop-documents-"));

const APPLICANT: Actor = { userId: new mongoose.Types.ObjectId().toHexString(), name: "赵晨曦", role: "applicant" };
const REGULATOR: Actor = { userId: null, name: "王建国", role: "regulator" };
const regulatorUser: SessionUser = { id: new mongoose.Types.ObjectId().toHexString(), username: "regulator", displayName: "王建国", role: "regulator", organizationId: null, partyInstructorId: null };
let counter = 0;

async function application() {
  counter++;
  const name = `银川市文书测试${counter}服务中心`;
  return { id: await registrationApplication({ name, ownerUserId: APPLICANT.userId, applicant: APPLICANT }), name };
}

const at = (iso: string) => ({ now: new Date(iso) });

async function pdfOf(row: DocumentRecord): Promise<{ text: string; bytes: Buffer }> {
  const { stream } = await openDocumentPdf(row);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return { bytes, text: await pdfText(bytes) };
}

const ofCase = async (caseId: string) => (await OfficialDocument.find({ caseId: new mongoose.Types.ObjectId(caseId) }).sort({ issuedAt: 1, kind: 1 }).lean()) as DocumentRecord[];

describe("documents issued by the entry gate", () => {
  let caseId: string;
  let name: string;

  beforeAll(async () => {
    ({ id: caseId, name } = await application());
    await sendEvent(caseId, { type: "SUBMIT", complete: true }, { actor: APPLICANT, ...at("2026-11-20T02:00:00Z") });
    await sendEvent(caseId, { type: "REQUEST_CORRECTION", items: "请补充拟任负责人简历。" }, { actor: REGULATOR, ...at("2026-11-21T02:00:00Z") });
    await sendEvent(caseId, { type: "RESUBMIT", complete: true }, { actor: APPLICANT, ...at("2026-11-24T02:00:00Z") });
    await sendEvent(caseId, { type: "ACCEPT" }, { actor: REGULATOR, ...at("2026-11-25T02:00:00Z") });
    await sendEvent(caseId, { type: "APPROVE" }, { actor: REGULATOR, ...at("2026-12-03T02:00:00Z") });
  });

  it("issues one document per deciding step: correction, acceptance, decision and certificate", async () => {
    const documents = await ofCase(caseId);
    expect(documents.map((d) => d.kind).sort()).toEqual(["acceptanceNotice", "correctionNotice", "registrationCertificate", "registrationDecision"]);
    for (const d of documents) {
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(d.verificationCode).toMatch(/^[2-9A-HJ-NP-Z]{16}$/);
      expect(d.number).toMatch(/〔2026〕第\d+号$/);
    }
  });

  it("the certificate carries the registered organization's credit code, particulars and the decision's date", async () => {
    const organization = await Organization.findOne({ name }).lean();
    const certificate = (await ofCase(caseId)).find((d) => d.kind === "registrationCertificate")!;
    expect(String(certificate.organizationId)).toBe(String(organization!._id));
    expect(certificate.uscc).toBe(organization!.uscc);
    const { text, bytes } = await pdfOf(certificate);
    expect(text).toContain(certificate.number);
    expect(text).toContain(organization!.uscc);
    expect(text).toContain(name);
    expect(text).toContain(organization!.domicile);
    expect(text).toContain("二〇二六年十二月三日");
    expect(text).toContain("自2026年12月3日至2031年12月2日");
    expect(text).toContain("《民办非企业单位登记管理暂行条例》第十一条、第十二条");
    expect((await import("node:crypto")).createHash("sha256").update(bytes).digest("hex")).toBe(certificate.sha256);
  });

  it("lists the case's documents for its applicant and regulators, and no one else", async () => {
    const applicantUser: SessionUser = { id: APPLICANT.userId!, username: "applicant", displayName: "赵晨曦", role: "applicant", organizationId: null, partyInstructorId: null };
    const stranger: SessionUser = { ...applicantUser, id: new mongoose.Types.ObjectId().toHexString(), role: "org", organizationId: new mongoose.Types.ObjectId().toHexString() };
    expect((await documentsOfCase(applicantUser, caseId)).items).toHaveLength(4);
    expect((await documentsOfCase(regulatorUser, caseId)).items).toHaveLength(4);
    expect((await documentsOfCase(stranger, caseId)).items).toHaveLength(0);
    expect((await documentsOfCase(null, caseId)).items).toHaveLength(0);
    const organization = await Organization.findOne({ name }).lean();
    const orgUser: SessionUser = { ...applicantUser, role: "org", organizationId: String(organization!._id) };
    // The organization's home lists what its application received too, once it is registered.
    expect((await documentsOfOrganization(orgUser, String(organization!._id))).items.map((i) => i.kind).sort()).toEqual(["acceptanceNotice", "correctionNotice", "registrationCertificate", "registrationDecision"]);
  });

  it("replaying the step's effects issues no second document", async () => {
    const before = await ofCase(caseId);
    const approve = before.find((d) => d.kind === "registrationDecision")!;
    // As recovery does after a crash (ADR 012): the step's outbox row is back, its claims look
    // abandoned, and the effects run again under new claims.
    const names = ["issueRegistrationDecision", "issueRegistrationCertificate", "registerOrganization"];
    for (const name of names) {
      await WorkflowEffect.updateOne({ _id: effectId(caseId, approve.caseSeq!, name) }, { $set: { doneAt: null, claimedAt: new Date(0) } });
    }
    const step = (await WorkflowTransition.findById(transitionId(caseId, approve.caseSeq!)).lean())!;
    await WorkflowPendingStep.create({ _id: pendingStepId(caseId, step.seq, step.nonce!), caseId: step.caseId, seq: step.seq, nonce: step.nonce, kind: step.kind, effects: step.effects ?? [], createdAt: new Date() });
    await recoverPendingSteps();
    for (const name of names) expect(await WorkflowEffect.countDocuments({ _id: effectId(caseId, approve.caseSeq!, name, 1), doneAt: mongoose.trusted({ $ne: null }) }), name).toBe(1);
    const after = await ofCase(caseId);
    expect(after.map((d) => [d.kind, d.number, d.sha256])).toEqual(before.map((d) => [d.kind, d.number, d.sha256]));
  });

  it("a correction issues a new number that supersedes the old document, and keeps both", async () => {
    const old = (await ofCase(caseId)).find((d) => d.kind === "registrationCertificate")!;
    await Organization.updateOne({ _id: old.organizationId }, { $set: { domicile: "银川市金凤区更正后路1号" } });
    const facts = await factsForCorrection(old);
    const [first, second] = await Promise.all([supersede(old, facts, "住所登记有误", "王建国"), supersede(old, facts, "住所登记有误", "王建国")]);
    expect(String(first._id)).toBe(String(second._id)); // a double click corrects once
    expect(first.number).not.toBe(old.number);
    expect(first.kind).toBe("registrationCertificate");
    const reread = (await OfficialDocument.findById(old._id).lean())!;
    expect(String(reread.supersededBy)).toBe(String(first._id));
    const { text } = await pdfOf(first);
    expect(text).toContain("银川市金凤区更正后路1号");
    expect(text).toContain(`本文书系对${old.number}的更正`);
    const verified = await documentByCode(old.verificationCode);
    expect(verified?.supersededBy?.number).toBe(first.number);
    expect((await documentByCode(first.verificationCode))?.supersedes?.number).toBe(old.number);
  });
});

describe("文号 numbering", () => {
  const spec = (key: string, issuedAt = new Date("2031-03-01T02:00:00Z")) => ({
    issueKey: key,
    facts: { ...SAMPLE_FACTS.hearingNotice, at: issuedAt.toISOString() },
    issuedAt,
    issuedBy: "王建国",
    organizationName: "测试",
    uscc: "",
  });

  it("gives concurrent issues of one kind consecutive, distinct numbers", async () => {
    const issued = await Promise.all(Array.from({ length: 8 }, (_, i) => issueDocument(spec(`concurrency:${i}`))));
    expect(issued.map((d) => d.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(issued.map((d) => d.number)).size).toBe(8);
    expect(issued.find((d) => d.seq === 8)!.number).toBe("银民社听〔2031〕第8号");
  });

  it("two bulk issues at once and single issues between them leave no gap and no duplicate", async () => {
    const batch = (prefix: string) => Array.from({ length: 25 }, (_, i) => spec(`${prefix}:${i}`, new Date("2032-05-01T02:00:00Z")));
    const results = await Promise.all([
      recordDocuments(batch("a")),
      recordDocuments(batch("b")),
      issueDocument(spec("single:1", new Date("2032-05-01T02:00:00Z"))),
      recordDocuments([...batch("a").slice(0, 5), ...batch("c").slice(0, 5)]), // overlaps the first batch
    ]);
    const rows = await OfficialDocument.find({ kind: "hearingNotice", year: 2032 }, { seq: 1, issueKey: 1 }).lean();
    expect(rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 56 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.issueKey)).size).toBe(56);
    expect(results[0]).toHaveLength(25);
  });

  it("issuing the same decision again returns the first document", async () => {
    const first = await issueDocument(spec("same:1"));
    const again = await issueDocument(spec("same:1"));
    expect(String(again._id)).toBe(String(first._id));
    expect(again.number).toBe(first.number);
    expect(await OfficialDocument.countDocuments({ issueKey: "same:1" })).toBe(1);
  });
});

describe("credit-list documents", () => {
  it("a listing and its removal each issue a decision naming the organization and the legal basis", async () => {
    const organization = await Organization.create({
      uscc: buildUscc(USCC_CATEGORY_BY_TYPE.socialServiceAgency, "640104", "31000017"),
      name: "银川市信用文书测试中心",
      nameSortKey: "yin",
      nameInitials: "y",
      type: "socialServiceAgency",
      registrationAuthority: "银川市民政局",
      district: "640104",
      legalRepresentative: "李四",
      domicile: "银川市兴庆区测试街1号",
      establishedAt: new Date("2020-01-01"),
      registeredCapitalFen: 1_000_000,
    });
    const id = String(organization._id);
    await listOrganizations([{ organizationId: id, reason: "unreachableAddress", detail: "两次实地核查无法联系。" }], "王建国", new Date("2026-06-01T02:00:00Z"));
    const listing = (await CreditListing.findOne({ organizationId: organization._id }).lean())!;
    const listed = (await OfficialDocument.findOne({ listingId: listing._id, kind: "abnormalListing" }).lean()) as DocumentRecord;
    expect(listed).toBeTruthy();
    const listedText = (await pdfOf(listed)).text;
    expect(listedText).toContain("列入活动异常名录决定书");
    expect(listedText).toContain(organization.uscc);
    expect(listedText).toContain("第十条");
    expect(listedText).toContain("二〇二六年六月一日");

    expect(await removeListing(regulatorUser, String(listing._id), "已变更住所并核实可以联系。", new Date("2026-09-01T02:00:00Z"))).toEqual({ ok: true });
    const removal = (await OfficialDocument.findOne({ listingId: listing._id, kind: "abnormalRemoval" }).lean()) as DocumentRecord;
    const removalText = (await pdfOf(removal)).text;
    expect(removalText).toContain("移出活动异常名录决定书");
    expect(removalText).toContain("已变更住所并核实可以联系");
    expect(mayRead({ ...regulatorUser, role: "org", organizationId: id }, { kind: "abnormalRemoval", organizationId: id, ownerUserId: null })).toBe(true);
  });

  it("bulk listings are recorded at once and rendered later by the sweeper", async () => {
    const organizations = await Organization.insertMany(
      Array.from({ length: 3 }, (_, i) => ({
        uscc: buildUscc(USCC_CATEGORY_BY_TYPE.socialGroup, "640104", String(31000020 + i)),
        name: `银川市批量文书测试${i}中心`,
        nameSortKey: "yin",
        nameInitials: "y",
        type: "socialGroup",
        registrationAuthority: "银川市民政局",
        district: "640104",
        legalRepresentative: "王五",
        domicile: "银川市兴庆区测试街2号",
        establishedAt: new Date("2020-01-01"),
        registeredCapitalFen: 1_000_000,
      })),
    );
    await listOrganizations(
      organizations.map((o, i) => ({ organizationId: String(o._id), reason: "lateAnnualReport" as const, detail: "2029", year: 2029, listingKey: `abnormal:${String(o._id)}:lateAnnualReport:2029:${i}` })),
      "系统（定时任务）",
      new Date("2030-06-01T02:00:00Z"),
    );
    const recorded = await OfficialDocument.find({ kind: "abnormalListing", year: 2030 }).lean();
    expect(recorded).toHaveLength(3);
    expect(recorded.every((d) => !d.sha256)).toBe(true);
    expect(await renderPendingDocuments()).toBeGreaterThanOrEqual(3);
    expect((await OfficialDocument.find({ kind: "abnormalListing", year: 2030 }).lean()).every((d) => d.sha256)).toBe(true);
  });
});
