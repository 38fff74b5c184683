/**
 * What the public sees once the announcement (公示) has started: the results document and the
 * announcement page. Before that, nothing (404).
 */
import { loadCase } from "~/workflow/engine.server";
import "~/workflow/registry.server";
import { COMPETITION_KIND } from "./domain";
import { loadCompetition, panelNames, publicResults, type CompetitionRecord } from "./ranking.server";

export const PUBLISHED_STATES = ["announcing", "finalized", "running", "archived"];

export async function publishedCompetition(competitionId: string): Promise<{ competition: CompetitionRecord; state: string; context: Record<string, unknown> } | null> {
  const competition = await loadCompetition(competitionId);
  if (!competition) return null;
  const { workflowCase, snapshot } = await loadCase(competitionId);
  if (workflowCase.kind !== COMPETITION_KIND || !PUBLISHED_STATES.includes(workflowCase.state)) return null;
  return { competition, state: workflowCase.state, context: snapshot.context as Record<string, unknown> };
}

export async function resultsDocument(competitionId: string) {
  const published = await publishedCompetition(competitionId);
  return published ? publicResults(published.competition) : null;
}

export async function announcementPage(competitionId: string) {
  const published = await publishedCompetition(competitionId);
  if (!published) return null;
  const results = await publicResults(published.competition);
  return {
    id: competitionId,
    title: published.competition.title,
    theme: published.competition.theme,
    year: published.competition.year,
    state: published.state,
    announcementEndsAt: (published.context.announcementEndsAt as string | null) ?? null,
    objectionsOpen: published.state === "announcing" && !published.context.announcementOver,
    selected: results.entries
      .filter((e) => e.awarded > 0 && e.status !== "disqualified")
      .map((e) => ({ entryId: e.entryId, title: e.title, organization: e.organization.name, category: e.category, awarded: e.awarded, finalScore: e.finalScore, rank: e.rank })),
    entries: results.entries.map((e) => ({ entryId: e.entryId, title: e.title })),
    panel: await panelNames(published.competition),
  };
}
