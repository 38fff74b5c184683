/** The competition rubric (评分细则) and its validity check: shared by the competition machine and the scoring rules (app/competition/scoring.ts, ADR 003). */

/** One rubric criterion (评分细则的一项). `weight` is an integer percent; all weights sum to 100. */
export interface Criterion {
  id: string;
  name: string;
  weight: number;
  /** The most points a judge may give on this criterion (> 0; points may be fractional). */
  maxPoints: number;
}

export interface Rubric {
  criteria: readonly Criterion[];
}

export type RubricIssue =
  | { code: "no-criteria" }
  | { code: "empty-criterion-id"; index: number }
  | { code: "duplicate-criterion"; criterionId: string }
  | { code: "empty-criterion-name"; criterionId: string }
  | { code: "weight-not-positive-integer"; criterionId: string }
  | { code: "max-points-not-positive"; criterionId: string }
  | { code: "weights-not-100"; sum: number };

/** Everything wrong with a rubric (empty when valid), e.g. to refuse opening a competition. */
export function rubricIssues(rubric: Rubric): RubricIssue[] {
  const issues: RubricIssue[] = [];
  if (rubric.criteria.length === 0) issues.push({ code: "no-criteria" });
  const seen = new Set<string>();
  let sum = 0;
  rubric.criteria.forEach((c, index) => {
    if (!c.id) issues.push({ code: "empty-criterion-id", index });
    else if (seen.has(c.id)) issues.push({ code: "duplicate-criterion", criterionId: c.id });
    seen.add(c.id);
    if (!c.name.trim()) issues.push({ code: "empty-criterion-name", criterionId: c.id });
    if (!Number.isInteger(c.weight) || c.weight < 1) issues.push({ code: "weight-not-positive-integer", criterionId: c.id });
    if (!Number.isFinite(c.maxPoints) || c.maxPoints <= 0) issues.push({ code: "max-points-not-positive", criterionId: c.id });
    sum += c.weight;
  });
  if (rubric.criteria.length > 0 && sum !== 100) issues.push({ code: "weights-not-100", sum });
  return issues;
}
