/**
 * The party-facts form's action, shared by the regulator's party tab and the instructor's
 * view: "searchPartners" looks up the register and shows the form again as typed; "save"
 * validates, applies the rules and redirects with a notice.
 */
import { data, redirect } from "@remix-run/node";
import type { SessionUser } from "~/auth/guards.server";
import { formValues, parseForm, type FieldErrors, type FormFields } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { partyFactsSchema, type PartyFormIntent } from "./party-form";
import { assertPartyAccess, partnerSummaries, savePartyFacts, searchPartnerCandidates, type PartnerSummary } from "./party.server";

export interface PartyFormActionData {
  intent: "save" | "searchPartners";
  errors: FieldErrors;
  warnings: MessageKey[];
  values: Record<string, string>;
  partners: PartnerSummary[];
  candidates: (PartnerSummary & { partyForm: string })[];
}

/**
 * The party-facts form (`intent` save or searchPartners); its fields as `formFields` read them,
 * with the partner checkboxes (`PARTY_FORM_REPEATED`) joined by commas.
 */
export async function handlePartyForm(user: SessionUser, organizationId: string, intent: PartyFormIntent, joined: FormFields, redirectTo: string) {
  // Both intents answer with register data: first the same object check as the page (404 otherwise).
  await assertPartyAccess(user, organizationId);
  const partnerQuery = (joined.partnerQuery ?? "").slice(0, 50);
  const selectedIds = (joined.jointPartnerIds ?? "").split(",").filter(Boolean);
  const respond = async (errors: FieldErrors, warnings: MessageKey[], values: Record<string, string>, status: number) => {
    const partners = await partnerSummaries(selectedIds);
    const candidates =
      intent === "searchPartners"
        ? (await searchPartnerCandidates(partnerQuery, organizationId)).filter((c) => !selectedIds.includes(c.id))
        : [];
    return data<PartyFormActionData>({ intent, errors, warnings, values: { ...values, partnerQuery }, partners, candidates }, { status });
  };

  const form = parseForm(partyFactsSchema, joined);
  if (intent === "searchPartners") return respond({}, [], form.ok ? formValuesOf(joined) : form.values, 200);
  if (!form.ok) return respond(form.errors, [], form.values, 400);
  const result = await savePartyFacts(user, organizationId, form.data);
  if (!result.ok) return respond(result.errors, result.warnings, formValuesOf(joined), 400);
  throw redirect(`${redirectTo}?notice=partySaved`);
}

const formValuesOf = (fields: FormFields) => formValues(fields, Object.keys(partyFactsSchema.shape));
