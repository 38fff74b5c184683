import { describe, expect, it } from "vitest";
import {
  adjustPlan,
  anonymousJudgeLabels,
  buildPublicResults,
  judgeTotal,
  planFunding,
  recomputeFromResults,
  resultMismatches,
  roundScore,
  rubricIssues,
  scoreCompetition,
  scoreFromTotals,
  ScoringError,
  type EntryForRanking,
  type FundingPlan,
  type JudgingRules,
  type PlanEntry,
  type Rubric,
  type ScoreSheet,
  type ScoringErrorCode,
} from "~/competition/scoring";

const rubric: Rubric = {
  criteria: [
    { id: "need", name: "需求分析", weight: 30, maxPoints: 10 },
    { id: "design", name: "项目设计", weight: 40, maxPoints: 20 },
    { id: "team", name: "团队能力", weight: 30, maxPoints: 5 },
  ],
};
/** One criterion worth 100 of 100 points: a sheet's points are its total, which keeps tests readable. */
const overall: Rubric = { criteria: [{ id: "overall", name: "综合", weight: 100, maxPoints: 100 }] };
const START = Date.parse("2026-03-01T00:00:00Z");

function entry(entryId: string, minutesAfterStart = 0, requestedFen = 10_000_000): EntryForRanking {
  return { entryId, requestedFen, submittedAt: new Date(START + minutesAfterStart * 60_000) };
}

/** Submitted sheets of judges j1, j2, … for one entry, with the given totals. */
function sheets(entryId: string, totals: number[]): ScoreSheet[] {
  return totals.map((total, i) => ({ entryId, judgeId: `j${i + 1}`, points: { overall: total }, submittedAt: new Date(START) }));
}

function score(entries: EntryForRanking[], allSheets: ScoreSheet[], rules: Partial<JudgingRules> = {}) {
  return scoreCompetition({
    rubric: overall,
    rules: { minScores: 1, trimmedMean: true, normalize: false, ...rules },
    entries,
    sheets: allSheets,
  });
}

function scoringErrorCode(work: () => unknown): ScoringErrorCode | "no error" {
  try {
    work();
  } catch (error) {
    if (error instanceof ScoringError) return error.code;
    throw error;
  }
  return "no error";
}

describe("a judge's total", () => {
  it("is the sum of weight × points / maximum points, from 0 to 100", () => {
    expect(judgeTotal(rubric, { need: 8, design: 15, team: 4 })).toBeCloseTo(24 + 30 + 24, 12);
    expect(judgeTotal(rubric, { need: 10, design: 20, team: 5 })).toBe(100);
    expect(judgeTotal(rubric, { need: 0, design: 0, team: 0 })).toBe(0);
    expect(judgeTotal(rubric, { need: 5, design: 10, team: 2.5 })).toBe(50);
  });

  it("refuses points outside 0..maximum, or that are not numbers, with a typed error", () => {
    expect(scoringErrorCode(() => judgeTotal(rubric, { need: 11, design: 0, team: 0 }))).toBe("points-out-of-range");
    expect(scoringErrorCode(() => judgeTotal(rubric, { need: -1, design: 0, team: 0 }))).toBe("points-out-of-range");
    expect(scoringErrorCode(() => judgeTotal(rubric, { need: Number.NaN, design: 0, team: 0 }))).toBe("points-out-of-range");
    expect(scoringErrorCode(() => judgeTotal(rubric, { need: 10, design: 20, team: 5 }))).toBe("no error");
  });

  it("refuses a sheet missing a criterion or naming one the rubric does not have", () => {
    expect(scoringErrorCode(() => judgeTotal(rubric, { need: 1, design: 1 }))).toBe("missing-points");
    expect(scoringErrorCode(() => judgeTotal(rubric, { need: 1, design: 1, team: 1, charm: 5 }))).toBe("unknown-criterion");
  });

  it("refuses a rubric whose weights are not whole percents summing to 100", () => {
    const ninety: Rubric = { criteria: [{ id: "a", name: "A", weight: 90, maxPoints: 10 }] };
    expect(rubricIssues(ninety)).toEqual([{ code: "weights-not-100", sum: 90 }]);
    expect(scoringErrorCode(() => judgeTotal(ninety, { a: 1 }))).toBe("invalid-rubric");
    const broken: Rubric = {
      criteria: [
        { id: "a", name: "A", weight: 50.5, maxPoints: 10 },
        { id: "a", name: " ", weight: 49.5, maxPoints: 0 },
      ],
    };
    expect(rubricIssues(broken).map((i) => i.code)).toEqual([
      "weight-not-positive-integer",
      "duplicate-criterion",
      "empty-criterion-name",
      "weight-not-positive-integer",
      "max-points-not-positive",
    ]);
    expect(rubricIssues({ criteria: [] })).toEqual([{ code: "no-criteria" }]);
    expect(rubricIssues(rubric)).toEqual([]);
  });
});

describe("an entry's final score", () => {
  it("is the plain mean with 4 judges even when trimmed mean is on", () => {
    const [only] = score([entry("e")], sheets("e", [10, 60, 70, 100])).ranking;
    expect(only!.trimmed).toBe(false);
    expect(only!.finalScore).toBe(60);
  });

  it("drops one highest and one lowest total with 5 judges when trimmed mean is on", () => {
    const [only] = score([entry("e")], sheets("e", [10, 60, 70, 80, 100])).ranking;
    expect(only!.trimmed).toBe(true);
    expect(only!.finalScore).toBe(70);
  });

  it("keeps all 5 totals when trimmed mean is off", () => {
    const [only] = score([entry("e")], sheets("e", [10, 60, 70, 80, 100]), { trimmedMean: false }).ranking;
    expect(only!.trimmed).toBe(false);
    expect(only!.finalScore).toBe(64);
  });

  it("drops only one of several equal extremes", () => {
    const [only] = score([entry("e")], sheets("e", [50, 50, 70, 90, 90])).ranking;
    expect(only!.finalScore).toBe(70);
  });

  it("keeps full precision; rounding is for display", () => {
    const [only] = score([entry("e")], sheets("e", [70, 70, 71])).ranking;
    expect(only!.finalScore).toBeCloseTo(70.333333333, 8);
    expect(roundScore(only!.finalScore)).toBe(70.33);
  });
});

describe("incomplete entries", () => {
  it("are not ranked when they have fewer submitted scores than the minimum, and drafts do not count", () => {
    const draft: ScoreSheet = { entryId: "short", judgeId: "j9", points: { overall: 99 }, submittedAt: null };
    const outcome = score(
      [entry("full"), entry("short"), entry("none"), entry("also-full")],
      [...sheets("full", [80, 70, 60]), ...sheets("short", [95, 90]), draft, ...sheets("also-full", [50, 50, 50])],
      { minScores: 3 },
    );
    expect(outcome.ranking.map((e) => [e.entryId, e.rank])).toEqual([
      ["full", 1],
      ["also-full", 2],
    ]);
    expect(outcome.incomplete.map((e) => e.entryId)).toEqual(["short", "none"]);
    const [short, none] = outcome.incomplete;
    expect(short).toMatchObject({ complete: false, scoreCount: 2, finalScore: null, rank: null, spread: 5 });
    expect(none).toMatchObject({ scoreCount: 0, spread: null, disagreement: false, finalScore: null });
  });

  it("a draft with unfinished points is ignored rather than refused", () => {
    const draft: ScoreSheet = { entryId: "e", judgeId: "j2", points: {}, submittedAt: null };
    expect(score([entry("e")], [...sheets("e", [80]), draft]).ranking[0]!.scoreCount).toBe(1);
  });
});

describe("ties in the ranking", () => {
  it("go to the higher median judge total, before submission time", () => {
    // Both average 70; "steady" has median 80, "spiky" median 60 but was submitted first.
    const outcome = score([entry("spiky", 0), entry("steady", 10)], [...sheets("spiky", [60, 60, 90]), ...sheets("steady", [50, 80, 80])]);
    expect(outcome.ranking.map((e) => [e.entryId, e.finalScore, e.medianTotal])).toEqual([
      ["steady", 70, 80],
      ["spiky", 70, 60],
    ]);
  });

  it("then to the earlier entry submission", () => {
    const outcome = score([entry("late", 30), entry("early", 5)], [...sheets("late", [70, 75, 80]), ...sheets("early", [80, 75, 70])]);
    expect(outcome.ranking.map((e) => e.entryId)).toEqual(["early", "late"]);
  });

  it("treat scores that differ only by floating-point noise as equal", () => {
    const noisy = 0.1 + 0.2; // 0.30000000000000004
    expect(noisy).toBeGreaterThan(0.3);
    const outcome = scoreFromTotals({
      rules: { minScores: 1, trimmedMean: false, normalize: false },
      entries: [entry("noisy", 10), entry("exact", 0)],
      totals: [
        { entryId: "noisy", judgeId: "j1", total: noisy },
        { entryId: "exact", judgeId: "j1", total: 0.3 },
      ],
    });
    expect(outcome.ranking.map((e) => e.entryId)).toEqual(["exact", "noisy"]);
  });

  it("fall back to the entry id so the order is always the same", () => {
    const outcome = score([entry("b"), entry("a")], [...sheets("b", [70]), ...sheets("a", [70])]);
    expect(outcome.ranking.map((e) => [e.entryId, e.rank])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
  });

  it("do not depend on the order of the input", () => {
    const entries = [entry("x", 3), entry("y", 1), entry("z", 2)];
    const all = [...sheets("x", [70, 80, 90, 60, 75]), ...sheets("y", [75, 75, 75]), ...sheets("z", [90, 60])];
    const forward = score(entries, all, { normalize: true });
    const backward = score([...entries].reverse(), [...all].reverse(), { normalize: true });
    expect(backward.ranking).toEqual(forward.ranking);
  });
});

describe("judge totals, spread and disagreement", () => {
  it("shows every judge's total and the spread, flagging a range above 25 points", () => {
    const outcome = score(
      [entry("calm"), entry("edge"), entry("split")],
      [...sheets("calm", [70, 80, 75]), ...sheets("edge", [60, 85]), ...sheets("split", [60, 85.5])],
    );
    const byId = new Map(outcome.ranking.map((e) => [e.entryId, e]));
    expect(byId.get("calm")!.judgeTotals.map((t) => [t.judgeId, t.total])).toEqual([
      ["j1", 70],
      ["j2", 80],
      ["j3", 75],
    ]);
    expect(byId.get("calm")).toMatchObject({ spread: 10, disagreement: false });
    expect(byId.get("edge")).toMatchObject({ spread: 25, disagreement: false });
    expect(byId.get("split")).toMatchObject({ spread: 25.5, disagreement: true });
  });

  it("uses the competition's own disagreement range", () => {
    const [only] = score([entry("e")], sheets("e", [70, 81]), { disagreementRange: 10 }).ranking;
    expect(only!.disagreement).toBe(true);
  });
});

describe("per-judge normalization", () => {
  // A harsh judge and a lenient one score different entries with the same spread of opinion.
  const entries = ["a1", "a2", "a3", "b1", "b2", "b3"].map((id, i) => entry(id, i));
  const totals = [
    ...[40, 50, 60].map((total, i) => ({ entryId: `a${i + 1}`, judgeId: "harsh", total })),
    ...[70, 80, 90].map((total, i) => ({ entryId: `b${i + 1}`, judgeId: "lenient", total })),
  ];
  const rules = { minScores: 1, trimmedMean: true };

  it("leaves the lenient judge's entries on top when off", () => {
    const outcome = scoreFromTotals({ rules: { ...rules, normalize: false }, entries, totals });
    expect(outcome.ranking.map((e) => e.entryId)).toEqual(["b3", "b2", "b1", "a3", "a2", "a1"]);
    expect(outcome.ranking[0]!.judgeTotals[0]!.normalizedTotal).toBeNull();
  });

  it("maps each judge's z-scores onto the overall mean and spread when on", () => {
    const outcome = scoreFromTotals({ rules: { ...rules, normalize: true }, entries, totals });
    const byId = new Map(outcome.ranking.map((e) => [e.entryId, e]));
    // Overall mean 65, population deviation √(1750/6); each judge's z-scores are −√1.5, 0, +√1.5.
    const top = 65 + Math.sqrt(1750 / 6) * Math.sqrt(1.5);
    expect(byId.get("a3")!.finalScore).toBeCloseTo(top, 9);
    expect(byId.get("b3")!.finalScore).toBeCloseTo(top, 9);
    expect(byId.get("a2")!.finalScore).toBeCloseTo(65, 9);
    expect(byId.get("b1")!.finalScore).toBeCloseTo(65 - (top - 65), 9);
    // Equal scores fall to the median (equal too), then to submission: a3 came first.
    expect(outcome.ranking.map((e) => e.entryId)).toEqual(["a3", "b3", "a2", "b2", "a1", "b1"]);
    // The raw total is still shown beside the normalized one.
    expect(byId.get("b3")!.judgeTotals[0]).toMatchObject({ judgeId: "lenient", total: 90 });
  });

  it("moves a judge who scored one entry, or gave every entry the same total, to the overall mean", () => {
    const outcome = scoreFromTotals({
      rules: { minScores: 1, trimmedMean: false, normalize: true },
      entries: [entry("e1"), entry("e2"), entry("e3")],
      totals: [
        { entryId: "e1", judgeId: "spread", total: 40 },
        { entryId: "e2", judgeId: "spread", total: 80 },
        { entryId: "e1", judgeId: "once", total: 90 },
        { entryId: "e2", judgeId: "flat", total: 70 },
        { entryId: "e3", judgeId: "flat", total: 70 },
      ],
    });
    const normalized = outcome.ranking.flatMap((e) => e.judgeTotals.filter((t) => t.judgeId !== "spread").map((t) => t.normalizedTotal));
    expect(normalized).toHaveLength(3);
    for (const value of normalized) expect(value).toBeCloseTo(70, 9); // the mean of all five totals
  });
});

describe("the funding plan", () => {
  const rules = { budgetFen: 1_000_000, capFen: 2_000_000, passMark: 60 };
  function ranked(...entries: [string, number, number][]): PlanEntry[] {
    return entries.map(([entryId, finalScore, requestedFen], i) => ({ entryId, rank: i + 1, finalScore, requestedFen }));
  }

  it("funds both entries when they fit the budget exactly, leaving nothing", () => {
    const plan = planFunding(ranked(["a", 90, 600_000], ["b", 80, 400_000]), rules);
    expect(plan.lines.map((l) => [l.entryId, l.decision, l.awardFen])).toEqual([
      ["a", "funded", 600_000],
      ["b", "funded", 400_000],
    ]);
    expect(plan).toMatchObject({ committedFen: 1_000_000, leftoverFen: 0 });
  });

  it("skips an entry one fen over what is left and funds the next one that fits", () => {
    const plan = planFunding(ranked(["a", 90, 600_000], ["b", 80, 400_001], ["c", 70, 300_000]), rules);
    expect(plan.lines.map((l) => [l.entryId, l.decision, l.awardFen])).toEqual([
      ["a", "funded", 600_000],
      ["b", "over-budget", 0],
      ["c", "funded", 300_000],
    ]);
    expect(plan).toMatchObject({ committedFen: 900_000, leftoverFen: 100_000 });
  });

  it("awards the cap when the cap is below the request", () => {
    const plan = planFunding(ranked(["a", 90, 800_000]), { ...rules, capFen: 500_000 });
    expect(plan.lines[0]).toMatchObject({ decision: "funded", requestedFen: 800_000, awardFen: 500_000 });
    expect(plan.leftoverFen).toBe(500_000);
  });

  it("funds a score exactly at the pass mark (despite float noise) and nothing below it", () => {
    const plan = planFunding(ranked(["at", 60, 100_000], ["noise", 60 - 1e-12, 100_000], ["below", 59.99, 100_000]), rules);
    expect(plan.lines.map((l) => [l.entryId, l.decision])).toEqual([
      ["at", "funded"],
      ["noise", "funded"],
      ["below", "below-pass-mark"],
    ]);
    expect(plan.leftoverFen).toBe(800_000);
  });

  it("follows rank order whatever order the entries come in", () => {
    const plan = planFunding(ranked(["a", 90, 700_000], ["b", 80, 700_000]).reverse(), rules);
    expect(plan.lines.map((l) => [l.entryId, l.decision])).toEqual([
      ["a", "funded"],
      ["b", "over-budget"],
    ]);
  });

  it("refuses money that is not whole fen", () => {
    expect(scoringErrorCode(() => planFunding([], { ...rules, budgetFen: 10.5 }))).toBe("invalid-funding-rules");
    expect(scoringErrorCode(() => planFunding(ranked(["a", 90, 1.5]), rules))).toBe("invalid-entry");
  });
});

describe("a regulator's adjustment of the plan", () => {
  const plan: FundingPlan = planFunding(
    [
      { entryId: "a", rank: 1, finalScore: 90, requestedFen: 600_000 },
      { entryId: "b", rank: 2, finalScore: 80, requestedFen: 500_000 },
      { entryId: "c", rank: 3, finalScore: 50, requestedFen: 100_000 },
    ],
    { budgetFen: 1_000_000, capFen: 600_000, passMark: 60 },
  );

  it("is applied when it stays within the rules", () => {
    const result = adjustPlan(plan, [
      { entryId: "a", awardFen: 500_000 },
      { entryId: "b", awardFen: 500_000 },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.lines.map((l) => [l.entryId, l.decision, l.plannedAwardFen, l.awardFen, l.adjusted])).toEqual([
      ["a", "funded", 600_000, 500_000, true],
      ["b", "over-budget", 0, 500_000, true],
      ["c", "below-pass-mark", 0, 0, false],
    ]);
    expect(result.plan).toMatchObject({ committedFen: 1_000_000, leftoverFen: 0 });
    expect(plan.lines[0]!.awardFen).toBe(600_000); // the original plan is untouched
  });

  it("is refused with every violation named, and nothing applied", () => {
    const result = adjustPlan(plan, [
      { entryId: "b", awardFen: 550_000 },
      { entryId: "a", awardFen: 700_000 },
      { entryId: "c", awardFen: 10_000 },
      { entryId: "incomplete", awardFen: 1 },
      { entryId: "b", awardFen: 1 },
    ]);
    expect(result).toEqual({
      ok: false,
      violations: [
        { code: "above-request", entryId: "b", awardFen: 550_000, requestedFen: 500_000 },
        { code: "above-request", entryId: "a", awardFen: 700_000, requestedFen: 600_000 },
        { code: "above-cap", entryId: "a", awardFen: 700_000, capFen: 600_000 },
        { code: "below-pass-mark", entryId: "c", finalScore: 50, passMark: 60 },
        { code: "not-ranked", entryId: "incomplete" },
        { code: "duplicate-adjustment", entryId: "b" },
        { code: "over-budget", committedFen: 1_260_000, budgetFen: 1_000_000 },
      ],
    });
  });

  it("refuses fractional or negative fen, and allows withdrawing an award", () => {
    const bad = adjustPlan(plan, [
      { entryId: "a", awardFen: 1.5 },
      { entryId: "b", awardFen: -1 },
    ]);
    expect(bad.ok ? [] : bad.violations.map((v) => v.code)).toEqual(["award-not-whole-fen", "award-not-whole-fen"]);
    const withdrawn = adjustPlan(plan, [{ entryId: "a", awardFen: 0 }]);
    expect(withdrawn.ok && withdrawn.plan.leftoverFen).toBe(1_000_000);
  });
});

describe("the public results", () => {
  const entries = [entry("e1", 1, 300_000), entry("e2", 2, 200_000), entry("e3", 3, 100_000), entry("e4", 4, 50_000)];
  const judgeIds = ["u1", "u2", "u3", "u4", "u5"];
  const all: ScoreSheet[] = [
    ...[88, 72, 95, 60, 81].map((t, i) => ({ entryId: "e1", judgeId: judgeIds[i]!, points: { overall: t }, submittedAt: "2026-04-01T02:00:00Z" })),
    ...[70, 74, 66, 90, 55].map((t, i) => ({ entryId: "e2", judgeId: judgeIds[i]!, points: { overall: t }, submittedAt: "2026-04-01T02:00:00Z" })),
    ...[61, 83, 77].map((t, i) => ({ entryId: "e3", judgeId: judgeIds[i + 2]!, points: { overall: t }, submittedAt: "2026-04-01T02:00:00Z" })),
    { entryId: "e4", judgeId: "u1", points: { overall: 99 }, submittedAt: "2026-04-01T02:00:00Z" },
  ];
  const rules: JudgingRules = { minScores: 3, trimmedMean: true, normalize: true };

  function publish() {
    const outcome = scoreCompetition({ rubric: overall, rules, entries, sheets: all });
    const plan = planFunding(outcome.ranking, { budgetFen: 400_000, capFen: 250_000, passMark: 60 });
    const details = new Map(
      entries.map((e) => [e.entryId, { number: `YC2099-${e.entryId}`, title: `项目${e.entryId}`, organization: { name: "银川市某协会", uscc: "51640100MJ0000000X" }, category: "elderly", status: "selected" }]),
    );
    const results = buildPublicResults({ rules, outcome, plan, details, judgeLabels: anonymousJudgeLabels(["u3", "u1", "u5", "u2", "u4"]) });
    return { outcome, results: JSON.parse(JSON.stringify(results)) as typeof results };
  }

  it("shows anonymous judges, whole-fen awards, and ranked entries before incomplete ones", () => {
    const { results } = publish();
    expect(results.rules).toEqual({ minScores: 3, trimmedMean: true, normalize: true });
    expect(results.entries.map((e) => [e.entryId, e.rank, e.awarded])).toEqual([
      ["e3", 1, 100_000],
      ["e1", 2, 250_000],
      ["e2", 3, 0],
      ["e4", null, 0],
    ]);
    const e1 = results.entries.find((e) => e.entryId === "e1")!;
    expect(e1.judgeTotals.map((t) => t.judge)).toEqual(["评委A", "评委B", "评委C", "评委D", "评委E"]);
    expect(e1.judgeTotals.find((t) => t.judge === "评委A")!.total).toBe(95); // u3's raw total
    expect(results.entries[3]).toMatchObject({ finalScore: null, submittedAt: "2026-03-01T00:04:00.000Z" });
    expect(JSON.stringify(results)).not.toContain("u1");
  });

  it("can be recomputed exactly from the published JSON alone", () => {
    const { outcome, results } = publish();
    const recomputed = recomputeFromResults(results);
    const expected = [...outcome.ranking, ...outcome.incomplete].map((e) => ({ entryId: e.entryId, finalScore: e.finalScore, rank: e.rank }));
    expect(recomputed).toEqual(expected);
    expect(resultMismatches(results)).toEqual([]);
  });

  it("gives away a tampered ranking or score", () => {
    const { results } = publish();
    results.entries[1]!.rank = 3;
    results.entries[2]!.rank = 2;
    results.entries[0]!.judgeTotals[0]!.total += 0.5;
    const mismatches = resultMismatches(results);
    expect(mismatches.map((m) => [m.entryId, m.field])).toEqual(expect.arrayContaining([["e1", "rank"], ["e2", "rank"], ["e3", "finalScore"]]));
  });

  it("labels judges past Z like spreadsheet columns", () => {
    const labels = anonymousJudgeLabels(Array.from({ length: 28 }, (_, i) => `judge${i}`));
    expect([labels.get("judge0"), labels.get("judge25"), labels.get("judge26"), labels.get("judge27")]).toEqual(["评委A", "评委Z", "评委AA", "评委AB"]);
  });
});

describe("input the rules cannot score", () => {
  it("is refused with a typed error", () => {
    expect(scoringErrorCode(() => score([entry("e")], [...sheets("e", [70]), ...sheets("e", [80])]))).toBe("duplicate-score");
    expect(scoringErrorCode(() => score([entry("e")], sheets("other", [70])))).toBe("unknown-entry");
    expect(scoringErrorCode(() => score([entry("e"), entry("e")], []))).toBe("duplicate-entry");
    expect(scoringErrorCode(() => score([{ entryId: "e", requestedFen: 1, submittedAt: "not a date" }], []))).toBe("invalid-entry");
    expect(scoringErrorCode(() => score([entry("e")], [], { minScores: 0 }))).toBe("invalid-rules");
    expect(scoringErrorCode(() => score([entry("e")], sheets("e", [101])))).toBe("points-out-of-range");
  });
});
