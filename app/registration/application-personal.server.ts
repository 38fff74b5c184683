/**
 * The application's personal data on its way in and out (ADR 016): sealed when saved (an empty
 * input keeps what is stored), opened for the server's own checks and the registration, masked
 * for pages, left out of the form's inputs.
 */
import { normalizePersonal } from "~/personal-data/fields";
import { maskedPersonal, openPersonal, sealPersonal } from "~/personal-data/personal-data.server";
import { APPLICATION_PERSONAL_FIELDS, type ApplicationDraft } from "./application-form";

const PERSONAL = Object.entries(APPLICATION_PERSONAL_FIELDS) as [keyof ApplicationDraft, "idNumber" | "phone"][];

export function isApplicationPersonalField(field: string): field is keyof ApplicationDraft {
  return Object.hasOwn(APPLICATION_PERSONAL_FIELDS, field);
}

/** What is stored from a posted form: personal values sealed; an empty one keeps the stored value. */
export function sealApplication(posted: ApplicationDraft, stored?: ApplicationDraft): ApplicationDraft {
  const sealed = { ...posted };
  for (const [field, kind] of PERSONAL) {
    const typed = posted[field];
    const keep = stored?.[field] ?? "";
    sealed[field as "contactPhone"] = typed ? sealPersonal(kind === "phone" && field !== "contactPhone" ? normalizePersonal(kind, typed) : typed) : keep;
  }
  return sealed;
}

function mapPersonal(application: ApplicationDraft, show: (stored: string) => string): ApplicationDraft {
  const shown = { ...application };
  for (const [field] of PERSONAL) shown[field as "contactPhone"] = show(application[field] ?? "");
  return shown;
}

export const openApplication = (application: ApplicationDraft) => mapPersonal(application, openPersonal);
export const maskApplication = (application: ApplicationDraft) => mapPersonal(application, maskedPersonal);
/** The edit form's starting values: personal inputs empty (the masked value is their hint). */
export const applicationFormValues = (application: ApplicationDraft) => mapPersonal(application, () => "");
