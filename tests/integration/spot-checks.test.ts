/**
 * Spot checks: the recorded seed reproduces the draw from the register; a finding opens a
 * rectification, and one not done puts the organization on the abnormal list.
 */
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { Organization } from "@models/organization";
import { SpotCheck } from "@models/spot-check";
import type { SessionUser } from "~/auth/guards.server";
import { isOnCreditList } from "~/daily-gate/credit-lists.server";
import { closeRectification, draw, recordFinding, spotChecks } from "~/daily-gate/spot-checks.server";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { drawSpotCheck } from "~/domain/spot-check";
import { demoOrganizations } from "../../scripts/seed/demo-data";
import { seededRandom } from "../../scripts/seed/random";

const regulator: SessionUser = { id: new mongoose.Types.ObjectId().toHexString(), username: "regulator", displayName: "王建国", role: "regulator", organizationId: null, partyInstructorId: null };

beforeAll(async () => {
  const plans = demoOrganizations(seededRandom(11)).slice(0, 30);
  await Organization.insertMany(plans.map(({ party: _party, ...o }) => ({ ...o, nameSortKey: pinyinSortKey(o.name), nameInitials: pinyinInitials(o.name) })));
});

describe("spot checks", () => {
  it("records a draw that anyone can reproduce from its seed and the register", async () => {
    const id = await draw(regulator, { sampleSize: 5, inspectors: "马俊、李娜，王芳", seed: "4242" });
    const stored = await SpotCheck.findById(id).lean();
    const population = await Organization.find({ status: "registered" }, { _id: 1 }).lean();
    const again = drawSpotCheck(stored!.seed, population.map((o) => String(o._id)), stored!.inspectors, stored!.sampleSize);
    expect(stored!.selections.map((s) => ({ organizationId: String(s.organizationId), inspector: s.inspector }))).toEqual(again);
    expect(stored!.selections).toHaveLength(5);
    expect(stored!.populationSize).toBe(population.length);
  });

  it("a finding with items opens a rectification; not done, the organization is listed", async () => {
    const [check] = await spotChecks();
    await recordFinding(check!.id, { index: 0, finding: "财务账簿不全", items: "补全账簿", deadline: "2030-01-31" });
    const [reloaded] = await spotChecks();
    expect(reloaded!.selections[0]!.rectification).toMatchObject({ items: "补全账簿", status: "open" });
    await closeRectification(regulator, check!.id, { index: 0, outcome: "listed", note: "逾期未整改" });
    expect(await isOnCreditList(reloaded!.selections[0]!.organizationId)).toBe(true);
    await expect(closeRectification(regulator, check!.id, { index: 0, outcome: "verified", note: "再次" })).rejects.toBeInstanceOf(Response);
  });
});
