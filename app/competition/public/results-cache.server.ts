/**
 * The public results API recomputes the whole competition (all entries, all score sheets) per
 * document: ~200 ms on the embedded database. Each competition's serialized document is kept as
 * a copy that follows the tokens of everything it reads (ADR 019), so it is recomputed once per
 * change and is never older than the validator the response carries; concurrent requests share
 * one computation. Regulators' pages always compute fresh.
 */
import { versionedReadModel } from "~/read-model/versioned.server";
import { PUBLIC_RESULTS_SOURCES, resultsDocument } from "./public.server";

/** Ids come from URLs: only this many competitions are kept, and unpublished ones are not. */
const MAX_CACHED = 50;

const copies = new Map<string, () => Promise<string | null>>();

export async function cachedResultsJson(competitionId: string): Promise<string | null> {
  let copy = copies.get(competitionId);
  if (!copy) {
    copy = versionedReadModel(PUBLIC_RESULTS_SOURCES, async () => {
      const results = await resultsDocument(competitionId);
      return results ? JSON.stringify(results) : null;
    });
    if (copies.size >= MAX_CACHED) copies.delete(copies.keys().next().value!);
    copies.set(competitionId, copy);
  }
  try {
    const body = await copy();
    // Not published yet: not kept, so the document appears as soon as the 公示 starts.
    if (body === null) copies.delete(competitionId);
    return body;
  } catch (error) {
    copies.delete(competitionId);
    throw error;
  }
}
