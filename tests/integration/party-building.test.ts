import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { GuidanceVisit } from "@models/guidance-visit";
import { Organization } from "@models/organization";
import { PartyInstructor } from "@models/party-instructor";
import type { SessionUser } from "~/auth/guards.server";
import { DISTRICT_CODES, ORGANIZATION_TYPES } from "~/domain/organization";
import { COVERAGE_STATUSES, type PartyFactsInput } from "~/domain/party-building";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { partyCoverage, uncoveredOrganizations } from "~/party/coverage.server";
import { createInstructor, listInstructors, updateInstructor } from "~/party/instructors.server";
import { assignInstructor, partyOfOrganization, savePartyFacts, searchPartnerCandidates } from "~/party/party.server";
import { logGuidanceVisit, visitsOfOrganization } from "~/party/visits.server";
import { demoOrganizations } from "../../scripts/seed/demo-data";
import { seededRandom } from "../../scripts/seed/random";

const regulator: SessionUser = { id: new mongoose.Types.ObjectId().toHexString(), username: "r", displayName: "监管", role: "regulator", organizationId: null, partyInstructorId: null };
let instructorA: string;
let instructorB: string;
const asInstructor = (partyInstructorId: string): SessionUser => ({ ...regulator, role: "instructor", partyInstructorId });
const established = new Date("2021-07-01T00:00:00Z");
const facts = (overrides: Partial<PartyFactsInput>): PartyFactsInput => ({
  form: "none",
  memberCount: 0,
  establishedAt: null,
  jointPartnerIds: [],
  attachedTo: "",
  ...overrides,
});

beforeAll(async () => {
  const [a, b] = await PartyInstructor.insertMany([
    { name: "甲指导员", nameSortKey: pinyinSortKey("甲指导员"), agency: "银川市委社会工作部", phone: "13900000001" },
    { name: "乙指导员", nameSortKey: pinyinSortKey("乙指导员"), agency: "兴庆区委社会工作部", phone: "13900000002" },
  ]);
  instructorA = String(a!._id);
  instructorB = String(b!._id);
  // 60 organizations with mixed statuses and party facts; none are linked as joint groups yet.
  const random = seededRandom(7);
  const plans = demoOrganizations(random).slice(0, 60);
  const statuses = ["registered", "registered", "registered", "exiting", "deregistered", "applying"] as const;
  await Organization.insertMany(
    plans.map(({ party, ...o }, i) => ({
      ...o,
      status: statuses[i % statuses.length],
      nameSortKey: pinyinSortKey(o.name),
      nameInitials: pinyinInitials(o.name),
      party: {
        form: party.form,
        memberCount: party.memberCount,
        establishedAt: party.establishedAt,
        attachedTo: party.attachedTo,
        instructorId: party.form === "none" && i % 3 === 0 ? (i % 2 ? a!._id : b!._id) : undefined,
      },
    })),
  );
});

async function freeOrganizations(count: number, except: string[] = []): Promise<string[]> {
  const rows = await Organization.find({ "party.form": "none", status: "registered" }, { _id: 1 }).sort({ uscc: 1 }).lean();
  return rows.map((r) => String(r._id)).filter((id) => !except.includes(id)).slice(0, count);
}

describe("saving party facts", () => {
  it("refuses a standalone organization with 2 members and changes nothing", async () => {
    const [target] = await freeOrganizations(1);
    const result = await savePartyFacts(regulator, target!, facts({ form: "standalone", memberCount: 2, establishedAt: established }));
    expect(result).toMatchObject({ ok: false, errors: { memberCount: "party.rule.standaloneMembers" } });
    expect((await Organization.findById(target, { party: 1 }).lean())!.party!.form).toBe("none");
  });

  it("saves a standalone organization with 3 members", async () => {
    const [target] = await freeOrganizations(1);
    const result = await savePartyFacts(regulator, target!, facts({ form: "standalone", memberCount: 3, establishedAt: established }));
    expect(result.ok).toBe(true);
    const saved = (await Organization.findById(target, { party: 1 }).lean())!.party!;
    expect([saved.form, saved.memberCount, saved.establishedAt?.toISOString()]).toEqual(["standalone", 3, established.toISOString()]);
  });

  it("refuses a joint organization of more than 5 units, with unknown partners, or with partners that have their own", async () => {
    const [target, ...others] = await freeOrganizations(6);
    const tooMany = await savePartyFacts(regulator, target!, facts({ form: "joint", memberCount: 1, establishedAt: established, jointPartnerIds: others }));
    expect(tooMany).toMatchObject({ ok: false, errors: { jointPartnerIds: "party.rule.jointTooMany" } });

    const ghost = new mongoose.Types.ObjectId().toHexString();
    const missing = await savePartyFacts(regulator, target!, facts({ form: "joint", memberCount: 1, establishedAt: established, jointPartnerIds: [ghost] }));
    expect(missing).toMatchObject({ ok: false, errors: { jointPartnerIds: "party.rule.partnerMissing" } });

    const standalone = await Organization.findOne({ "party.form": "standalone" }, { _id: 1 }).lean();
    const own = await savePartyFacts(regulator, target!, facts({ form: "joint", memberCount: 1, establishedAt: established, jointPartnerIds: [String(standalone!._id)] }));
    expect(own).toMatchObject({ ok: false, errors: { jointPartnerIds: "party.rule.partnerHasOwnParty" } });
  });

  it("refuses an attached organization without the body's name, and one established in the future", async () => {
    const [target] = await freeOrganizations(1);
    const unnamed = await savePartyFacts(regulator, target!, facts({ form: "attached", memberCount: 1, establishedAt: established, attachedTo: " " }));
    expect(unnamed).toMatchObject({ ok: false, errors: { attachedTo: "party.rule.attachedToRequired" } });
    const future = await savePartyFacts(regulator, target!, facts({ form: "attached", memberCount: 1, establishedAt: new Date(Date.now() + 3 * 86_400_000), attachedTo: "所在社区党委" }));
    expect(future).toMatchObject({ ok: false, errors: { establishedAt: "party.rule.establishedInFuture" } });
  });

  it("links a joint group both ways and dissolves what is left when a unit leaves", async () => {
    const [target, p1, p2] = await freeOrganizations(3);
    const saved = await savePartyFacts(regulator, target!, facts({ form: "joint", memberCount: 1, establishedAt: established, jointPartnerIds: [p1!, p2!] }));
    expect(saved.ok).toBe(true);
    const partyOf = async (id: string) => (await Organization.findById(id, { party: 1 }).lean())!.party!;
    expect((await partyOf(p1!)).form).toBe("joint");
    expect((await partyOf(p1!)).jointPartnerIds.map(String).sort()).toEqual([target!, p2!].sort());
    expect((await partyOf(p2!)).jointPartnerIds.map(String).sort()).toEqual([target!, p1!].sort());

    // A unit of another joint group cannot be taken over before it leaves that group.
    const [outsider] = await freeOrganizations(1, [target!, p1!, p2!]);
    const taken = await savePartyFacts(regulator, outsider!, facts({ form: "joint", memberCount: 1, establishedAt: established, jointPartnerIds: [p1!] }));
    expect(taken).toMatchObject({ ok: false, errors: { jointPartnerIds: "party.rule.partnerInOtherGroup" } });

    // p2 leaves: target and p1 stay a group of two. Then p1 leaves too: target is alone, so its joint organization ends.
    expect((await savePartyFacts(regulator, p2!, facts({ form: "attached", memberCount: 1, establishedAt: established, attachedTo: "所在社区党委" }))).ok).toBe(true);
    expect((await partyOf(target!)).jointPartnerIds.map(String)).toEqual([p1!]);
    expect((await savePartyFacts(regulator, p1!, facts({ form: "none" }))).ok).toBe(true);
    const alone = await partyOf(target!);
    expect([alone.form, alone.jointPartnerIds.length, alone.establishedAt]).toEqual(["none", 0, undefined]);
  });

  it("lets only the assigned instructor edit, and everyone else gets 404", async () => {
    const [target] = await freeOrganizations(1);
    expect((await assignInstructor(regulator, target!, instructorA)).ok).toBe(true);
    const save = (user: SessionUser) => savePartyFacts(user, target!, facts({ form: "standalone", memberCount: 4, establishedAt: established }));
    await expect(save(asInstructor(instructorB))).rejects.toMatchObject({ status: 404 });
    expect((await save(asInstructor(instructorA))).ok).toBe(true);
    await expect(partyOfOrganization(asInstructor(instructorB), target!)).rejects.toMatchObject({ status: 404 });
    await expect(partyOfOrganization(regulator, "not-an-id")).rejects.toMatchObject({ status: 404 });
  });

  it("finds partner candidates by name, initials or credit code, literally", async () => {
    const sample = (await Organization.findOne({ status: "registered" }, { name: 1, uscc: 1, nameInitials: 1 }).lean())!;
    expect((await searchPartnerCandidates(sample.uscc.slice(0, 12), "")).map((c) => c.id)).toContain(String(sample._id));
    expect((await searchPartnerCandidates(sample.nameInitials.slice(0, 6), "")).map((c) => c.id)).toContain(String(sample._id));
    expect(await searchPartnerCandidates(".*", "")).toEqual([]);
    expect(await searchPartnerCandidates(sample.name, String(sample._id))).toEqual([]);
  });
});

describe("coverage", () => {
  it("agrees with the raw register by district and by type", async () => {
    const report = await partyCoverage();
    const raw = await Organization.find({}, { district: 1, type: 1, status: 1, party: 1 }).lean();
    const live = raw.filter((o) => (COVERAGE_STATUSES as readonly string[]).includes(o.status));
    const figure = (rows: typeof live) => {
      const withParty = rows.filter((o) => o.party?.form && o.party.form !== "none").length;
      const withWork = rows.filter((o) => (o.party?.form && o.party.form !== "none") || o.party?.instructorId).length;
      return { total: rows.length, withParty, withPartyOrInstructor: withWork };
    };
    expect(report.overall).toMatchObject(figure(live));
    expect(report.overall.total).toBeLessThan(raw.length); // applying and deregistered ones are left out
    for (const district of DISTRICT_CODES) {
      expect(report.byDistrict.find((d) => d.district === district)).toMatchObject(figure(live.filter((o) => o.district === district)));
    }
    for (const type of ORGANIZATION_TYPES) {
      expect(report.byType.find((d) => d.type === type)).toMatchObject(figure(live.filter((o) => o.type === type)));
    }
    expect(report.overall.workCoverage).toBeCloseTo(figure(live).withPartyOrInstructor / live.length, 10);
  });

  it("lists exactly the live organizations with neither a party organization nor an instructor", async () => {
    const raw = await Organization.find({}, { district: 1, status: 1, party: 1 }).lean();
    const expected = raw.filter(
      (o) => (COVERAGE_STATUSES as readonly string[]).includes(o.status) && (o.party?.form ?? "none") === "none" && !o.party?.instructorId,
    );
    const all = await uncoveredOrganizations({ page: 1, pageSize: 100 });
    expect(all.total).toBe(expected.length);
    expect(new Set(all.items.map((i) => i.id))).toEqual(new Set(expected.map((o) => String(o._id))));
    const inDistrict = await uncoveredOrganizations({ page: 1, pageSize: 100 }, { district: "640104" });
    expect(inDistrict.total).toBe(expected.filter((o) => o.district === "640104").length);
  });
});

describe("guidance visits", () => {
  const visit = (key: string) => ({ date: new Date("2025-03-01T16:00:00Z"), mode: "onSite" as const, topics: "指导规范三会一课", problemsFound: "", followUp: "", idempotencyKey: key });

  it("logs one visit for the same form sent twice at once, and a second for a new form", async () => {
    const [target] = await freeOrganizations(1);
    await assignInstructor(regulator, target!, instructorA);
    const me = asInstructor(instructorA);
    const key = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => logGuidanceVisit(me, target!, visit(key))));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await GuidanceVisit.countDocuments({ organizationId: target })).toBe(1);
    await logGuidanceVisit(me, target!, visit(crypto.randomUUID()));
    expect((await visitsOfOrganization(target!, { page: 1, pageSize: 10 })).total).toBe(2);
  });

  it("refuses a visit by an instructor the organization is not assigned to", async () => {
    const [target] = await freeOrganizations(1);
    await assignInstructor(regulator, target!, instructorA);
    const before = await GuidanceVisit.countDocuments({});
    await expect(logGuidanceVisit(asInstructor(instructorB), target!, visit(crypto.randomUUID()))).rejects.toMatchObject({ status: 404 });
    expect(await GuidanceVisit.countDocuments({})).toBe(before);
  });
});

describe("instructors", () => {
  it("lists instructors in pinyin order with the number of organizations each guides", async () => {
    const created = await createInstructor({ name: "艾小明", agency: "金凤区委社会工作部", phone: "13900000003" });
    const { items, total } = await listInstructors({ page: 1, pageSize: 20 });
    expect(total).toBe(3);
    expect(items.map((i) => i.name)).toEqual(["艾小明", "甲指导员", "乙指导员"]); // ai < jia < yi
    const assigned = await Organization.countDocuments({ "party.instructorId": new mongoose.Types.ObjectId(instructorA) });
    expect(items.find((i) => i.id === instructorA)?.organizationCount).toBe(assigned);
    expect(items.find((i) => i.id === created)?.organizationCount).toBe(0);

    await updateInstructor(created, { name: "左小明", agency: "金凤区委社会工作部", phone: "13900000003" });
    expect((await listInstructors({ page: 1, pageSize: 20 })).items.map((i) => i.name).at(-1)).toBe("左小明");
    expect((await listInstructors({ page: 1, pageSize: 20 }, "金凤")).items.map((i) => i.id)).toEqual([created]);
    await expect(updateInstructor(new mongoose.Types.ObjectId().toHexString(), { name: "无", agency: "无", phone: "13900000009" })).rejects.toMatchObject({ status: 404 });
  });
});
