/**
 * One fault-injection round: prepare fresh cases on every write path, fire all the bursts at
 * once, kill -9 the server at a random moment, start it again, and wait until the consistency
 * checker finds nothing wrong with the round's cases (recovery runs at start-up and in the
 * server's sweeps; nobody opens a page). Shared by tests/faults/ and `npm run chaos`.
 */
import { randomInt } from "node:crypto";
import mongoose from "mongoose";
import { checkConsistency, type ConsistencyProblem } from "../../app/workflow/consistency.server";
import { newOrganization, WRITE_PATHS, type RoundContext, type WritePath } from "./paths";
import { createUser, signIn, type World } from "./world";

export interface RunContext {
  regulatorCookie: string;
  competitors: string[];
  /** Distinguishes this run's names (Chinese) and user names (ASCII) from an earlier run's on the same database. */
  runLabel: string;
  runId: string;
}

/** What every round needs: a regulator, a panel of judges, organizations to enter competitions. */
export async function prepareRun(world: World): Promise<RunContext> {
  const runId = new mongoose.Types.ObjectId().toHexString().slice(-6);
  const runLabel = `压测${runId}`;
  await createUser(`chaos-regulator-${runId}`, "regulator", "压力测试监管员");
  for (let j = 1; j <= 5; j++) await createUser(`chaos-judge-${runId}-${j}`, "judge", `压测评委${j}`);
  const competitors: string[] = [];
  for (let k = 0; k < 4; k++) competitors.push(String((await newOrganization(`${runLabel}参赛`))._id));
  return { regulatorCookie: await signIn(world.baseUrl, `chaos-regulator-${runId}`), competitors, runLabel, runId };
}

export interface RoundResult {
  round: number;
  /** The server was killed while clicks were still unanswered. */
  cutMidBurst: boolean;
  clicks: number;
  /** Clicks the server never answered (it died first). */
  unanswered: number;
  statuses: Record<string, number>;
  burstMs: number;
  killAfterMs: number;
  /** From the kill until the server answered again. */
  restartMs: number;
  /** From the server answering again until the checker found nothing wrong (or gave up). */
  recoverMs: number;
  cases: number;
  /** What the checker found right after the kill, by rule, before anything could heal it: the work recovery had to do. */
  found: Record<string, number>;
  /** What it still found when it stopped waiting: must be nothing. */
  problems: ConsistencyProblem[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the checker on the given cases until it finds nothing wrong or the time is up. */
export async function waitUntilConsistent(caseIds: string[], timeoutMs: number): Promise<{ ms: number; problems: ConsistencyProblem[] }> {
  const began = Date.now();
  for (;;) {
    const { problems } = await checkConsistency({ caseIds });
    if (problems.length === 0 || Date.now() - began > timeoutMs) return { ms: Date.now() - began, problems };
    await sleep(250);
  }
}

export const tallyRules = (problems: ConsistencyProblem[]) => problems.reduce<Record<string, number>>((tally, p) => ({ ...tally, [p.rule]: (tally[p.rule] ?? 0) + 1 }), {});

/**
 * `killWithinMs`: the kill falls at a random moment that long after the burst starts; null kills
 * as soon as every click is answered (a round that measures how long a burst takes).
 */
export async function runChaosRound(world: World, run: RunContext, round: number, options: { clicks: number; killWithinMs: number | null; paths?: WritePath[]; recoveryTimeoutMs?: number }): Promise<RoundResult> {
  const context: RoundContext = { baseUrl: world.baseUrl, round, label: `${run.runLabel}r${round}`, userKey: `${run.runId}r${round}`, regulatorCookie: run.regulatorCookie, competitors: run.competitors, clicks: options.clicks };
  const bursts = [];
  for (const path of options.paths ?? WRITE_PATHS) bursts.push(await path.prepare(context));
  const clicks = bursts.flatMap((b) => b.clicks);
  // Interleave the paths' clicks, so the kill cuts into all of them.
  for (let i = clicks.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [clicks[i], clicks[j]] = [clicks[j]!, clicks[i]!];
  }
  const killAfterMs = options.killWithinMs === null ? Infinity : randomInt(Math.max(1, options.killWithinMs));
  const began = Date.now();
  let finishedAt = 0;
  const answers = Promise.all(clicks.map((click) => click.fire())).then((statuses) => {
    finishedAt = Date.now();
    return statuses;
  });
  await (killAfterMs === Infinity ? answers : Promise.race([sleep(killAfterMs), answers]));
  const cutMidBurst = finishedAt === 0;
  const killedAt = Date.now();
  await world.kill();
  const statuses = await answers;
  // What the crash left half done, seen while the server is down (nothing has healed it yet).
  const caseIds = bursts.flatMap((b) => b.caseIds);
  const left = await checkConsistency({ caseIds });
  await world.start();
  const restartMs = Date.now() - killedAt;
  const { ms: recoverMs, problems } = await waitUntilConsistent(caseIds, options.recoveryTimeoutMs ?? 180_000);
  const tally: Record<string, number> = {};
  for (const status of statuses) tally[String(status ?? "none")] = (tally[String(status ?? "none")] ?? 0) + 1;
  return {
    round,
    cutMidBurst,
    clicks: clicks.length,
    unanswered: statuses.filter((s) => s === null).length,
    statuses: tally,
    burstMs: (finishedAt || killedAt) - began,
    killAfterMs: killedAt - began,
    restartMs,
    recoverMs,
    cases: caseIds.length,
    found: tallyRules(left.problems),
    problems,
  };
}
