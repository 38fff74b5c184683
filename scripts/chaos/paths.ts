/**
 * The main write paths of the gates and the competition, as bursts of concurrent clicks: each
 * path prepares fresh cases in the state its step needs (through the services, in this process),
 * then fires several identical (or, for payments, competing) clicks per case over HTTP, as
 * regulators and organizations double-clicking on the same pages would.
 */
import { randomInt } from "node:crypto";
import mongoose from "mongoose";
import { Organization } from "../../models/organization";
import { WorkflowCase } from "../../models/workflow-case";
import { recordAttachment } from "../../app/attachments/attachments.server";
import { ENTRY_KIND } from "../../app/domain/competition";
import { entriesOf } from "../../app/competition/ranking/ranking.server";
import { ANNUAL_REPORT_KIND, annualReportCaseKey } from "../../app/daily-gate/annual-report-workflow.server";
import { pinyinInitials, pinyinSortKey } from "../../app/domain/pinyin";
import { buildUscc } from "../../app/domain/uscc";
import { DEREGISTRATION_KIND } from "../../app/exit-gate/exit-workflows.server";
import { REGISTRATION_KIND } from "../../app/registration/registration-workflow.server";
import { createCase, loadCase, sendEvent, type Actor } from "../../app/workflow/engine.server";
import { awardedCompetition, closedCompetition, judgedCompetition } from "../../tests/support/competition";
import { createUser, post, signIn } from "./world";

const BUREAU: Actor = { userId: null, name: "压力测试监管员", role: "regulator" };
const DAY = 86_400_000;

export interface RoundContext {
  baseUrl: string;
  round: number;
  /** A run-wide unique label for this round's names and keys, and an ASCII one for user names. */
  label: string;
  userKey: string;
  regulatorCookie: string;
  /** Organizations that are never listed or exited: competitions enter them. */
  competitors: string[];
  /** Identical clicks per case. */
  clicks: number;
}

/** One click on one case; answers the HTTP status, or null when the server died first. */
export interface Click {
  caseId: string;
  fire: () => Promise<number | null>;
}

export interface Burst {
  path: string;
  /** The cases whose consistency the checker verifies after the round. */
  caseIds: string[];
  /** The clicks, fired all at once. */
  clicks: Click[];
}

export interface WritePath {
  name: string;
  prepare(context: RoundContext): Promise<Burst>;
}

let organizationSerial = 0;

/** A registered organization of the register (as imported ones are: no registration case). */
export async function newOrganization(label: string): Promise<{ _id: mongoose.Types.ObjectId; name: string; uscc: string }> {
  for (;;) {
    const name = `银川市${label}${++organizationSerial}号服务中心`;
    const uscc = buildUscc("2", "640104", String(10_000_000 + randomInt(90_000_000)));
    try {
      const created = await Organization.create({
        uscc,
        name,
        nameSortKey: pinyinSortKey(name),
        nameInitials: pinyinInitials(name),
        type: "socialServiceAgency",
        registrationAuthority: "银川市民政局",
        district: "640104",
        legalRepresentative: "赵压测",
        domicile: "银川市兴庆区测试街1号",
        establishedAt: new Date("2015-06-01T00:00:00Z"),
        registeredCapitalFen: 3_000_000,
        directlyManaged: true,
      });
      return { _id: created._id, name, uscc };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // a credit code drawn twice: draw again
    }
  }
}

const repeat = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

/** A step taken by this process, answered like a click: 200 done, 409 lost to another writer. */
async function asSecondInstance(step: () => Promise<unknown>): Promise<number> {
  try {
    await step();
    return 200;
  } catch (error) {
    if ((error as { code?: string }).code === "conflict") return 409;
    throw error;
  }
}
const seqOf = async (caseId: string) => (await WorkflowCase.findById(caseId, { seq: 1 }).lean())!.seq;

/** Registration applications submitted and accepted, waiting for approval (seq 2). */
export async function registrationsInReview(label: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `银川市${label}${i}社会工作服务中心`;
    const application = { proposedName: name, orgType: "socialServiceAgency", district: "640105", domicile: "银川市西夏区测试路3号", legalRepresentative: "钱压测", registeredCapital: "30000", businessScope: "社会工作服务", sponsoringUnit: "", contactPhone: "0951-5550000" };
    const created = await createCase({ kind: REGISTRATION_KIND, input: { orgType: "socialServiceAgency", proposedName: name }, title: name, data: { application }, actor: BUREAU });
    await sendEvent(String(created._id), { type: "SUBMIT", complete: true }, { actor: BUREAU });
    await sendEvent(String(created._id), { type: "ACCEPT" }, { actor: BUREAU });
    ids.push(String(created._id));
  }
  return ids;
}

const registrationApprove: WritePath = {
  name: "registration approve",
  async prepare(c) {
    const ids = await registrationsInReview(`${c.label}登记`, 4);
    return {
      path: this.name,
      caseIds: ids,
      clicks: ids.flatMap((id) => [
        ...repeat(c.clicks, () => ({ caseId: id, fire: () => post(c.baseUrl, c.regulatorCookie, `/registrations/${id}`, { intent: "APPROVE", seq: 2, comment: "材料齐全，准予登记" }) })),
        // The same step from a second instance of the app (this process): only the log row can
        // decide between processes.
        { caseId: id, fire: () => asSecondInstance(() => sendEvent(id, { type: "APPROVE" }, { actor: BUREAU, expectedSeq: 2 })) },
      ]),
    };
  },
};

const COMPLETE_REPORT = { activities: "开展社区服务 36 次。", partyBuilding: "党员 3 名，按期开展组织生活。", staffCount: "8", income: "120000", spending: "98000", publicWelfareSpending: "", netAssets: "56000", previousYearIncome: "", previousYearNetAssets: "", publicFundraising: "" };

/** Annual reports of one organization (one per year), each filed complete with its statements attached. */
async function annualReports(c: RoundContext, organization: { _id: mongoose.Types.ObjectId; name: string; uscc: string }, years: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const year of years) {
    const input = { year, sponsorDeadline: `${year + 1}-03-31T15:59:59.999Z`, registryDeadline: `${year + 1}-05-31T15:59:59.999Z` };
    const created = await createCase({
      kind: ANNUAL_REPORT_KIND,
      caseKey: annualReportCaseKey(String(organization._id), year),
      input,
      title: organization.name,
      organizationId: String(organization._id),
      data: { year, orgType: "socialServiceAgency", district: "640104", uscc: organization.uscc, report: COMPLETE_REPORT },
      actor: BUREAU,
    });
    const caseId = String(created._id);
    await recordAttachment({ caseKind: ANNUAL_REPORT_KIND, caseId, organizationId: String(organization._id), use: "annualReport", name: `${year}年度财务报表.pdf`, storedName: "b".repeat(64), adapter: "local", inspection: { size: 100, sha256: "b".repeat(64), kind: "pdf" }, uploaderId: new mongoose.Types.ObjectId().toHexString() });
    ids.push(caseId);
  }
  return ids;
}

const annualReportSubmit: WritePath = {
  name: "annual report submit",
  async prepare(c) {
    const organization = await newOrganization(`${c.label}年报`);
    const username = `chaos-org-${c.userKey}`;
    await createUser(username, "org", "压测单位填报人", organization._id);
    const cookie = await signIn(c.baseUrl, username);
    const ids = await annualReports(c, organization, [2040, 2041, 2042]);
    return { path: this.name, caseIds: ids, clicks: ids.flatMap((id) => repeat(c.clicks, () => ({ caseId: id, fire: () => post(c.baseUrl, cookie, `/annual-reports/${id}`, { intent: "SUBMIT", seq: 0 }) }))) };
  },
};

/** Annual reports taken to the registry's review (filed, the sponsoring unit's opinion in). */
async function reviewedReports(c: RoundContext, label: string, years: number[]): Promise<string[]> {
  const organization = await newOrganization(label);
  const ids = await annualReports(c, organization, years);
  for (const id of ids) {
    await sendEvent(id, { type: "SUBMIT", complete: true }, { actor: BUREAU });
    await sendEvent(id, { type: "RECORD_SPONSOR_OPINION", opinion: "同意" }, { actor: BUREAU });
  }
  return ids;
}

const annualReportConclude: WritePath = {
  name: "annual report conclude",
  async prepare(c) {
    const ids = await reviewedReports(c, `${c.label}年检`, [2040, 2041, 2042]);
    return { path: this.name, caseIds: ids, clicks: ids.flatMap((id) => repeat(c.clicks, () => ({ caseId: id, fire: () => post(c.baseUrl, c.regulatorCookie, `/annual-reports/${id}`, { intent: "CONCLUDE", seq: 2, result: "qualified", note: "" }) }))) };
  },
};

/**
 * Credit listing, both ways: a rectification not done escalated by regulators (listing as the
 * step's effect), and reports whose registry deadline has passed, which the server's sweeper lists
 * in a batch during the burst.
 */
const creditListing: WritePath = {
  name: "credit listing",
  async prepare(c) {
    const escalated = await reviewedReports(c, `${c.label}整改`, [2040, 2041]);
    for (const id of escalated) {
      await sendEvent(id, { type: "CONCLUDE", result: "unqualified", note: "" }, { actor: BUREAU });
      await sendEvent(id, { type: "OPEN_RECTIFICATION", items: "补齐财务台账", deadline: new Date(Date.now() + 30 * DAY).toISOString() }, { actor: BUREAU });
      await sendEvent(id, { type: "ANSWER_RECTIFICATION", answer: "已补齐", evidenceCount: 1 }, { actor: BUREAU });
    }
    // Reports of years whose registry deadline has passed: the sweeper (every second) lists them.
    const late = await newOrganization(`${c.label}逾期`);
    const overdue = await annualReports(c, late, [2001, 2002, 2003]);
    const seqs = await Promise.all(escalated.map(seqOf));
    return {
      path: this.name,
      caseIds: [...escalated, ...overdue],
      clicks: escalated.flatMap((id, k) => repeat(c.clicks, () => ({ caseId: id, fire: () => post(c.baseUrl, c.regulatorCookie, `/annual-reports/${id}`, { intent: "ESCALATE", seq: seqs[k]!, reason: "逾期未完成整改" }) }))),
    };
  },
};

const deregistration: WritePath = {
  name: "deregistration",
  async prepare(c) {
    const startIds: string[] = [];
    const finishIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const organization = await newOrganization(`${c.label}注销${i}`);
      const created = await createCase({ kind: DEREGISTRATION_KIND, input: { orgType: "socialServiceAgency", reason: "业务终止" }, title: organization.name, organizationId: String(organization._id), actor: BUREAU });
      const id = String(created._id);
      await sendEvent(id, { type: "RECORD_SPONSOR_CONSENT", note: "同意注销" }, { actor: BUREAU });
      if (i % 2 === 0) {
        startIds.push(id);
        continue;
      }
      // The second half is taken to the end of the public notice: the last step is the deregistration.
      await sendEvent(id, { type: "START_LIQUIDATION", liquidationGroup: "清算组" }, { actor: BUREAU });
      await sendEvent(id, { type: "SUBMIT_LIQUIDATION_REPORT", reportCount: 1 }, { actor: BUREAU });
      await sendEvent(id, { type: "APPROVE_REVIEW", assetsHandedTo: "银川市慈善总会" }, { actor: BUREAU });
      const noticeEnds = Date.parse(String((await loadCase(id)).snapshot.context.dueAt));
      await sendEvent(id, { type: "DEADLINE_PASSED" }, { actor: BUREAU, now: new Date(noticeEnds + 60_000) });
      finishIds.push(id);
    }
    const finishSeq = await Promise.all(finishIds.map(seqOf));
    return {
      path: this.name,
      caseIds: [...startIds, ...finishIds],
      clicks: [
        ...startIds.flatMap((id) => repeat(c.clicks, () => ({ caseId: id, fire: () => post(c.baseUrl, c.regulatorCookie, `/exits/${id}`, { intent: "START_LIQUIDATION", seq: 1, liquidationGroup: "清算组：理事长、监事" }) }))),
        ...finishIds.flatMap((id, k) => repeat(c.clicks, () => ({ caseId: id, fire: () => post(c.baseUrl, c.regulatorCookie, `/exits/${id}`, { intent: "RECORD_CERTIFICATES_RETURNED", seq: finishSeq[k]!, note: "证书印章已收回" }) }))),
      ],
    };
  },
};

const competitionSteps: WritePath = {
  name: "competition steps",
  async prepare(c) {
    // One competition whose entries wait for screening, one judged and scored waiting to publish.
    const screening = await closedCompetition({ label: `${c.label}审查`, judges: 3, entries: 3, organizationIds: c.competitors, screened: false });
    const ranked = await judgedCompetition({ label: `${c.label}公示`, judges: 3, entries: 3, scored: true, organizationIds: c.competitors });
    await sendEvent(ranked.id, { type: "CLOSE_JUDGING", entriesLacking: 0 }, { actor: BUREAU });
    const steps = [
      { id: screening.id, intent: "START_SCREENING", seq: await seqOf(screening.id) },
      { id: ranked.id, intent: "PUBLISH", seq: await seqOf(ranked.id) },
    ];
    return {
      path: this.name,
      caseIds: [screening.id, ranked.id, ...(await competitionEntryIds([screening.id, ranked.id]))],
      clicks: steps.flatMap((s) => repeat(c.clicks, () => ({ caseId: s.id, fire: () => post(c.baseUrl, c.regulatorCookie, `/regulator/competitions/${s.id}`, { intent: s.intent, seq: s.seq, reason: "" }) }))),
    };
  },
};

const judgeAssignment: WritePath = {
  name: "judge assignment",
  async prepare(c) {
    const judging = await judgedCompetition({ label: `${c.label}评审`, judges: 5, entries: 3, judgesPerEntry: 3, scored: false, assign: false, organizationIds: c.competitors });
    const seq = await seqOf(judging.id);
    return {
      path: this.name,
      caseIds: [judging.id, ...(await competitionEntryIds([judging.id]))],
      // Two regulators double-clicking "assign automatically" on the same board.
      clicks: repeat(c.clicks * 2, () => ({ caseId: judging.id, fire: () => post(c.baseUrl, c.regulatorCookie, `/regulator/competitions/${judging.id}/judging`, { intent: "AUTO_ASSIGN", seq, entryId: "", judgeId: "", reason: "" }) })),
    };
  },
};

const tranchePayment: WritePath = {
  name: "tranche payment",
  async prepare(c) {
    const { id } = await awardedCompetition({ label: `${c.label}拨付`, organizationIds: c.competitors, entries: 3 });
    const entries = await entriesOf(id, ["awarded"]);
    for (const entry of entries) await sendEvent(entry.id, { type: "SIGN_AGREEMENT", agreementUploaded: true }, { actor: BUREAU });
    const seqs = await Promise.all(entries.map((e) => seqOf(e.id)));
    let voucher = 0;
    return {
      path: this.name,
      caseIds: [id, ...entries.map((e) => e.id)],
      // Each click a different voucher: one is recorded, the others are told theirs was not.
      clicks: entries.flatMap((entry, k) =>
        repeat(c.clicks, () => {
          const number = `${c.label}-${entry.id.slice(-4)}-${++voucher}`;
          return { caseId: entry.id, fire: () => post(c.baseUrl, c.regulatorCookie, `/regulator/competitions/${id}`, { intent: "RECORD_TRANCHE", entryId: entry.id, trancheIndex: 0, voucherNumber: number, paidOn: "2026-07-01", seq: seqs[k]!, key: `${entry.id}-0` }) };
        }),
      ),
    };
  },
};

async function competitionEntryIds(competitionIds: string[]): Promise<string[]> {
  const rows = await WorkflowCase.find({ kind: ENTRY_KIND, "data.competitionId": mongoose.trusted({ $in: competitionIds }) }, { _id: 1 }).lean();
  return rows.map((r) => String(r._id));
}

export const WRITE_PATHS: WritePath[] = [registrationApprove, annualReportSubmit, annualReportConclude, creditListing, deregistration, competitionSteps, judgeAssignment, tranchePayment];
