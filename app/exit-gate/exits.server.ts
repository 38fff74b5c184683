/**
 * Exit cases (deregistration and revocation): starting them, the sweeper's revocation proposals,
 * and the final status, date and reason of an exited organization.
 */
import mongoose from "mongoose";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import { pinyinSortKey } from "~/domain/pinyin";
import { createCases, SYSTEM_ACTOR } from "~/workflow/engine.server";
import "~/workflow/registry.server";
import { REVOCATION_KIND } from "./exit-workflows.server";

/** Two or more annual reports still unfiled after their deadline make an organization a revocation candidate. */
export const MISSED_INSPECTIONS_FOR_REVOCATION = 2;

/**
 * Sweeper step: opens a proposed revocation case for every organization with two or more
 * missed annual inspections (once: the case key is per organization).
 */
export async function proposeRevocations(now = new Date()): Promise<number> {
  const groups = (await WorkflowCase.aggregate([
    { $match: { kind: "annualReport", state: "overdue" } },
    { $group: { _id: "$organizationId", missed: { $sum: 1 } } },
  ])) as { _id: mongoose.Types.ObjectId | null; missed: number }[];
  const candidates = groups.filter((g) => g._id && g.missed >= MISSED_INSPECTIONS_FOR_REVOCATION);
  if (candidates.length === 0) return 0;
  const orgs = await Organization.find(
    { _id: mongoose.trusted({ $in: candidates.map((c) => c._id) }), status: mongoose.trusted({ $in: ["registered", "listed"] }) },
    { name: 1 },
  ).lean();
  const missed = new Map(candidates.map((c) => [String(c._id), c.missed]));
  const result = await createCases(
    REVOCATION_KIND,
    orgs.map((o) => ({
      caseKey: `revocation:missedInspections:${String(o._id)}`,
      input: { ground: "missedInspections", grounds: `连续 ${missed.get(String(o._id))} 年未按时报送年度报告`, proposed: true },
      title: o.name,
      titleSortKey: pinyinSortKey(o.name),
      organizationId: String(o._id),
    })),
    { actor: SYSTEM_ACTOR, now },
  );
  return result.created;
}
