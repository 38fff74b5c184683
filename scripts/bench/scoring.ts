/**
 * Benchmark: scoring and planning a competition of 10,000 entries × 7 judges × 6 criteria
 * (judge totals + final scores + ranking + funding plan), with trimmed mean and with per-judge
 * normalization. Pure computation, no server or database. Each figure is the median of several
 * runs, printed beside a baseline measured in the same run: a bare loop that sums every point once.
 * Target: under 100 ms.  Run: `npm run bench:scoring`.
 */
import {
  anonymousJudgeLabels,
  buildPublicResults,
  planFunding,
  recomputeFromResults,
  scoreCompetition,
  type EntryForRanking,
  type FundingRules,
  type JudgingRules,
  type PublicEntryDetails,
  type Rubric,
  type ScoreSheet,
} from "../../app/competition/scoring";
import { seededRandom } from "../seed/random";

const ENTRIES = 10_000;
const JUDGES_PER_ENTRY = 7;
const PANEL = 60;
const RUNS = 15;
const WARMUP = 3;
const TARGET_MS = 100;

const rubric: Rubric = {
  criteria: [
    { id: "need", name: "需求分析", weight: 20, maxPoints: 10 },
    { id: "objectives", name: "目标设定", weight: 15, maxPoints: 10 },
    { id: "design", name: "项目设计", weight: 20, maxPoints: 20 },
    { id: "team", name: "团队能力", weight: 15, maxPoints: 10 },
    { id: "budget", name: "预算合理", weight: 15, maxPoints: 5 },
    { id: "impact", name: "社会效益", weight: 15, maxPoints: 20 },
  ],
};
const funding: FundingRules = { budgetFen: 45_000_000_000, capFen: 20_000_000, passMark: 60 };

/** Entries of varied quality, each scored by 7 distinct judges of a 60-strong panel with their own leniency. */
function generate() {
  const random = seededRandom(20_221_042);
  const leniency = Array.from({ length: PANEL }, () => (random.next() - 0.5) * 0.3);
  const start = Date.parse("2026-03-01T00:00:00Z");
  const entries: EntryForRanking[] = [];
  const sheets: ScoreSheet[] = [];
  for (let e = 0; e < ENTRIES; e++) {
    const entryId = `entry-${e}`;
    entries.push({ entryId, requestedFen: random.int(50_000, 300_000) * 100, submittedAt: new Date(start + random.int(0, 30 * 24 * 60) * 60_000) });
    const quality = 0.3 + random.next() * 0.65;
    const judges = new Set<number>();
    while (judges.size < JUDGES_PER_ENTRY) judges.add(random.int(0, PANEL - 1));
    for (const judge of judges) {
      const points: Record<string, number> = {};
      for (const c of rubric.criteria) {
        const share = quality + leniency[judge]! + (random.next() - 0.5) * 0.2;
        points[c.id] = Math.min(c.maxPoints, Math.max(0, Math.round(share * c.maxPoints)));
      }
      sheets.push({ entryId, judgeId: `judge-${judge}`, points, submittedAt: new Date(start) });
    }
  }
  return { entries, sheets };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `work` WARMUP + RUNS times; returns the timings of the measured runs (ms). */
function measure(work: () => number): { timings: number[]; checksum: number } {
  let checksum = 0;
  const timings: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const started = performance.now();
    checksum += work();
    const ms = performance.now() - started;
    if (i >= WARMUP) timings.push(ms);
  }
  return { timings, checksum };
}

const { entries, sheets } = generate();
console.log(`scoring benchmark: ${ENTRIES.toLocaleString("en")} entries × ${JUDGES_PER_ENTRY} judges × ${rubric.criteria.length} criteria (${sheets.length.toLocaleString("en")} score sheets), panel of ${PANEL}`);
console.log(`node ${process.version}; median of ${RUNS} runs after ${WARMUP} warm-up runs`);

const criterionIds = rubric.criteria.map((c) => c.id);
const baseline = measure(() => {
  let total = 0;
  for (const sheet of sheets) for (const id of criterionIds) total += sheet.points[id]!;
  return total;
});

function scoreAndPlan(rules: JudgingRules): () => number {
  return () => {
    const outcome = scoreCompetition({ rubric, rules, entries, sheets });
    return planFunding(outcome.ranking, funding).committedFen;
  };
}
const trimmedRules: JudgingRules = { minScores: 5, trimmedMean: true, normalize: false };
const normalizedRules: JudgingRules = { minScores: 5, trimmedMean: true, normalize: true };

const rows: { label: string; timings: number[]; checked: boolean }[] = [];
for (const [label, rules] of [
  ["totals + final scores + ranking + plan, trimmed mean", trimmedRules],
  ["totals + final scores + ranking + plan, normalization + trimmed mean", normalizedRules],
] as const) {
  const { timings } = measure(scoreAndPlan(rules));
  rows.push({ label, timings, checked: true });
}

// The public re-computation from the results JSON (what an auditor runs), for scale.
const outcome = scoreCompetition({ rubric, rules: normalizedRules, entries, sheets });
const details = new Map<string, PublicEntryDetails>(
  entries.map((e) => [e.entryId, { number: e.entryId, title: e.entryId, organization: { name: "某社会组织", uscc: "51640100MJ0000000X" }, category: "other", status: "scored" }]),
);
const published = buildPublicResults({
  rules: normalizedRules,
  outcome,
  plan: planFunding(outcome.ranking, funding),
  details,
  judgeLabels: anonymousJudgeLabels(Array.from({ length: PANEL }, (_, i) => `judge-${(i * 7) % PANEL}`)),
});
const json = JSON.parse(JSON.stringify(published)) as typeof published;
rows.push({ label: "recompute final scores and ranks from the public results JSON", ...measure(() => recomputeFromResults(json).length), checked: false });
const agrees = recomputeFromResults(json).every((r, i) => r.rank === json.entries[i]!.rank && r.finalScore === json.entries[i]!.finalScore);

const baselineMs = median(baseline.timings);
console.log("\n| step | median ms | min ms | max ms | ratio to baseline |");
console.log("|---|---|---|---|---|");
for (const row of [{ label: "baseline: bare loop summing every point once", timings: baseline.timings }, ...rows]) {
  const ms = median(row.timings);
  console.log(`| ${row.label} | ${ms.toFixed(1)} | ${Math.min(...row.timings).toFixed(1)} | ${Math.max(...row.timings).toFixed(1)} | ${(ms / baselineMs).toFixed(1)} |`);
}
const slowest = Math.max(...rows.filter((r) => r.checked).map((r) => median(r.timings)));
console.log(`\nranked ${outcome.ranking.length.toLocaleString("en")} entries; public re-computation agrees: ${agrees ? "yes" : "NO"}`);
console.log(`target: scoring and planning under ${TARGET_MS} ms — ${slowest < TARGET_MS ? "met" : "NOT met"} (slowest median ${slowest.toFixed(1)} ms)`);
if (!agrees || slowest >= TARGET_MS) process.exitCode = 1;
