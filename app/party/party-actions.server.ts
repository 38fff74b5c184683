/**
 * The party-facts form's action, shared by the regulator's party tab and the instructor's
 * view: "searchPartners" looks up the register and shows the form again as typed; "save"
 * validates, applies the rules and redirects with a notice.
 */
import { data, redirect } from "@remix-run/node";
import type { SessionUser } from "~/auth/guards.server";
import { formValues, parseForm, type FieldErrors } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { joinRepeatedField, partyFactsSchema } from "./party-form";
import { assertPartyAccess, partnerSummaries, savePartyFacts, searchPartnerCandidates, type PartnerSummary } from "./party.server";

export interface PartyFormActionData {
  intent: "save" | "searchPartners";
  errors: FieldErrors;
  warnings: MessageKey[];
  values: Record<string, string>;
  partners: PartnerSummary[];
  candidates: (PartnerSummary & { partyForm: string })[];
}

export async function handlePartyForm(user: SessionUser, organizationId: string, formData: FormData, redirectTo: string) {
  // Both intents answer with register data: first the same object check as the page (404 otherwise).
  await assertPartyAccess(user, organizationId);
  const intent = formData.get("intent") === "searchPartners" ? "searchPartners" : "save";
  const joined = joinRepeatedField(formData, "jointPartnerIds");
  const partnerQuery = String(formData.get("partnerQuery") ?? "").slice(0, 50);
  const selectedIds = String(joined.get("jointPartnerIds")).split(",").filter(Boolean);
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

const formValuesOf = (formData: FormData) => formValues(formData, Object.keys(partyFactsSchema.shape));
