import { describe, expect, it } from "vitest";
import { DISTRICTS, ORGANIZATION_TYPES } from "~/domain/organization";
import { validateUscc } from "~/domain/uscc";
import { DEMO_INSTRUCTOR_COUNT, DEMO_ORGANIZATION_COUNT, demoInstructors, demoOrganizations } from "../../scripts/seed/demo-data";
import { seededRandom } from "../../scripts/seed/random";

function generate() {
  const random = seededRandom(20221);
  const instructors = demoInstructors(random);
  return { instructors, organizations: demoOrganizations(random) };
}

describe("demo register", () => {
  const { instructors, organizations } = generate();

  it("generates as many organizations and instructors as the seed announces", () => {
    expect(organizations).toHaveLength(DEMO_ORGANIZATION_COUNT);
    expect(instructors).toHaveLength(DEMO_INSTRUCTOR_COUNT);
  });

  it("gives every organization a valid, unique credit code and a unique name", () => {
    for (const o of organizations) expect(validateUscc(o.uscc)).toEqual({ ok: true, value: o.uscc });
    expect(new Set(organizations.map((o) => o.uscc)).size).toBe(organizations.length);
    expect(new Set(organizations.map((o) => o.name)).size).toBe(organizations.length);
  });

  it("covers all six districts and all three types", () => {
    expect(new Set(organizations.map((o) => o.district))).toEqual(new Set(DISTRICTS.map((d) => d.code)));
    expect(new Set(organizations.map((o) => o.type))).toEqual(new Set(ORGANIZATION_TYPES));
  });

  it("is the same on every run", () => {
    expect(generate().organizations.map((o) => o.uscc)).toEqual(organizations.map((o) => o.uscc));
  });

  it("follows the party-building rule: standalone only with 3 or more members", () => {
    for (const o of organizations) if (o.party.form === "standalone") expect(o.party.memberCount).toBeGreaterThanOrEqual(3);
  });
});
