/**
 * Editing a competition's settings while it is a draft: the creation form's basics (same schema,
 * same rules between fields) plus categories, rubric, judging rules, the announcement period and
 * the tranche plan. The rules OPEN will check (settingsIssues, from the machine) are checked here
 * too, so a saved draft can be opened; OPEN still checks them again.
 */
import { z } from "zod";
import { Competition } from "@models/competition";
import { settingsIssues } from "@machines/competition.machine";
import { toCalendarDateString } from "~/domain/calendar-date";
import { formValues, parseForm, type FieldErrors, type FormFields } from "~/forms/parse-form";
import { fenToYuanString } from "~/i18n/format";
import { DEFAULT_CATEGORIES, TRANCHE_TRIGGERS, type TrancheTrigger } from "~/domain/competition";
import { competitionState, settingsFacts } from "../applications/entries.server";
import { loadCompetition, type CompetitionRecord } from "../ranking/ranking.server";
import { rubricIssues, type Criterion } from "../scoring";
import {
  categoryField,
  CRITERION_CELLS,
  CRITERION_INDEXES,
  criterionField,
  JUDGING_NUMBERS,
  JUDGING_SWITCHES,
  TRANCHE_INDEXES,
  trancheField,
  type SettingsValues,
} from "./settings-form";
import { basicsOf, competitionBasicsSchema } from "./setup.server";

const blankOr = (test: (v: string) => boolean, key: "competitionSetup.error.weight" | "competitionSetup.error.maxPoints" | "competitionSetup.error.percent") =>
  z.string().trim().refine((v) => v === "" || test(v), key);
const wholeIn = (min: number, max: number) => (v: string) => /^\d{1,4}$/.test(v) && Number(v) >= min && Number(v) <= max;
const whole = (min: number, max: number) => z.string().trim().refine(wholeIn(min, max), "competitionSetup.error.whole");
const checkbox = z.string().transform((v) => v === "on");

const criterionFields = Object.fromEntries(
  CRITERION_INDEXES.flatMap((i) => [
    [criterionField("Id", i), z.string().trim().regex(/^([A-Za-z][\w-]{0,39})?$/)],
    [criterionField("Name", i), z.string().trim().max(100, "competition.error.tooLong")],
    [criterionField("Description", i), z.string().trim().max(500, "competition.error.tooLong")],
    [criterionField("Weight", i), blankOr(wholeIn(1, 100), "competitionSetup.error.weight")],
    [criterionField("Max", i), blankOr(wholeIn(1, 1000), "competitionSetup.error.maxPoints")],
  ]),
) as Record<string, z.ZodType<string>>;

const trancheFields = Object.fromEntries(
  TRANCHE_INDEXES.flatMap((i) => [
    [trancheField("Percent", i), blankOr(wholeIn(1, 100), "competitionSetup.error.percent")],
    [trancheField("Trigger", i), z.union([z.literal(""), z.enum(TRANCHE_TRIGGERS, "competitionSetup.error.trigger")])],
  ]),
) as Record<string, z.ZodType<string>>;

export const competitionSettingsSchema = competitionBasicsSchema.extend({
  ...Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [categoryField(c), checkbox])),
  customCategories: z.string().max(1000, "competition.error.tooLong"),
  blind: checkbox,
  judgesPerEntry: whole(1, 20),
  minScores: whole(1, 20),
  passMark: whole(0, 100),
  ...Object.fromEntries(JUDGING_SWITCHES.map((s) => [s, checkbox])),
  announcementWorkingDays: whole(1, 30),
  ...criterionFields,
  ...trancheFields,
});

/** The form's values for the stored settings (what the page shows before anyone types). */
export function settingsValues(competition: CompetitionRecord): SettingsValues {
  const values: SettingsValues = {
    title: competition.title,
    theme: competition.theme,
    budget: fenToYuanString(competition.totalBudgetFen),
    cap: fenToYuanString(competition.perProjectCapFen),
    opensOn: toCalendarDateString(competition.opensAt),
    closesOn: toCalendarDateString(competition.closesAt),
    customCategories: competition.categories.filter((c) => !(DEFAULT_CATEGORIES as readonly string[]).includes(c)).join("\n"),
    blind: competition.rubric.blind ? "on" : "",
    announcementWorkingDays: String(competition.announcementWorkingDays),
  };
  for (const c of DEFAULT_CATEGORIES) values[categoryField(c)] = competition.categories.includes(c) ? "on" : "";
  for (const n of JUDGING_NUMBERS) values[n] = String(competition.judging[n]);
  for (const s of JUDGING_SWITCHES) values[s] = competition.judging[s] ? "on" : "";
  competition.rubric.criteria.forEach((c, i) => {
    Object.assign(values, {
      [criterionField("Id", i)]: c.id,
      [criterionField("Name", i)]: c.name,
      [criterionField("Description", i)]: c.description,
      [criterionField("Weight", i)]: String(c.weight),
      [criterionField("Max", i)]: String(c.maxPoints),
    });
  });
  competition.tranchePlan.forEach((t, i) => Object.assign(values, { [trancheField("Percent", i)]: String(t.percent), [trancheField("Trigger", i)]: t.trigger }));
  return values;
}

export async function settingsPage(competitionId: string) {
  const competition = await loadCompetition(competitionId);
  if (!competition) throw new Response("Not Found", { status: 404 });
  const state = (await competitionState(competitionId)) ?? "draft";
  return { id: competitionId, title: competition.title, year: competition.year, state, editable: state === "draft", values: settingsValues(competition) };
}

type Data = z.infer<typeof competitionSettingsSchema> & Record<string, string | boolean>;
const text = (data: Data, field: string) => String(data[field] ?? "");

/** The filled criterion rows (a row counts when any visible cell is filled); new rows get ids. */
function criteriaOf(data: Data, errors: FieldErrors): Criterion[] {
  const criteria: (Criterion & { description: string })[] = [];
  const used = new Set(CRITERION_INDEXES.map((i) => text(data, criterionField("Id", i))).filter(Boolean));
  for (const i of CRITERION_INDEXES) {
    const cell = Object.fromEntries(CRITERION_CELLS.map((c) => [c, text(data, criterionField(c, i))])) as Record<(typeof CRITERION_CELLS)[number], string>;
    if (!cell.Name && !cell.Description && !cell.Weight && !cell.Max) continue;
    for (const c of ["Name", "Weight", "Max"] as const) if (!cell[c]) errors[criterionField(c, i)] ??= "competition.error.required";
    let id = cell.Id;
    for (let n = i + 1; !id; n++) if (!used.has(`c${n}`)) used.add((id = `c${n}`));
    criteria.push({ id, name: cell.Name, description: cell.Description, weight: Number(cell.Weight), maxPoints: Number(cell.Max) });
  }
  return criteria;
}

function tranchesOf(data: Data, errors: FieldErrors): { percent: number; trigger: TrancheTrigger }[] {
  const tranches: { percent: number; trigger: TrancheTrigger }[] = [];
  for (const i of TRANCHE_INDEXES) {
    const percent = text(data, trancheField("Percent", i));
    const trigger = text(data, trancheField("Trigger", i));
    if (!percent && !trigger) continue;
    if (!percent) errors[trancheField("Percent", i)] ??= "competition.error.required";
    if (!trigger) errors[trancheField("Trigger", i)] ??= "competitionSetup.error.trigger";
    tranches.push({ percent: Number(percent), trigger: trigger as TrancheTrigger });
  }
  return tranches;
}

function categoriesOf(data: Data, errors: FieldErrors): string[] {
  const custom = data.customCategories.split(/\r?\n/).map((c) => c.trim()).filter(Boolean);
  if (custom.some((c) => c.length > 40)) errors.customCategories = "competitionSetup.error.categoryTooLong";
  const categories = [...new Set([...DEFAULT_CATEGORIES.filter((c) => data[categoryField(c)] === true), ...custom])];
  if (categories.length === 0) errors.categories = "competitionSetup.error.categories";
  if (categories.length > 20) errors.customCategories = "competitionSetup.error.tooManyCategories";
  return categories;
}

export type SettingsResult = { ok: true } | { ok: false; status: number; errors: FieldErrors; values: SettingsValues };

/** Saves the draft's settings, or returns every problem by field with what was typed. */
export async function saveCompetitionSettings(competitionId: string, input: FormFields): Promise<SettingsResult> {
  const competition = await loadCompetition(competitionId);
  if (!competition) throw new Response("Not Found", { status: 404 });
  const form = parseForm(competitionSettingsSchema, input);
  const values = formValues(input, Object.keys(competitionSettingsSchema.shape));
  if ((await competitionState(competitionId)) !== "draft") return { ok: false, status: 409, errors: { _form: "competitionSetup.error.notDraft" }, values };
  if (!form.ok) return { ok: false, status: 400, errors: form.errors, values };
  const data = form.data as Data;
  const { fields, errors } = basicsOf(form.data);
  const categories = categoriesOf(data, errors);
  const criteria = criteriaOf(data, errors);
  const tranchePlan = tranchesOf(data, errors);
  const judging = {
    judgesPerEntry: Number(form.data.judgesPerEntry),
    minScores: Number(form.data.minScores),
    passMark: Number(form.data.passMark),
    trimmedMean: data.trimmedMean === true,
    normalize: data.normalize === true,
    showOthersAfterSubmit: data.showOthersAfterSubmit === true,
  };
  if (judging.minScores > judging.judgesPerEntry) errors.minScores = "competitionSetup.error.minAboveJudges";
  const announcementWorkingDays = Number(form.data.announcementWorkingDays);
  // The rules OPEN checks, from the machine itself: a saved draft can be opened.
  const next = { ...competition, ...fields, categories, rubric: { criteria, blind: data.blind === true }, judging, tranchePlan, announcementWorkingDays };
  const rubric = rubricIssues({ criteria });
  if (rubric.some((i) => i.code === "no-criteria")) errors.criteria ??= "competitionSetup.error.noCriteria";
  if (rubric.some((i) => i.code === "weights-not-100")) errors.criteria ??= "competitionSetup.error.weightsNot100";
  if (rubric.some((i) => i.code === "duplicate-criterion")) errors.criteria ??= "competitionSetup.error.rubric";
  for (const issue of settingsIssues(settingsFacts(next as CompetitionRecord))) {
    if (issue === "tranchePlanEmpty") errors.tranches ??= "competitionSetup.error.tranchesEmpty";
    if (issue === "tranchePlanNot100") errors.tranches ??= "competitionSetup.error.tranchesNot100";
    if (issue === "rubricInvalid") errors.criteria ??= "competitionSetup.error.rubric";
  }
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors, values };
  await Competition.updateOne({ _id: competition._id }, { $set: { ...fields, categories, rubric: next.rubric, judging, tranchePlan, announcementWorkingDays } });
  // No transactions: if the competition opened meanwhile, put back the settings OPEN checked.
  if ((await competitionState(competitionId)) !== "draft") {
    const { title, theme, totalBudgetFen, perProjectCapFen, opensAt, closesAt, rubric: before } = competition;
    await Competition.updateOne(
      { _id: competition._id },
      { $set: { title, theme, totalBudgetFen, perProjectCapFen, opensAt, closesAt, categories: competition.categories, rubric: before, judging: competition.judging, tranchePlan: competition.tranchePlan, announcementWorkingDays: competition.announcementWorkingDays } },
    );
    return { ok: false, status: 409, errors: { _form: "competitionSetup.error.notDraft" }, values };
  }
  return { ok: true };
}
