/**
 * Random spot checks (双随机抽查): draw (population = registered organizations, sorted by id;
 * seed recorded), record findings, and rectifications opened from findings (verified, or the
 * organization listed for a rectification not done).
 */
import { randomInt } from "node:crypto";
import mongoose from "mongoose";
import { z } from "zod";
import { Organization } from "@models/organization";
import { SpotCheck } from "@models/spot-check";
import type { SessionUser } from "~/auth/guards.server";
import { endOfBeijingDay } from "~/domain/annual-report";
import { drawSpotCheck } from "~/domain/spot-check";
import { listOrganizations } from "./credit-lists.server";

export const drawSchema = z.object({
  sampleSize: z.coerce.number().int("dailyGate.error.count").min(1, "dailyGate.error.count").max(1000, "dailyGate.error.count"),
  inspectors: z.string().trim().min(1, "dailyGate.error.required").max(1000, "dailyGate.error.tooLong"),
  seed: z.union([z.literal(""), z.string().regex(/^\d{1,10}$/, "dailyGate.error.count")]).default(""),
});

export const findingSchema = z.object({
  index: z.coerce.number().int().min(0),
  finding: z.string().trim().min(1, "dailyGate.error.required").max(2000, "dailyGate.error.tooLong"),
  items: z.string().trim().max(2000, "dailyGate.error.tooLong").default(""),
  deadline: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dailyGate.error.date")]).default(""),
});

export const closeSchema = z.object({
  index: z.coerce.number().int().min(0),
  outcome: z.enum(["verified", "listed"], "validation.invalid"),
  note: z.string().trim().min(1, "dailyGate.error.required").max(2000, "dailyGate.error.tooLong"),
});

/** The population: organizations in normal registered status (listed ones included). */
async function population() {
  return Organization.find({ status: "registered" }, { name: 1 }).sort({ _id: 1 }).lean();
}

export async function draw(user: SessionUser, form: z.infer<typeof drawSchema>, now = new Date()): Promise<string> {
  const seed = form.seed === "" ? randomInt(0, 2 ** 31) : Number(form.seed);
  const inspectors = form.inspectors.split(/[,，、\s]+/).filter(Boolean);
  const orgs = await population();
  const names = new Map(orgs.map((o) => [String(o._id), o.name]));
  const picked = drawSpotCheck(seed, [...names.keys()], inspectors, form.sampleSize);
  const created = await SpotCheck.create({
    seed,
    sampleSize: form.sampleSize,
    populationSize: orgs.length,
    inspectors,
    drawnAt: now,
    drawnBy: user.displayName,
    selections: picked.map((p) => ({ organizationId: new mongoose.Types.ObjectId(p.organizationId), organizationName: names.get(p.organizationId)!, inspector: p.inspector })),
  });
  return String(created._id);
}

async function find(id: string) {
  if (!mongoose.isValidObjectId(id)) throw new Response("Not Found", { status: 404 });
  const check = await SpotCheck.findById(id).lean();
  if (!check) throw new Response("Not Found", { status: 404 });
  return check;
}

export async function recordFinding(id: string, form: z.infer<typeof findingSchema>, now = new Date()): Promise<void> {
  const check = await find(id);
  if (!check.selections[form.index]) throw new Response("Not Found", { status: 404 });
  const set: Record<string, unknown> = { [`selections.${form.index}.finding`]: form.finding, [`selections.${form.index}.findingAt`]: now };
  if (form.items && form.deadline) {
    set[`selections.${form.index}.rectification`] = { items: form.items, deadline: endOfBeijingDay(form.deadline), status: "open" };
  }
  await SpotCheck.updateOne({ _id: check._id }, { $set: set });
}

export async function closeRectification(user: SessionUser, id: string, form: z.infer<typeof closeSchema>, now = new Date()): Promise<void> {
  const check = await find(id);
  const selection = check.selections[form.index];
  if (!selection?.rectification || selection.rectification.status !== "open") throw new Response("Conflict", { status: 409 });
  await SpotCheck.updateOne(
    { _id: check._id },
    { $set: { [`selections.${form.index}.rectification.status`]: form.outcome, [`selections.${form.index}.rectification.closedAt`]: now, [`selections.${form.index}.rectification.note`]: form.note } },
  );
  if (form.outcome === "listed") {
    await listOrganizations(
      [{ organizationId: String(selection.organizationId), reason: "rectificationNotDone", detail: form.note, listingKey: `abnormal:${String(selection.organizationId)}:rectificationNotDone:spotCheck:${id}` }],
      user.displayName,
      now,
    );
  }
}

export async function spotChecks() {
  const rows = await SpotCheck.find({}).sort({ drawnAt: -1 }).limit(20).lean();
  return rows.map((c) => ({
    id: String(c._id),
    seed: c.seed,
    sampleSize: c.sampleSize,
    populationSize: c.populationSize,
    inspectors: c.inspectors,
    drawnAt: c.drawnAt.toISOString(),
    drawnBy: c.drawnBy,
    selections: c.selections.map((s) => ({
      organizationId: String(s.organizationId),
      organizationName: s.organizationName,
      inspector: s.inspector,
      finding: s.finding ?? "",
      rectification: s.rectification?.status
        ? { items: s.rectification.items ?? "", deadline: s.rectification.deadline?.toISOString() ?? null, status: s.rectification.status, note: s.rectification.note ?? "" }
        : null,
    })),
  }));
}
