/**
 * The weighted total of a score sheet as far as it is filled: Σ weight × points / maxPoints over
 * the criteria with points (0–100 once all are). The scoring page shows it — computed by the
 * server on every save, and again in the browser as the judge types. Ranking uses the scoring
 * module's `judgeTotal`, which insists on every criterion.
 */
export interface WeightedCriterion {
  id: string;
  weight: number;
  maxPoints: number;
}

export function weightedTotalSoFar(criteria: readonly WeightedCriterion[], points: Readonly<Record<string, number | undefined>>): { total: number; scored: number } {
  let total = 0;
  let scored = 0;
  for (const c of criteria) {
    const given = points[c.id];
    if (given === undefined || !Number.isFinite(given) || given < 0 || given > c.maxPoints) continue;
    total += (c.weight * given) / c.maxPoints;
    scored++;
  }
  return { total: Math.round(total * 100) / 100, scored };
}

/** Points typed into a field ("7.5"), or undefined when empty or not a number. */
export function typedPoints(value: string | undefined): number | undefined {
  const trimmed = (value ?? "").trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}
