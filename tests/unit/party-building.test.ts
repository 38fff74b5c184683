import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCalendarDate, toCalendarDateString } from "~/domain/calendar-date";
import {
  checkPartyFacts,
  coverageOf,
  coverageReport,
  partyWarnings,
  planJointGroupUpdates,
  share,
  type CoverageCell,
  type PartyCheckContext,
  type PartyFactsInput,
} from "~/domain/party-building";

const SELF = "a".repeat(24);
const id = (n: number) => n.toString(16).padStart(24, "0");
const now = new Date("2025-06-01T00:00:00Z");
const established = new Date("2020-07-01T00:00:00Z");

function facts(overrides: Partial<PartyFactsInput>): PartyFactsInput {
  return { form: "none", memberCount: 0, establishedAt: null, jointPartnerIds: [], attachedTo: "", ...overrides };
}
function context(overrides: Partial<PartyCheckContext> = {}): PartyCheckContext {
  return { organizationId: SELF, previousPartnerIds: [], hasInstructor: true, partners: [], now, ...overrides };
}
const freePartners = (...ns: number[]) => ns.map((n) => ({ id: id(n), form: "none" as const, jointPartnerIds: [] }));

describe("standalone party organizations", () => {
  it("need at least 3 full members", () => {
    expect(checkPartyFacts(facts({ form: "standalone", memberCount: 2, establishedAt: established }), context()).errors).toEqual({
      memberCount: "party.rule.standaloneMembers",
    });
    expect(checkPartyFacts(facts({ form: "standalone", memberCount: 3, establishedAt: established }), context()).errors).toEqual({});
  });

  it("need a date established that is not in the future", () => {
    expect(checkPartyFacts(facts({ form: "standalone", memberCount: 5 }), context()).errors.establishedAt).toBe("party.rule.establishedAtRequired");
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect(checkPartyFacts(facts({ form: "standalone", memberCount: 5, establishedAt: tomorrow }), context()).errors.establishedAt).toBe(
      "party.rule.establishedInFuture",
    );
  });

  it("refuse negative or fractional member counts", () => {
    for (const memberCount of [-1, 2.5, Number.NaN]) {
      expect(checkPartyFacts(facts({ memberCount }), context()).errors.memberCount).toBe("party.rule.memberCount");
    }
  });
});

describe("joint party organizations", () => {
  const joint = (partnerIds: string[]) => facts({ form: "joint", memberCount: 1, establishedAt: established, jointPartnerIds: partnerIds });

  it("cover at most 5 units, this one included", () => {
    const four = [1, 2, 3, 4];
    expect(checkPartyFacts(joint(four.map(id)), context({ partners: freePartners(...four) })).errors).toEqual({});
    const five = [1, 2, 3, 4, 5];
    expect(checkPartyFacts(joint(five.map(id)), context({ partners: freePartners(...five) })).errors.jointPartnerIds).toBe("party.rule.jointTooMany");
  });

  it("need at least one partner, never itself, never twice", () => {
    expect(checkPartyFacts(joint([]), context()).errors.jointPartnerIds).toBe("party.rule.jointNeedsPartner");
    expect(checkPartyFacts(joint([SELF]), context()).errors.jointPartnerIds).toBe("party.rule.partnerSelf");
    expect(checkPartyFacts(joint([id(1), id(1)]), context({ partners: freePartners(1) })).errors.jointPartnerIds).toBe("party.rule.partnerDuplicate");
  });

  it("need partners that exist in the register", () => {
    expect(checkPartyFacts(joint([id(1), id(2)]), context({ partners: freePartners(1) })).errors.jointPartnerIds).toBe("party.rule.partnerMissing");
  });

  it("refuse partners with a party organization of their own or in another joint group", () => {
    const standalone = [{ id: id(1), form: "standalone" as const, jointPartnerIds: [] }];
    expect(checkPartyFacts(joint([id(1)]), context({ partners: standalone })).errors.jointPartnerIds).toBe("party.rule.partnerHasOwnParty");
    const elsewhere = [{ id: id(1), form: "joint" as const, jointPartnerIds: [id(9)] }];
    expect(checkPartyFacts(joint([id(1)]), context({ partners: elsewhere })).errors.jointPartnerIds).toBe("party.rule.partnerInOtherGroup");
  });

  it("keep partners already in this organization's own group", () => {
    const sameGroup = [{ id: id(1), form: "joint" as const, jointPartnerIds: [SELF, id(2)] }, { id: id(2), form: "joint" as const, jointPartnerIds: [SELF, id(1)] }];
    expect(checkPartyFacts(joint([id(1), id(2)]), context({ previousPartnerIds: [id(1), id(2)], partners: sameGroup })).errors).toEqual({});
  });
});

describe("attached party organizations", () => {
  it("need the name of the body they are attached to", () => {
    const attached = facts({ form: "attached", memberCount: 1, establishedAt: established, attachedTo: "  " });
    expect(checkPartyFacts(attached, context()).errors).toEqual({ attachedTo: "party.rule.attachedToRequired" });
    expect(checkPartyFacts({ ...attached, attachedTo: "所在社区党委" }, context()).errors).toEqual({});
  });
});

describe("advice", () => {
  it("asks for an instructor where there is no party organization and none is sent", () => {
    expect(partyWarnings({ form: "none", memberCount: 0 }, false)).toEqual(["party.warn.needsInstructor"]);
    expect(partyWarnings({ form: "none", memberCount: 0 }, true)).toEqual([]);
    expect(checkPartyFacts(facts({}), context({ hasInstructor: false })).warnings).toContain("party.warn.needsInstructor");
  });

  it("points out that 3 or more members could build standalone", () => {
    expect(partyWarnings({ form: "attached", memberCount: 3 }, true)).toEqual(["party.warn.canStandalone"]);
    expect(partyWarnings({ form: "standalone", memberCount: 9 }, true)).toEqual([]);
  });
});

describe("joint groups stay symmetric", () => {
  it("makes every new partner list all the others", () => {
    const updates = planJointGroupUpdates(SELF, [], facts({ form: "joint", jointPartnerIds: [id(1), id(2)] }));
    expect(updates).toEqual([
      { id: id(1), jointPartnerIds: [SELF, id(2)], dissolve: false },
      { id: id(2), jointPartnerIds: [SELF, id(1)], dissolve: false },
    ]);
  });

  it("leaves the dropped partners as their own group, dissolving a unit left alone", () => {
    const updates = planJointGroupUpdates(SELF, [id(1), id(2), id(3)], facts({ form: "joint", jointPartnerIds: [id(1)] }));
    expect(updates).toEqual([
      { id: id(1), jointPartnerIds: [SELF], dissolve: false },
      { id: id(2), jointPartnerIds: [id(3)], dissolve: false },
      { id: id(3), jointPartnerIds: [id(2)], dissolve: false },
    ]);
    expect(planJointGroupUpdates(SELF, [id(1)], facts({ form: "standalone" }))).toEqual([{ id: id(1), jointPartnerIds: [], dissolve: true }]);
  });

  it("never lists a unit as its own partner and never grows a group beyond the chosen units", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }), fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }), (before, after) => {
        const updates = planJointGroupUpdates(SELF, before.map(id), facts({ form: "joint", jointPartnerIds: after.map(id) }));
        for (const update of updates) {
          expect(update.jointPartnerIds).not.toContain(update.id);
          expect(update.dissolve).toBe(update.jointPartnerIds.length === 0);
        }
        const touched = new Set(updates.map((u) => u.id));
        expect(touched).toEqual(new Set([...before, ...after].map(id)));
      }),
    );
  });
});

describe("coverage", () => {
  const cells: CoverageCell[] = [
    { district: "640104", type: "socialGroup", total: 10, withParty: 4, instructorOnly: 3 },
    { district: "640104", type: "foundation", total: 2, withParty: 2, instructorOnly: 0 },
    { district: "640105", type: "socialGroup", total: 8, withParty: 0, instructorOnly: 2 },
  ];

  it("organization coverage counts party organizations, work coverage adds instructors", () => {
    expect(coverageOf(cells)).toEqual({ total: 20, withParty: 6, withPartyOrInstructor: 11, organizationCoverage: 0.3, workCoverage: 0.55 });
  });

  it("splits by district and by type, zero for groups without organizations", () => {
    const report = coverageReport(cells, ["640104", "640105", "640106"], ["socialGroup", "foundation"]);
    expect(report.byDistrict.map((d) => [d.district, d.total, d.organizationCoverage, d.workCoverage])).toEqual([
      ["640104", 12, 0.5, 0.75],
      ["640105", 8, 0, 0.25],
      ["640106", 0, 0, 0],
    ]);
    expect(report.byType.map((d) => [d.type, d.withParty, d.withPartyOrInstructor])).toEqual([
      ["socialGroup", 4, 9],
      ["foundation", 2, 2],
    ]);
  });

  it("never reports NaN and keeps work coverage at or above organization coverage", () => {
    expect(share(0, 0)).toBe(0);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50))), (raw) => {
        const generated = raw.map(([a, b, c]) => ({ district: "640104", type: "socialGroup", total: a + b + c, withParty: a, instructorOnly: b }));
        const figure = coverageOf(generated);
        expect(figure.workCoverage).toBeGreaterThanOrEqual(figure.organizationCoverage);
        expect(figure.workCoverage).toBeLessThanOrEqual(1);
        expect(Number.isNaN(figure.workCoverage)).toBe(false);
      }),
    );
  });
});

describe("calendar dates in Asia/Shanghai", () => {
  it("store a typed day as midnight in Shanghai and show the same day back", () => {
    expect(parseCalendarDate("2024-05-01")?.toISOString()).toBe("2024-04-30T16:00:00.000Z");
    expect(toCalendarDateString(parseCalendarDate("2024-05-01"))).toBe("2024-05-01");
    expect(toCalendarDateString(new Date("2024-04-30T16:30:00Z"))).toBe("2024-05-01");
  });

  it("refuse days that do not exist", () => {
    for (const bad of ["2024-02-30", "2024-13-01", "24-05-01", "2024/05/01", ""]) expect(parseCalendarDate(bad)).toBeNull();
  });
});
