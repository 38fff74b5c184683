/**
 * Creating a competition (draft): the regulator gives the basics; the rubric and tranche plan
 * start from the latest competition's (or a default), so the draft can be opened at once and
 * OPEN's guard still checks everything.
 */
import { z } from "zod";
import { Competition } from "@models/competition";
import { User } from "@models/user";
import type { SessionUser } from "~/auth/guards.server";
import { parseCalendarDate } from "~/domain/calendar-date";
import { pinyinSortKey } from "~/domain/pinyin";
import { parseForm, type FieldErrors, type FormFields } from "~/forms/parse-form";
import { parseYuanToFen } from "~/i18n/format";
import { createCase } from "~/workflow/engine.server";
import { COMPETITION_KIND } from "~/domain/competition";
import { actorOf } from "~/workflow/intents.server";

const DEFAULT_RUBRIC = [
  { id: "need", name: "需求精准", description: "服务对象需求调研充分，问题界定清晰", weight: 25, maxPoints: 10 },
  { id: "design", name: "方案设计", description: "目标明确，活动与目标匹配，进度合理", weight: 25, maxPoints: 10 },
  { id: "capacity", name: "执行能力", description: "团队专业，过往项目经验", weight: 20, maxPoints: 10 },
  { id: "budget", name: "预算合理", description: "预算科目清晰，单价合理", weight: 15, maxPoints: 10 },
  { id: "impact", name: "社会效益", description: "受益面、可持续性与示范性", weight: 15, maxPoints: 10 },
];

const money = z
  .string()
  .trim()
  .refine((v) => (parseYuanToFen(v) ?? 0) > 0, "competition.error.amount");
const date = z
  .string()
  .trim()
  .refine((v) => parseCalendarDate(v) !== null, "competition.error.date");

/** The basics a regulator types when creating a competition and again when editing its draft. */
export const competitionBasicsSchema = z.object({
  title: z.string().trim().min(2, "competition.error.title").max(100, "competition.error.title"),
  theme: z.string().trim().max(200, "competition.error.tooLong"),
  budget: money,
  cap: money,
  opensOn: date,
  closesOn: date,
});

export const newCompetitionSchema = competitionBasicsSchema.extend({
  year: z.string().trim().regex(/^20\d\d$/, "competitionAdmin.error.year"),
});

/** Parsed basics → stored fields (fen, UTC instants), with the rules between fields as errors. */
export function basicsOf(basics: z.infer<typeof competitionBasicsSchema>) {
  const totalBudgetFen = parseYuanToFen(basics.budget)!;
  const perProjectCapFen = parseYuanToFen(basics.cap)!;
  const opensAt = parseCalendarDate(basics.opensOn)!;
  // The window closes at the end of its last day (Shanghai).
  const closesAt = new Date(parseCalendarDate(basics.closesOn)!.getTime() + 24 * 60 * 60 * 1000 - 1000);
  const errors: FieldErrors = {};
  if (perProjectCapFen > totalBudgetFen) errors.cap = "competitionAdmin.error.capAboveBudget";
  if (closesAt <= opensAt) errors.closesOn = "competitionAdmin.error.window";
  return { fields: { title: basics.title, theme: basics.theme, totalBudgetFen, perProjectCapFen, opensAt, closesAt }, errors };
}

export type CreateResult = { ok: true; id: string } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export async function createCompetition(user: SessionUser, input: FormFields, now = new Date()): Promise<CreateResult> {
  const form = parseForm(newCompetitionSchema, input);
  if (!form.ok) return form;
  const { year } = form.data;
  const { fields, errors } = basicsOf(form.data);
  const { title, theme, totalBudgetFen, perProjectCapFen, opensAt, closesAt } = fields;
  if (await Competition.exists({ year: Number(year) })) errors.year = "competitionAdmin.error.yearTaken";
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: form.data };
  const latest = await Competition.findOne({}, { rubric: 1, tranchePlan: 1, categories: 1 }).sort({ year: -1 }).lean();
  const judges = await User.find({ role: "judge" }, { _id: 1 }).lean();
  const created = await createCase({ kind: COMPETITION_KIND, caseKey: `${COMPETITION_KIND}:${year}`, input: { title }, title, titleSortKey: pinyinSortKey(title), actor: actorOf(user), now });
  // A double submit (or a race) finds the case of that year already there.
  if (!created.created) return { ok: false, errors: { year: "competitionAdmin.error.yearTaken" }, values: form.data };
  await Competition.create({
    _id: created._id,
    title,
    theme,
    year: Number(year),
    totalBudgetFen,
    perProjectCapFen,
    opensAt,
    closesAt,
    categories: latest?.categories,
    rubric: latest?.rubric ?? { criteria: DEFAULT_RUBRIC, blind: true },
    tranchePlan: latest?.tranchePlan,
    judgeIds: judges.map((j) => j._id),
  });
  return { ok: true, id: String(created._id) };
}
