/**
 * The case lists read in-process copies of the cases (app/workflow/case-lists.server.ts), so a
 * write to a case outside a step must replace its kind's token, or a list keeps showing what was.
 */
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { APPLICATION_FIELDS } from "~/registration/application-form";
import { myApplications, saveDraft } from "~/registration/registration.server";
import { recoverPendingSteps, sendEvent, type Actor } from "~/workflow/engine.server";
import { casesOfOrganization } from "~/workflow/organization-cases.server";
import { registrationApplication } from "../support/registration";

const REGULATOR: Actor = { userId: null, name: "审查员", role: "regulator" };
const firstPage = { page: 1, pageSize: 100 };

describe("case lists", () => {
  it("shows a draft's new name in the applicant's list as soon as it is saved", async () => {
    const applicant: SessionUser = { id: new mongoose.Types.ObjectId().toHexString(), username: "a", displayName: "申请人", role: "applicant", organizationId: null, partyInstructorId: null };
    const caseId = await registrationApplication({ name: "列表旧名称服务中心", ownerUserId: applicant.id, applicant: { userId: applicant.id, name: "申请人", role: "applicant" } });
    expect((await myApplications(applicant, firstPage)).items.map((i) => i.title)).toEqual(["列表旧名称服务中心"]);
    const fields = { ...Object.fromEntries(APPLICATION_FIELDS.map((name) => [name, ""])), proposedName: "列表新名称服务中心", orgType: "socialServiceAgency", district: "640104" };
    expect(await saveDraft(applicant, caseId, fields)).toEqual({ ok: true, caseId });
    const [item] = (await myApplications(applicant, firstPage)).items;
    expect(item).toMatchObject({ id: caseId, title: "列表新名称服务中心", district: "640104" });
  });

  it("lists an approved application on its new organization's cases tab once the effect owed after a crash has run", async () => {
    const applicant: Actor = { userId: null, name: "申请人", role: "applicant" };
    const caseId = await registrationApplication({ name: "列表准予登记服务中心", applicant, regulator: REGULATOR, accept: true });
    // The approval commits, then the process dies before registering the organization; a list is read meanwhile.
    await expect(sendEvent(caseId, { type: "APPROVE" }, { actor: REGULATOR, crashAt: "afterCache" })).rejects.toThrow("simulated crash");
    await casesOfOrganization(new mongoose.Types.ObjectId().toHexString(), firstPage);
    await recoverPendingSteps(); // registers the organization and records its id on the case
    const organizationId = String((await WorkflowCase.findById(caseId, { organizationId: 1 }).lean())?.organizationId ?? "");
    expect(organizationId).toMatch(/^[0-9a-f]{24}$/);
    expect((await casesOfOrganization(organizationId, firstPage)).items.map((i) => i.id)).toContain(caseId);
  });
});
