/**
 * What the public sees of the competitions: every competition past its draft, each page showing
 * what fits its stage — the call while applications are open, the announcement (公示) and then
 * the final results once published (the results document is 404 before that).
 */
import { versionedReadModel } from "~/read-model/versioned.server";
import { casesReadModel, loadCase } from "~/workflow/engine.server";
import { COMPETITION_KIND, COMPETITIONS_READ_MODEL, ENTRY_KIND, JUDGING_READ_MODEL } from "~/domain/competition";
import { competitionViews, type CompetitionView } from "../judging/judge-pages.server";
import { loadCompetition, panelNames, publicResults, type CompetitionRecord } from "../ranking/ranking.server";
import { COMPETITION_PUBLISHED_STATES, type CompetitionContext } from "@machines/competition.machine";
import { isOneOf } from "~/domain/vocabulary";
import { competitionCases } from "../case-shapes";

export async function publishedCompetition(competitionId: string): Promise<{ competition: CompetitionRecord; state: string; context: CompetitionContext } | null> {
  const competition = await loadCompetition(competitionId);
  if (!competition) return null;
  const { workflowCase, snapshot } = await loadCase(competitionId);
  if (workflowCase.kind !== COMPETITION_KIND || !isOneOf(COMPETITION_PUBLISHED_STATES, workflowCase.state)) return null;
  return { competition, state: workflowCase.state, context: competitionCases.contextOf(snapshot) };
}

export async function resultsDocument(competitionId: string) {
  const published = await publishedCompetition(competitionId);
  return published ? publicResults(published.competition) : null;
}

/**
 * What an announcement page shows is computed once per change, not per view (ADR 019): the results
 * recompute the whole competition (every entry and score sheet, ~200 ms on the embedded database).
 * A copy per competition, following the tokens of everything it reads but the judges' names
 * (users: the sign-in token, which changes with every sign-in), so a renamed judge shows with
 * the competition's next change.
 */
const announcementCopies = new Map<string, () => Promise<Awaited<ReturnType<typeof buildAnnouncementPage>>>>();
/** What the public results read, but the judges' names (see `announcementPage`). */
export const PUBLIC_RESULTS_SOURCES = [COMPETITIONS_READ_MODEL, casesReadModel(COMPETITION_KIND), casesReadModel(ENTRY_KIND), JUDGING_READ_MODEL, "organizations"];

export function announcementPage(competitionId: string) {
  let copy = announcementCopies.get(competitionId);
  if (!copy) {
    copy = versionedReadModel(PUBLIC_RESULTS_SOURCES, () => buildAnnouncementPage(competitionId));
    announcementCopies.set(competitionId, copy);
  }
  return copy();
}

async function buildAnnouncementPage(competitionId: string) {
  const published = await publishedCompetition(competitionId);
  if (!published) return null;
  const results = await publicResults(published.competition);
  return {
    id: competitionId,
    title: published.competition.title,
    theme: published.competition.theme,
    year: published.competition.year,
    state: published.state,
    publishedAt: (published.context.publishedAt as string | null) ?? null,
    announcementWorkingDays: published.competition.announcementWorkingDays,
    announcementEndsAt: (published.context.announcementEndsAt as string | null) ?? null,
    awardedTotalFen: results.entries.reduce((sum, e) => sum + (e.awarded > 0 && e.status !== "disqualified" ? e.awarded : 0), 0),
    objectionsOpen: published.state === "announcing" && !published.context.announcementOver,
    selected: results.entries
      .filter((e) => e.awarded > 0 && e.status !== "disqualified")
      .map((e) => ({ entryId: e.entryId, number: e.number, title: e.title, organization: e.organization.name, category: e.category, awarded: e.awarded, finalScore: e.finalScore, rank: e.rank })),
    entries: results.entries.map((e) => ({ entryId: e.entryId, title: e.title })),
    panel: await panelNames(published.competition),
  };
}

/** Every competition the public may see (not drafts), newest first, from the in-process copy. */
export async function publicCompetitionList() {
  const views = [...(await competitionViews()).values()].filter((c) => c.state !== "draft" && c.state !== "");
  return views.sort((a, b) => b.year - a.year || (a.opensAt < b.opensAt ? 1 : -1)).map(callFacts);
}

function callFacts(c: CompetitionView) {
  return {
    id: c.id,
    title: c.title,
    theme: c.theme,
    year: c.year,
    state: c.state,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    categories: c.categories,
    totalBudgetFen: c.totalBudgetFen,
    perProjectCapFen: c.perProjectCapFen,
    passMark: c.passMark,
  };
}

/** One competition's public page: the call always; the announcement and results once published. */
export async function publicCompetitionPage(competitionId: string) {
  const view = (await competitionViews()).get(competitionId);
  if (!view || view.state === "draft" || view.state === "") return null;
  const published = isOneOf(COMPETITION_PUBLISHED_STATES, view.state) ? await announcementPage(competitionId) : null;
  return { call: callFacts(view), published };
}
