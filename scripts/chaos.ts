/**
 * `npm run chaos -- --rounds 200`: fault injection on the workflows (ADR 012). Every round prepares
 * fresh cases on each main write path (registration approve, annual report submit and conclude,
 * credit listing, deregistration, competition steps, judge assignment, tranche payment), fires
 * bursts of concurrent identical clicks at the real server, kills it with SIGKILL at a random
 * moment, starts it again and waits until the consistency checker finds nothing wrong, with no page
 * opened. Prints each round and then the totals: rounds, crashes injected, problems found, time
 * to recover. Exits 1 if any problem remained.
 *
 *   --rounds N        rounds to run (default 10)
 *   --minutes M       stop starting rounds after M minutes, and report the rounds run (default: no limit)
 *   --clicks N        identical clicks per case (default 3)
 *   --kill-within MS  the kill falls at a random moment in this window after the burst starts
 *                     (default: the median time of the bursts answered whole so far; the first
 *                     round's kill comes right after its burst, to measure one)
 *
 * Uses MONGODB_URI when set, otherwise its own embedded database in a temporary directory.
 * Needs the server build (`npm run build`).
 */
import { parseArgs } from "node:util";
import { checkConsistency } from "../app/workflow/consistency.server";
import { prepareRun, runChaosRound, type RoundResult } from "./chaos/rounds";
import { openWorld } from "./chaos/world";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "10" }, minutes: { type: "string" }, clicks: { type: "string", default: "3" }, "kill-within": { type: "string" } } });
const rounds = Number(values.rounds);
const clicks = Number(values.clicks);
const stopStartingAt = values.minutes ? Date.now() + Number(values.minutes) * 60_000 : Infinity;
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(clicks) || clicks < 1) {
  console.error("usage: npm run chaos -- --rounds N [--minutes M] [--clicks N] [--kill-within MS]");
  process.exit(2);
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : 0);
const percentile = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! : 0);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const world = await openWorld();
const results: RoundResult[] = [];
const started = Date.now();
try {
  const run = await prepareRun(world);
  for (let round = 1; round <= rounds && Date.now() < stopStartingAt; round++) {
    // The first round measures a whole burst (the kill comes right after it); later kills fall
    // anywhere within the bursts measured whole so far.
    const whole = results.filter((r) => !r.cutMidBurst).map((r) => r.burstMs);
    const killWithinMs = values["kill-within"] ? Number(values["kill-within"]) : whole.length ? median(whole) : null;
    const result = await runChaosRound(world, run, round, { clicks, killWithinMs });
    results.push(result);
    console.log(
      `round ${round}/${rounds}: ${result.clicks} clicks, killed after ${result.killAfterMs} ms (${result.cutMidBurst ? `${result.unanswered} unanswered` : "after the burst"}), ` +
        `back in ${seconds(result.restartMs)}, consistent ${seconds(result.recoverMs)} later (the crash left ${JSON.stringify(result.found)}), ${result.problems.length} problems  ${JSON.stringify(result.statuses)}`,
    );
    for (const problem of result.problems.slice(0, 10)) console.log(`  ${problem.rule} ${problem.kind} ${problem.caseId}: ${problem.detail}`);
  }
  const final = await checkConsistency();
  const recover = results.map((r) => r.recoverMs);
  const sinceKill = results.map((r) => r.restartMs + r.recoverMs);
  const problems = results.reduce((sum, r) => sum + r.problems.length, 0) + final.problems.length;
  console.log("");
  console.log(`rounds: ${results.length}`);
  console.log(`crashes injected (kill -9 of the server): ${results.length}, ${results.filter((r) => r.cutMidBurst).length} with clicks in flight (${results.reduce((s, r) => s + r.unanswered, 0)} clicks cut of ${results.reduce((s, r) => s + r.clicks, 0)})`);
  console.log(`problems found: ${problems} (the final check of all ${final.cases} cases and ${final.steps} steps: ${final.problems.length}; duplicates ${JSON.stringify(final.duplicates)}; abandoned attempts ${final.abandonedAttempts})`);
  console.log(`time to recover after the server answered again: median ${seconds(median(recover))}, p95 ${seconds(percentile(recover, 0.95))}, max ${seconds(Math.max(...recover))}`);
  console.log(`time from the kill to consistent: median ${seconds(median(sinceKill))}, p95 ${seconds(percentile(sinceKill, 0.95))}, max ${seconds(Math.max(...sinceKill))}`);
  console.log(`total ${seconds(Date.now() - started)}`);
  process.exitCode = problems > 0 ? 1 : 0;
} finally {
  await world.close();
}
