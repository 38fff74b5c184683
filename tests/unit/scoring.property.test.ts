import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  adjustPlan,
  anonymousJudgeLabels,
  buildPublicResults,
  planFunding,
  recomputeFromResults,
  resultMismatches,
  SCORE_EPSILON,
  scoreCompetition,
  type EntryForRanking,
  type FundingRules,
  type JudgingRules,
  type Rubric,
  type ScoreSheet,
} from "~/competition/scoring";

const START = Date.parse("2026-03-01T00:00:00Z");

/** Whole-percent weights summing to 100: the gaps between sorted cut points in 1..99. */
const rubricArbitrary: fc.Arbitrary<Rubric> = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 5 })
  .chain((cuts) => {
    const bounds = [0, ...[...cuts].sort((a, b) => a - b), 100];
    const weights = bounds.slice(1).map((b, i) => b - bounds[i]!);
    return fc.tuple(...weights.map(() => fc.constantFrom(1, 3, 5, 7, 10, 20, 100))).map((maxima) => ({
      criteria: weights.map((weight, i) => ({ id: `c${i}`, name: `标准${i}`, weight, maxPoints: maxima[i]! })),
    }));
  });

const rulesArbitrary: fc.Arbitrary<JudgingRules> = fc.record({
  minScores: fc.integer({ min: 1, max: 5 }),
  trimmedMean: fc.boolean(),
  normalize: fc.boolean(),
  disagreementRange: fc.constantFrom(10, 25, 40),
});

const fundingArbitrary: fc.Arbitrary<FundingRules> = fc.record({
  budgetFen: fc.integer({ min: 0, max: 3_000_000 }),
  capFen: fc.integer({ min: 1, max: 800_000 }),
  passMark: fc.integer({ min: 0, max: 90 }),
});

interface Competition {
  rubric: Rubric;
  rules: JudgingRules;
  entries: EntryForRanking[];
  sheets: ScoreSheet[];
  judgeIds: string[];
}

/**
 * A competition of up to 25 entries and 8 judges; each entry is scored by some of the judges
 * (some sheets left as drafts). Small point ranges and few submission times make ties common.
 */
const competitionArbitrary: fc.Arbitrary<Competition> = fc
  .tuple(rubricArbitrary, rulesArbitrary, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 25 }))
  .chain(([rubric, rules, judgeCount, entryCount]) => {
    const judgeIds = Array.from({ length: judgeCount }, (_, i) => `judge-${i}`);
    const entryArbitrary = (index: number) =>
      fc
        .record({
          requestedFen: fc.integer({ min: 1, max: 1_000_000 }),
          minutes: fc.integer({ min: 0, max: 3 }),
          judges: fc.subarray(judgeIds),
        })
        .chain(({ requestedFen, minutes, judges }) =>
          fc
            .tuple(
              ...judges.map((judgeId) =>
                fc.record({
                  points: fc.tuple(...rubric.criteria.map((c) => fc.integer({ min: 0, max: c.maxPoints }))),
                  draft: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
                  judgeId: fc.constant(judgeId),
                }),
              ),
            )
            .map((scored) => ({
              entry: { entryId: `entry-${index}`, requestedFen, submittedAt: new Date(START + minutes * 60_000) },
              sheets: scored.map(
                (s): ScoreSheet => ({
                  entryId: `entry-${index}`,
                  judgeId: s.judgeId,
                  points: Object.fromEntries(rubric.criteria.map((c, i) => [c.id, s.points[i]!])),
                  submittedAt: s.draft ? null : new Date(START),
                }),
              ),
            })),
        );
    return fc.tuple(...Array.from({ length: entryCount }, (_, i) => entryArbitrary(i))).map((generated) => ({
      rubric,
      rules,
      judgeIds,
      entries: generated.map((g) => g.entry),
      sheets: generated.flatMap((g) => g.sheets),
    }));
  });

function submittedCount(c: Competition, entryId: string): number {
  return c.sheets.filter((s) => s.entryId === entryId && s.submittedAt !== null).length;
}

describe("scoring, for any competition", () => {
  it("ranks exactly the complete entries, numbered 1..n, best first", () => {
    fc.assert(
      fc.property(competitionArbitrary, (c) => {
        const outcome = scoreCompetition(c);
        const complete = c.entries.filter((e) => submittedCount(c, e.entryId) >= c.rules.minScores).map((e) => e.entryId);
        expect([...outcome.ranking.map((e) => e.entryId)].sort()).toEqual([...complete].sort());
        expect(outcome.incomplete.map((e) => e.entryId)).toEqual(c.entries.map((e) => e.entryId).filter((id) => !complete.includes(id)));
        expect(outcome.ranking.map((e) => e.rank)).toEqual(outcome.ranking.map((_, i) => i + 1));
        for (let i = 1; i < outcome.ranking.length; i++) {
          expect(outcome.ranking[i]!.finalScore).toBeLessThanOrEqual(outcome.ranking[i - 1]!.finalScore + SCORE_EPSILON);
        }
      }),
    );
  });

  it("gives each final score within its judges' totals (and within 0–100 without normalization)", () => {
    fc.assert(
      fc.property(competitionArbitrary, (c) => {
        for (const entry of scoreCompetition(c).ranking) {
          const used = entry.judgeTotals.map((t) => t.normalizedTotal ?? t.total);
          expect(entry.finalScore).toBeGreaterThanOrEqual(Math.min(...used) - SCORE_EPSILON);
          expect(entry.finalScore).toBeLessThanOrEqual(Math.max(...used) + SCORE_EPSILON);
          if (!c.rules.normalize) {
            expect(entry.finalScore).toBeGreaterThanOrEqual(0);
            expect(entry.finalScore).toBeLessThanOrEqual(100 + SCORE_EPSILON);
          }
          expect(entry.disagreement).toBe(entry.spread! > (c.rules.disagreementRange ?? 25) + SCORE_EPSILON);
        }
      }),
    );
  });

  it("does not depend on the order entries and sheets arrive in", () => {
    fc.assert(
      fc.property(competitionArbitrary, (c) => {
        const reversed = scoreCompetition({ ...c, entries: [...c.entries].reverse(), sheets: [...c.sheets].reverse() });
        expect(reversed.ranking).toEqual(scoreCompetition(c).ranking);
      }),
    );
  });
});

describe("the funding plan, for any ranking and rules", () => {
  it("never exceeds the budget or the cap, and skips only entries that could not fit", () => {
    fc.assert(
      fc.property(competitionArbitrary, fundingArbitrary, (c, funding) => {
        const plan = planFunding(scoreCompetition(c).ranking, funding);
        const committed = plan.lines.reduce((total, line) => total + line.awardFen, 0);
        expect(plan.committedFen).toBe(committed);
        expect(committed).toBeLessThanOrEqual(funding.budgetFen);
        expect(plan.leftoverFen).toBe(funding.budgetFen - committed);
        for (const line of plan.lines) {
          expect(Number.isSafeInteger(line.awardFen)).toBe(true);
          expect(line.awardFen).toBeLessThanOrEqual(Math.min(funding.capFen, line.requestedFen));
          if (line.decision === "funded") expect(line.awardFen).toBe(Math.min(funding.capFen, line.requestedFen));
          else expect(line.awardFen).toBe(0);
          // The budget only shrinks, so a skipped entry would not fit even in the final leftover.
          if (line.decision === "over-budget") expect(Math.min(funding.capFen, line.requestedFen)).toBeGreaterThan(plan.leftoverFen);
          if (line.decision === "below-pass-mark") expect(line.finalScore).toBeLessThan(funding.passMark);
        }
      }),
    );
  });

  it("accepts an adjustment only if the result still keeps every rule", () => {
    fc.assert(
      fc.property(
        competitionArbitrary,
        fundingArbitrary,
        fc.array(fc.record({ pick: fc.nat(), awardFen: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 6 }),
        (c, funding, picks) => {
          const plan = planFunding(scoreCompetition(c).ranking, funding);
          const before = JSON.stringify(plan);
          const ids = [...plan.lines.map((l) => l.entryId), "not-an-entry"];
          const result = adjustPlan(
            plan,
            picks.map((p) => ({ entryId: ids[p.pick % ids.length]!, awardFen: p.awardFen })),
          );
          expect(JSON.stringify(plan)).toBe(before);
          if (!result.ok) {
            expect(result.violations.length).toBeGreaterThan(0);
            return;
          }
          expect(result.plan.committedFen).toBeLessThanOrEqual(funding.budgetFen);
          expect(result.plan.committedFen + result.plan.leftoverFen).toBe(funding.budgetFen);
          for (const line of result.plan.lines) {
            expect(line.awardFen).toBeLessThanOrEqual(Math.min(funding.capFen, line.requestedFen));
            if (line.awardFen > 0) expect(line.finalScore).toBeGreaterThanOrEqual(funding.passMark - SCORE_EPSILON);
          }
        },
      ),
    );
  });

  it("accepts restating the rules' own awards", () => {
    fc.assert(
      fc.property(competitionArbitrary, fundingArbitrary, (c, funding) => {
        const plan = planFunding(scoreCompetition(c).ranking, funding);
        const result = adjustPlan(
          plan,
          plan.lines.map((l) => ({ entryId: l.entryId, awardFen: l.awardFen })),
        );
        expect(result).toEqual({ ok: true, plan });
      }),
    );
  });
});

describe("the public results, for any competition", () => {
  it("recompute to the same final scores and ranks from the published JSON alone", () => {
    fc.assert(
      fc.property(competitionArbitrary, fundingArbitrary, fc.nat(), (c, funding, rotation) => {
        const outcome = scoreCompetition(c);
        const plan = planFunding(outcome.ranking, funding);
        const details = new Map(
          c.entries.map((e) => [e.entryId, { number: `YC2099-${e.entryId}`, title: `项目 ${e.entryId}`, organization: { name: "某社会组织", uscc: "51640100MJ0000000X" }, category: "other", status: "scored" }]),
        );
        // Labels in an order unrelated to the judges' ids.
        const shift = rotation % c.judgeIds.length;
        const judgeLabels = anonymousJudgeLabels([...c.judgeIds.slice(shift), ...c.judgeIds.slice(0, shift)]);
        const published = JSON.parse(JSON.stringify(buildPublicResults({ rules: c.rules, outcome, plan, details, judgeLabels })));

        const recomputed = recomputeFromResults(published);
        const original = new Map([...outcome.ranking, ...outcome.incomplete].map((e) => [e.entryId, e]));
        expect(recomputed).toHaveLength(c.entries.length);
        for (const r of recomputed) {
          expect(r.rank).toBe(original.get(r.entryId)!.rank);
          expect(r.finalScore).toBe(original.get(r.entryId)!.finalScore);
        }
        expect(resultMismatches(published)).toEqual([]);
        const awarded = published.entries.reduce((total: number, e: { awarded: number }) => total + e.awarded, 0);
        expect(awarded).toBe(plan.committedFen);
      }),
    );
  });
});
