/**
 * Brings every stored personal value to the current keys (ADR 016): plain text written before
 * encryption existed is sealed, values sealed with an older key are sealed again with the newest,
 * the keyed hashes are recomputed with the current index key, and change-history entries that
 * still hold a whole phone number are masked. Idempotent: a second run changes nothing. Run
 * once as a data migration at start, and by `npm run personal-data:reseal` after a key rotation.
 */
import type { AnyBulkWriteOperation } from "mongodb";
import type { Collection } from "mongoose";
import { Organization } from "@models/organization";
import { OrganizationChange } from "@models/organization-change";
import { touchReadModel } from "@models/read-model-version";
import { WorkflowCase } from "@models/workflow-case";
import { maskPersonal } from "~/domain/personal-data";
import { storedPersonalFacts } from "~/register/organization-facts.server";
import { isPersonalFact } from "~/register/organization-fields";
import { APPLICATION_PERSONAL_FIELDS, type ApplicationDraft } from "~/registration/application-form";
import { casesChanged } from "~/workflow/engine.server";
import { openPersonal, sealPersonal } from "./personal-data.server";
import { isSealed, needsReseal } from "./sm4.server";

const BATCH = 500;
const REGISTRATION_KIND = "registration";

async function writeInBatches(collection: Collection, ops: AnyBulkWriteOperation[]) {
  for (let i = 0; i < ops.length; i += BATCH) await collection.bulkWrite(ops.slice(i, i + BATCH), { ordered: false });
}

async function resealOrganizations(): Promise<number> {
  const rows = await Organization.find({}, { legalRepresentativeIdNumber: 1, legalRepresentativeMobile: 1, contact: 1, personalIndex: 1 }).lean();
  const ops: AnyBulkWriteOperation[] = [];
  for (const o of rows) {
    const stored = [o.legalRepresentativeIdNumber, o.legalRepresentativeMobile, o.contact?.phone];
    const opened = { legalRepresentativeIdNumber: openPersonal(o.legalRepresentativeIdNumber), legalRepresentativeMobile: openPersonal(o.legalRepresentativeMobile), contactPhone: openPersonal(o.contact?.phone) };
    const wanted = storedPersonalFacts(opened);
    const indexChanged = wanted.personalIndex.join(",") !== (o.personalIndex ?? []).join(",");
    if (!stored.some(needsReseal) && !indexChanged) continue;
    const set: Record<string, unknown> = { personalIndex: wanted.personalIndex };
    if (needsReseal(o.legalRepresentativeIdNumber)) set.legalRepresentativeIdNumber = wanted.legalRepresentativeIdNumber;
    if (needsReseal(o.legalRepresentativeMobile)) set.legalRepresentativeMobile = wanted.legalRepresentativeMobile;
    if (needsReseal(o.contact?.phone)) set["contact.phone"] = wanted.contactPhone;
    ops.push({ updateOne: { filter: { _id: o._id }, update: { $set: set } } });
  }
  await writeInBatches(Organization.collection, ops);
  if (ops.length) await touchReadModel("organizations"); // the driver's writes run no model hooks (ADR 007)
  return ops.length;
}

async function resealApplications(): Promise<number> {
  const rows = await WorkflowCase.find({ kind: REGISTRATION_KIND }, { data: 1 }).lean();
  const ops: AnyBulkWriteOperation[] = [];
  for (const c of rows) {
    const application = (c.data as { application?: Partial<ApplicationDraft> } | undefined)?.application;
    if (!application) continue;
    const set: Record<string, string> = {};
    for (const field of Object.keys(APPLICATION_PERSONAL_FIELDS) as (keyof ApplicationDraft)[]) {
      const value = application[field];
      if (needsReseal(value)) set[`data.application.${field}`] = sealPersonal(openPersonal(value));
    }
    if (Object.keys(set).length) ops.push({ updateOne: { filter: { _id: c._id }, update: { $set: set } } });
  }
  await writeInBatches(WorkflowCase.collection, ops);
  if (ops.length) await casesChanged(REGISTRATION_KIND);
  return ops.length;
}

/** History entries written before masking kept whole phone numbers: mask them (whole ones only). */
async function maskHistory(): Promise<number> {
  const rows = await OrganizationChange.find({}, { fields: 1 }).lean(); // a filter into arrays is outside the embedded database's subset
  const ops: AnyBulkWriteOperation[] = [];
  for (const change of rows) {
    let touched = false;
    const fields = change.fields.map((f) => {
      if (!isPersonalFact(f.field)) return f;
      const masked = { field: f.field, before: maskOnce(f.before ?? ""), after: maskOnce(f.after ?? "") };
      touched ||= masked.before !== f.before || masked.after !== f.after;
      return masked;
    });
    if (touched) ops.push({ updateOne: { filter: { _id: change._id }, update: { $set: { fields } } } });
  }
  await writeInBatches(OrganizationChange.collection, ops);
  return ops.length;
}

/** A whole value is masked; one already masked (it holds a *) or sealed stays as it is. */
function maskOnce(value: string): string {
  return value.includes("*") || isSealed(value) ? value : maskPersonal(value);
}

export async function resealPersonalData(): Promise<{ organizations: number; applications: number; history: number }> {
  return { organizations: await resealOrganizations(), applications: await resealApplications(), history: await maskHistory() };
}
