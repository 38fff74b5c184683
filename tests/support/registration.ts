/**
 * A registration application arranged through the workflow engine (no browser), for tests of what
 * its later steps do: created with a complete form and, with `accept`, submitted and accepted.
 */
import { REGISTRATION_KIND } from "~/registration/registration-workflow.server";
import { createCase, sendEvent, type Actor } from "~/workflow/engine.server";

export async function registrationApplication(options: {
  name: string;
  orgType?: "socialServiceAgency" | "socialGroup" | "foundation";
  district?: string;
  ownerUserId?: string | null;
  applicant: Actor;
  regulator?: Actor;
  accept?: boolean;
}): Promise<string> {
  const orgType = options.orgType ?? "socialServiceAgency";
  const created = await createCase({
    kind: REGISTRATION_KIND,
    input: { orgType, proposedName: options.name },
    title: options.name,
    ownerUserId: options.ownerUserId ?? null,
    data: {
      application: {
        proposedName: options.name,
        orgType,
        district: options.district ?? "640106",
        domicile: `${options.name}住所（银川市测试路1号）`,
        legalRepresentative: "王测试",
        registeredCapital: "30000",
        businessScope: "社区服务、志愿者培训",
        sponsoringUnit: "银川市民政局",
        contactPhone: "0951-1234567",
      },
    },
    actor: options.applicant,
  });
  const id = String(created._id);
  if (options.accept) {
    await sendEvent(id, { type: "SUBMIT", complete: true }, { actor: options.applicant });
    await sendEvent(id, { type: "ACCEPT" }, { actor: options.regulator ?? options.applicant });
  }
  return id;
}
