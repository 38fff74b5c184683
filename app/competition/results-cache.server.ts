/**
 * The public results API recomputes the whole competition (all entries, all score sheets) per
 * document: ~200 ms on the embedded database. Readers of open data can wait a few seconds for a
 * change, so each competition's serialized document is kept for RESULTS_TTL_MS and concurrent
 * requests share one computation (single flight). Regulators' pages always compute fresh.
 */
import { resultsDocument } from "./public.server";

export const RESULTS_TTL_MS = 10_000;
const MAX_CACHED = 50;

interface Cached {
  at: number;
  body: Promise<string | null>;
}

const cache = new Map<string, Cached>();

export function cachedResultsJson(competitionId: string, now = Date.now()): Promise<string | null> {
  const hit = cache.get(competitionId);
  if (hit && now - hit.at < RESULTS_TTL_MS) return hit.body;
  const body = resultsDocument(competitionId).then((results) => {
    // Not published yet: not kept, so the document appears as soon as the 公示 starts.
    if (!results) cache.delete(competitionId);
    return results ? JSON.stringify(results) : null;
  });
  // A failed computation is not kept: the next request tries again.
  body.catch(() => cache.delete(competitionId));
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(competitionId, { at: now, body });
  return body;
}
