/**
 * A competition in judging, built through the services on the app's database, for browser
 * tests that must not depend on (or change) the demo competitions: entries from registered
 * organizations, judges assigned automatically, and with `scored` every assignment submitted.
 */
import mongoose from "mongoose";
import { Competition } from "@models/competition";
import { JudgeAssignment } from "@models/judge-assignment";
import { Organization } from "@models/organization";
import { ScoreSheet } from "@models/score-sheet";
import { User } from "@models/user";
import { COMPETITION_KIND, ENTRY_KIND } from "~/domain/competition";
import { isOnCreditList } from "~/daily-gate/credit-lists.server";
import { screenEntry } from "~/competition/effects.server";
import { settingsFacts } from "~/competition/applications/entries.server";
import { claimEntryNumber } from "~/competition/applications/entry-number.server";
import { autoAssign } from "~/competition/judging/judging.server";
import { entriesOf, loadCompetition, type CompetitionRecord } from "~/competition/ranking/ranking.server";
import { createCase, loadCase, sendEvent, type Actor } from "~/workflow/engine.server";

const DAY = 24 * 60 * 60 * 1000;
const RUBRIC = [
  { id: "need", name: "需求", description: "", weight: 50, maxPoints: 10 },
  { id: "design", name: "设计", description: "", weight: 50, maxPoints: 10 },
];

export interface CompetitionFixture {
  label: string;
  judges: number;
  entries?: number;
  judgesPerEntry?: number;
  organizationIds?: string[];
}

/**
 * A competition whose application window has closed, with its entries submitted: screened at
 * submission (as the open window does), or, with `screened: false`, still waiting for the
 * screening that START_SCREENING runs.
 */
export async function closedCompetition(options: CompetitionFixture & { screened?: boolean }): Promise<{ id: string; title: string; competition: CompetitionRecord }> {
  const regulator: Actor = { userId: null, name: "测试监管员", role: "regulator" };
  const now = Date.now();
  const title = `${options.label}公益创投大赛`;
  const created = await createCase({ kind: COMPETITION_KIND, caseKey: `${COMPETITION_KIND}:test:${options.label}:${now}`, input: { title }, title, actor: regulator, now: new Date(now - 40 * DAY) });
  const judges = await User.find({ role: "judge" }, { _id: 1 }).sort({ username: 1 }).limit(options.judges).lean();
  await Competition.create({
    _id: created._id,
    title,
    theme: options.label,
    year: 2099,
    totalBudgetFen: 20_000_000,
    perProjectCapFen: 10_000_000,
    opensAt: new Date(now - 30 * DAY),
    closesAt: new Date(now - 10 * DAY),
    rubric: { criteria: RUBRIC, blind: false },
    judging: { judgesPerEntry: options.judgesPerEntry ?? 3, minScores: 3, trimmedMean: false, normalize: false, passMark: 60 },
    judgeIds: judges.map((j) => j._id),
  });
  const id = String(created._id);
  const competition = (await loadCompetition(id))!;
  await sendEvent(id, { type: "OPEN", settings: settingsFacts(competition) }, { actor: regulator, now: new Date(now - 30 * DAY) });
  // The named organizations first (they score highest), then others of the register up to `entries` (4).
  const count = options.entries ?? 4;
  const named = options.organizationIds ?? [];
  const chosen = await Organization.find({ _id: mongoose.trusted({ $in: named.map((id) => new mongoose.Types.ObjectId(id)) }) }, { _id: 1, name: 1 }).lean();
  // Other tests running alongside put organizations on the credit lists; a listed one would fail screening.
  const registered = named.length >= count ? [] : await Organization.find({ status: "registered" }, { _id: 1, name: 1 }).sort({ uscc: -1 }).limit(count + 40).lean();
  const others = [];
  for (const organization of registered) if (others.length < count && !(await isOnCreditList(String(organization._id)))) others.push(organization);
  const organizations = [...named.flatMap((id) => chosen.filter((o) => String(o._id) === id)), ...others.filter((o) => !named.includes(String(o._id)))].slice(0, count);
  for (const [index, organization] of organizations.entries()) {
    await submittedEntry(competition, { _id: String(organization._id), name: organization.name }, `${options.label}项目${index + 1}`, new Date(now - 20 * DAY + index * 60_000), options.screened ?? true);
  }
  // The window ended ten days ago: a running server's sweeper may have closed it already.
  await sendEvent(id, { type: "CLOSE_APPLICATIONS" }, { actor: regulator, now: new Date(now - 10 * DAY) }).catch(async (error: unknown) => {
    if ((await loadCase(id)).workflowCase.state !== "closed") throw error;
  });
  return { id, title, competition };
}

export async function judgedCompetition(
  options: CompetitionFixture & {
    scored: boolean;
    /** Assign judges automatically once judging starts (default); false leaves every entry without judges. */
    assign?: boolean;
  },
): Promise<{ id: string; title: string; entryTitles: string[] }> {
  const regulator: Actor = { userId: null, name: "测试监管员", role: "regulator" };
  const now = Date.now();
  const { id, title, competition } = await closedCompetition(options);
  await sendEvent(id, { type: "START_SCREENING" }, { actor: regulator, now: new Date(now - 9 * DAY) });
  const eligible = await entriesOf(id, ["eligible"]);
  if (eligible.length < 2) throw new Error(`only ${eligible.length} entries passed screening`);
  await sendEvent(id, { type: "START_JUDGING", eligibleEntries: eligible.length }, { actor: regulator, now: new Date(now - 8 * DAY) });
  if (options.assign !== false) await autoAssign(competition);
  if (options.scored) {
    const assignments = await JudgeAssignment.find({ competitionId: competition._id, status: "active" }, { entryId: 1, judgeId: 1 }).lean();
    // Distinct qualities, so the ranking is strict.
    const quality = new Map(eligible.map((e, i) => [e.id, 9 - i]));
    await ScoreSheet.insertMany(
      assignments.map((a) => {
        const points = quality.get(String(a.entryId)) ?? 7;
        return { competitionId: competition._id, entryId: a.entryId, judgeId: a.judgeId, points: { need: points, design: points }, comments: {}, status: "submitted", submittedAt: new Date(now - 2 * DAY) };
      }),
    );
  }
  return { id, title, entryTitles: eligible.map((e) => e.title) };
}

/** An organization's entry (a complete 50,000-yuan application), submitted at `submittedAt` and (unless told not to) screened. */
export async function submittedEntry(competition: CompetitionRecord, organization: { _id: string; name: string }, title: string, submittedAt: Date, screened = true): Promise<string> {
  const id = String(competition._id);
  const application = { title, category: "elderly", requested: "50000", budgetItem0: "活动", budgetCategory0: "activities", budgetAmount0: "50000" };
  const actor: Actor = { userId: null, name: organization.name, role: "org" };
  const entry = await createCase({
    kind: ENTRY_KIND,
    caseKey: `${ENTRY_KIND}:${id}:${organization._id}:1`,
    input: { competitionId: id, trancheTriggers: competition.tranchePlan.map((t) => t.trigger) },
    title,
    organizationId: organization._id,
    data: { competitionId: id, entryNumber: await claimEntryNumber(id, competition.year), application, requestedFen: 5_000_000 },
    actor,
    now: new Date(submittedAt.getTime() - 1000),
  });
  await sendEvent(String(entry._id), { type: "SUBMIT", complete: true, windowOpen: true }, { actor, now: submittedAt });
  if (screened) await screenEntry(String(entry._id), new Date(submittedAt.getTime() + 1000));
  return String(entry._id);
}

/**
 * A judged competition taken on to "finalized" through the services (judging closed, the 公示
 * run out, results final): its entries are awarded, the named organizations' among them.
 */
export async function awardedCompetition(options: { label: string; organizationIds: string[]; entries?: number }): Promise<{ id: string; title: string }> {
  const regulator: Actor = { userId: null, name: "测试监管员", role: "regulator" };
  const { id, title } = await judgedCompetition({ label: options.label, judges: 3, scored: true, organizationIds: options.organizationIds, entries: options.entries });
  await sendEvent(id, { type: "CLOSE_JUDGING", entriesLacking: 0 }, { actor: regulator });
  await sendEvent(id, { type: "PUBLISH" }, { actor: regulator });
  const { snapshot } = await loadCase(id);
  const endsAt = Date.parse(String(snapshot.context.announcementEndsAt));
  await sendEvent(id, { type: "DEADLINE_PASSED" }, { actor: regulator, now: new Date(endsAt + 60_000) });
  await sendEvent(id, { type: "FINALIZE", pendingObjections: 0 }, { actor: regulator, now: new Date(endsAt + 120_000) });
  return { id, title };
}
