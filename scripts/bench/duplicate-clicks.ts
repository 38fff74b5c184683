/**
 * `npm run bench:clicks`: 50 simultaneous identical clicks (a regulator's APPROVE on one case, as
 * a double-clicking or impatient crowd sends it) against one click on a case of its own, measured
 * in the same run on the real server over HTTP. The target: all 50 answered within 3x the time of
 * one click. One click makes the transition (and runs its effect: the organization enters the
 * register); of the 50, one does that and 49 lose and are redirected back with the conflict notice.
 * Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import { REGISTRATION_KIND } from "../../app/registration/registration-workflow.server";
import { createCase, sendEvent, type Actor } from "../../app/workflow/engine.server";
import { createUser, post, signIn } from "../chaos/world";
import { startBenchServer } from "./lib";

const CLICKS = Number(process.env.BENCH_CLICKS ?? 50);
const TURNS = Number(process.env.BENCH_TURNS ?? 9);
const actor: Actor = { userId: null, name: "基准测试", role: "regulator" };
let serial = 0;

async function caseInReview(): Promise<string> {
  const name = `银川市重复点击基准${++serial}服务中心`;
  const application = { proposedName: name, orgType: "socialServiceAgency", district: "640106", domicile: "银川市金凤区基准路1号", legalRepresentative: "孙基准", registeredCapital: "30000", businessScope: "社区服务", sponsoringUnit: "", contactPhone: "0951-1112222" };
  const created = await createCase({ kind: REGISTRATION_KIND, input: { orgType: "socialServiceAgency", proposedName: name }, title: name, data: { application }, actor });
  await sendEvent(String(created._id), { type: "SUBMIT", complete: true }, { actor });
  await sendEvent(String(created._id), { type: "ACCEPT" }, { actor });
  return String(created._id);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

// No sweeps during the measurement: only the clicks load the server.
const server = await startBenchServer({ seedDemo: false, env: { SWEEP_INTERVAL_SECONDS: "0" } });
try {
  await createUser("bench-regulator", "regulator", "基准监管员");
  const cookie = await signIn(server.baseUrl, "bench-regulator");
  const approve = (caseId: string) => post(server.baseUrl, cookie, `/registrations/${caseId}`, { intent: "APPROVE", seq: 2, comment: "" });
  // Warm up: the first requests of a fresh process are slower (connections, code paths).
  for (let i = 0; i < 3; i++) await approve(await caseInReview());

  // Measured in turns (a single click, a burst, the floor), so a change in the machine's load
  // falls on all three alike.
  const singles: number[] = [];
  const bursts: { all: number; winner: number; statuses: Record<string, number> }[] = [];
  const floors: number[] = [];
  for (let turn = 0; turn < TURNS; turn++) {
    const single = await caseInReview();
    const began = performance.now();
    const status = await approve(single);
    singles.push(performance.now() - began);
    if (status !== 302) throw new Error(`a single click answered ${status}`);

    const id = await caseInReview();
    const burstBegan = performance.now();
    let winner = 0;
    const statuses = await Promise.all(
      Array.from({ length: CLICKS }, async () => {
        const answer = await approve(id);
        if (answer === 302) winner = performance.now() - burstBegan;
        return answer;
      }),
    );
    const tally: Record<string, number> = {};
    for (const s of statuses) tally[String(s)] = (tally[String(s)] ?? 0) + 1;
    bursts.push({ all: performance.now() - burstBegan, winner, statuses: tally });
    if (tally["302"] !== 1) throw new Error(`a burst made ${tally["302"] ?? 0} transitions: ${JSON.stringify(tally)}`);

    // The floor: as many requests at once for the cheapest answer the server gives.
    const floorBegan = performance.now();
    await Promise.all(Array.from({ length: CLICKS }, () => fetch(`${server.baseUrl}/healthz`).then((r) => r.arrayBuffer())));
    floors.push(performance.now() - floorBegan);
  }

  const one = median(singles);
  const all = median(bursts.map((b) => b.all));
  console.log(`one click (APPROVE, the organization registered), ${TURNS} runs: median ${ms(one)}, min ${ms(Math.min(...singles))}, max ${ms(Math.max(...singles))}`);
  console.log(`${CLICKS} identical clicks at once, ${TURNS} runs: all answered in median ${ms(all)} (min ${ms(Math.min(...bursts.map((b) => b.all)))}, max ${ms(Math.max(...bursts.map((b) => b.all)))}); the winner answered in median ${ms(median(bursts.map((b) => b.winner)))}`);
  console.log(`answers per burst: ${JSON.stringify(bursts[0]!.statuses)} (302: the transition; 303: back to the page with the conflict notice)`);
  console.log(`floor, ${CLICKS} GET /healthz at once: median ${ms(median(floors))} (${(median(floors) / one).toFixed(2)}x one click)`);
  console.log(`ratio, all ${CLICKS} answered / one click: ${(all / one).toFixed(2)}x (target: at most 3x)`);
} finally {
  await server.stop();
}
