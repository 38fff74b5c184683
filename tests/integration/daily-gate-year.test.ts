/**
 * The year of the daily gate on the demo register: a campaign is opened (twice: nothing is
 * created twice), some organizations file, the registry deadline passes with two sweepers
 * running at once, exactly the unfiled are listed once each, one files late and is removed
 * after verification, and the dashboard's counts agree with the cases themselves.
 */
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { CreditListing } from "@models/credit-listing";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { campaignCases, campaignDashboard, campaignJob, openCampaign, readCaseListFilter } from "~/daily-gate/campaigns.server";
import { isOnCreditList, promoteToSerious, removeListing } from "~/daily-gate/credit-lists.server";
import { exemptionCutoff } from "~/domain/annual-report";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { runSweep } from "~/sweep.server";
import { sendEvent } from "~/workflow/engine.server";
import { demoOrganizations } from "../../scripts/seed/demo-data";
import { DEMO_SEED } from "../../scripts/seed/demo";
import { seededRandom } from "../../scripts/seed/random";

const YEAR = 2025;
const regulator: SessionUser = { id: new mongoose.Types.ObjectId().toHexString(), username: "regulator", displayName: "王建国", role: "regulator", organizationId: null, partyInstructorId: null };
const actor = { userId: regulator.id, name: regulator.displayName, role: "regulator" };
const orgActor = { userId: null, name: "张晓红", role: "org" };

let eligible: string[] = [];

beforeAll(async () => {
  const plans = demoOrganizations(seededRandom(DEMO_SEED));
  await Organization.insertMany(plans.map(({ party: _party, ...o }) => ({ ...o, nameSortKey: pinyinSortKey(o.name), nameInitials: pinyinInitials(o.name) })));
  const cutoff = exemptionCutoff(YEAR);
  const orgs = await Organization.find({}, { establishedAt: 1, status: 1 }).lean();
  eligible = orgs.filter((o) => o.establishedAt < cutoff && o.status === "registered").map((o) => String(o._id));
});

const casesOfYear = () => WorkflowCase.find({ kind: "annualReport", "data.year": YEAR }, { state: 1, organizationId: 1 }).lean();

describe("the daily gate's year", () => {
  it("opens one report per eligible organization, exempting the recently registered, and opening again creates nothing", async () => {
    expect(eligible.length).toBeGreaterThan(50);
    const form = { year: YEAR, mode: "annualReport" as const, sponsorDeadline: "2026-03-31", registryDeadline: "2026-05-31" };
    const first = await openCampaign(form, actor, new Date("2026-01-05T02:00:00Z"));
    expect(first.started).toBe(true);
    await campaignJob(YEAR);
    const again = await openCampaign(form, actor, new Date("2026-01-05T03:00:00Z"));
    await campaignJob(YEAR);
    expect(again.started).toBe(false);
    const cases = await casesOfYear();
    expect(cases).toHaveLength(eligible.length);
    expect(new Set(cases.map((c) => String(c.organizationId)))).toEqual(new Set(eligible));
    const dashboard = await campaignDashboard(YEAR);
    expect(dashboard.status).toBe("open");
    expect(dashboard.progress).toMatchObject({ total: eligible.length, processed: eligible.length, created: eligible.length });
  });

  it("lists exactly the unfiled once each when the deadline passes under two concurrent sweeps; a late filing is removed after verification", async () => {
    const cases = await casesOfYear();
    const filers = cases.slice(0, 12);
    for (const c of filers) await sendEvent(String(c._id), { type: "SUBMIT", complete: true }, { actor: orgActor, now: new Date("2026-05-20T02:00:00Z") });
    // Three of them get a result, so the dashboard has something to count.
    for (const c of filers.slice(0, 3)) {
      await sendEvent(String(c._id), { type: "RECORD_SPONSOR_OPINION", opinion: "同意" }, { actor });
      await sendEvent(String(c._id), { type: "CONCLUDE", result: "basicallyQualified", note: "" }, { actor });
    }

    const after = new Date("2026-06-01T00:00:00Z");
    await Promise.all([runSweep(after), runSweep(after)]);
    await runSweep(new Date("2026-06-02T00:00:00Z")); // and once more later: nothing changes

    const unfiled = cases.slice(12).map((c) => String(c.organizationId));
    const listings = await CreditListing.find({ reason: "lateAnnualReport", year: YEAR }).lean();
    expect(listings.map((l) => String(l.organizationId)).sort()).toEqual([...unfiled].sort());
    expect(listings.every((l) => l.list === "abnormal" && l.authority === "银川市民政局" && !l.removedAt)).toBe(true);
    const filedIds = filers.map((c) => c.organizationId!);
    expect(await CreditListing.countDocuments({ organizationId: mongoose.trusted({ $in: filedIds }) as never })).toBe(0);
    const statuses = await Organization.find({ _id: mongoose.trusted({ $in: unfiled.map((id) => new mongoose.Types.ObjectId(id)) }) }, { status: 1 }).lean();
    // Listed, and still registered: a credit list is not a registration status.
    expect(statuses.map((o) => o.status)).toEqual(unfiled.map(() => "registered"));

    // One files late: the listing stays until a regulator verifies, and verification needs the filing.
    const lateCase = cases[12]!;
    const lateOrg = String(lateCase.organizationId);
    const listing = listings.find((l) => String(l.organizationId) === lateOrg)!;
    expect(await removeListing(regulator, String(listing._id), "已补报")).toEqual({ ok: false, error: "dailyGate.credit.notCured" });
    await sendEvent(String(lateCase._id), { type: "SUBMIT", complete: true }, { actor: orgActor });
    expect(await isOnCreditList(lateOrg)).toBe(true);
    expect(await removeListing(regulator, String(listing._id), "已补报 2025 年度报告，经核实")).toEqual({ ok: true });
    expect(await isOnCreditList(lateOrg)).toBe(false);
    const removed = await CreditListing.findById(listing._id).lean();
    expect(removed?.removal).toMatchObject({ verifiedBy: "王建国", note: "已补报 2025 年度报告，经核实" });
    expect((await Organization.findById(lateOrg, { status: 1 }).lean())?.status).toBe("registered");

    // Dashboard counts agree with the cases.
    const dashboard = await campaignDashboard(YEAR);
    const now = await casesOfYear();
    const count = (states: string[]) => now.filter((c) => states.includes(c.state)).length;
    expect(dashboard.total).toBe(now.length);
    expect(dashboard.overdue).toBe(count(["overdue"]));
    expect(dashboard.overdue).toBe(unfiled.length - 1);
    expect(dashboard.filed).toBe(13);
    expect(dashboard.reviewed).toBe(3);
    expect(dashboard.results).toEqual({ qualified: 0, basicallyQualified: 3, unqualified: 0 });
    expect(Object.values(dashboard.filedByDistrict).reduce((n, d) => n + d.filed, 0)).toBe(13);
    expect(Object.values(dashboard.filedByType).reduce((n, d) => n + d.total, 0)).toBe(now.length);
  });

  it("filters the case list by district, type and result, each combined with the state, and refuses an unknown value", async () => {
    const stored = (await WorkflowCase.find({ kind: "annualReport", "data.year": YEAR }, { state: 1, data: 1, "snapshot.context.result": 1 }).lean()) as unknown as {
      _id: unknown;
      state: string;
      data: { district: string; orgType: string };
      snapshot: { context: { result: string | null } };
    }[];
    const idsWhere = (test: (c: (typeof stored)[number]) => boolean) => stored.filter(test).map((c) => String(c._id)).sort();
    const all = { page: 1, pageSize: 100 };
    const listed = async (query: string) => {
      const result = await campaignCases(YEAR, readCaseListFilter(new URL(`http://local/?${query}`)), all);
      expect(result.total).toBe(result.items.length); // one page holds them all
      return result.items.map((c) => c.id).sort();
    };
    // The biggest district and type, so each filter has rows on either side of it.
    const most = (values: string[]) => [...new Set(values)].sort((a, b) => values.filter((v) => v === b).length - values.filter((v) => v === a).length)[0]!;
    const district = most(stored.map((c) => c.data.district));
    const type = most(stored.map((c) => c.data.orgType));

    const inDistrict = await listed(`district=${district}`);
    expect(inDistrict).toEqual(idsWhere((c) => c.data.district === district));
    expect(inDistrict.length).toBeLessThan(stored.length);
    expect(await listed(`type=${type}`)).toEqual(idsWhere((c) => c.data.orgType === type));
    expect(await listed("result=basicallyQualified")).toHaveLength(3);
    expect(await listed("result=basicallyQualified")).toEqual(idsWhere((c) => c.snapshot.context.result === "basicallyQualified"));
    expect(await listed("result=qualified")).toEqual([]);
    // Combined: every filter that is set must hold; empty means any.
    expect(await listed(`state=overdue&district=${district}&type=${type}&result=`)).toEqual(
      idsWhere((c) => c.state === "overdue" && c.data.district === district && c.data.orgType === type),
    );
    expect(await listed(`district=${district}&result=basicallyQualified`)).toEqual(
      idsWhere((c) => c.data.district === district && c.snapshot.context.result === "basicallyQualified"),
    );

    // Pages of a filtered list cut the filtered rows, in the list's order.
    const whole = await campaignCases(YEAR, readCaseListFilter(new URL(`http://local/?district=${district}`)), all);
    const second = await campaignCases(YEAR, readCaseListFilter(new URL(`http://local/?district=${district}`)), { page: 2, pageSize: 5 });
    expect(second.total).toBe(whole.total);
    expect(second.items.map((c) => c.id)).toEqual(whole.items.slice(5, 10).map((c) => c.id));
    expect(second.items.every((c) => c.district === district)).toBe(true);

    // Unknown or repeated values are refused like an unknown state: a 400, never every case.
    for (const query of ["district=999999", "type=company", "result=excellent", "state=lost", `district=${district}&district=640105`]) {
      const refused = (() => {
        try {
          readCaseListFilter(new URL(`http://local/?${query}`));
          return null;
        } catch (error) {
          return error;
        }
      })();
      expect(refused, query).toBeInstanceOf(Response);
      expect((refused as Response).status, query).toBe(400);
    }
  });

  it("moves the listed organizations off the abnormal list and onto the serious list after two full years, once each", async () => {
    const abnormal = await CreditListing.find({ list: "abnormal", removedAt: null }, { organizationId: 1, decidedAt: 1 }).lean();
    expect(abnormal.length).toBeGreaterThan(0);
    // Listed at 08:00 on 1 June 2026 in Shanghai: the two years end at 24:00 on 1 June 2028.
    expect(await promoteToSerious(new Date("2028-06-01T15:59:59Z"))).toBe(0);
    const later = new Date("2028-06-01T16:00:00Z");
    const [a, b] = await Promise.all([promoteToSerious(later), promoteToSerious(later)]);
    expect(a + b).toBe(abnormal.length);
    expect(await CreditListing.countDocuments({ list: "serious", reason: "abnormalForTwoYears" })).toBe(abnormal.length);
    // Promotion ends the abnormal listing: no organization shows on both lists for one cause.
    expect(await CreditListing.countDocuments({ list: "abnormal", removedAt: null })).toBe(0);
    const ended = await CreditListing.findById(abnormal[0]!._id).lean();
    expect(ended?.removal).toMatchObject({ kind: "promoted", basis: "《社会组织信用信息管理办法》第十四条第一款第（一）项" });
    expect(await promoteToSerious(new Date("2028-07-01T00:00:00Z"))).toBe(0);
  });
});
