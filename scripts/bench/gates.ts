/**
 * Daily-gate benchmark (`npm run bench:gates`): on the demo register plus 10,000 organizations,
 * (1) opening an annual-inspection campaign (one case per eligible organization, in batches) and
 * (2) the registry-deadline sweep that moves every unfiled report to overdue and lists its
 * organization — each beside inserting the same number of bare documents through the driver in
 * the same run; then (3) the campaign dashboard under load beside the trivial page /about.
 * Targets: opening and sweeping each ≤ 3× the bare insert; the dashboard ≥ 0.5× /about.
 * Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import mongoose from "mongoose";
import { CreditListing } from "../../models/credit-listing";
import { Organization } from "../../models/organization";
import { WorkflowCase } from "../../models/workflow-case";
import { campaignJob, openCampaign } from "../../app/daily-gate/campaigns.server";
import { endOfBeijingDay } from "../../app/domain/annual-report";
import { registerIndex } from "../../app/register/register-index.server";
import { runSweep } from "../../app/sweep.server";
import { seedDemo } from "../seed/demo";
import { addOrganizations } from "./extra-organizations";
import { load, printLoadTable, startBenchServer, time } from "./lib";
import { signInOverHttp } from "../lib/sign-in";

const EXTRA = Number(process.env.BENCH_ORGANIZATIONS ?? 10_000);
const step = (message: string) => console.error(`[${new Date().toISOString()}] ${message}`);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function bareInsert(label: string, count: number, sample: Record<string, unknown>): Promise<number> {
  const bare = mongoose.connection.db!.collection(`bench_bare_${label}`);
  await bare.createIndex({ caseKey: 1 }, { unique: true });
  const documents = Array.from({ length: count }, (_, i) => ({ ...sample, _id: new mongoose.Types.ObjectId(), caseKey: `${label}:${i}` }));
  const inserted = await time(() => bare.insertMany(documents, { ordered: false }));
  await bare.drop();
  return inserted.ms;
}

async function main() {
  const server = await startBenchServer({
    seedDemo: false,
    prepare: async () => {
      await seedDemo(() => {});
      await addOrganizations(EXTRA);
    },
    env: { NODE_ENV: "production", SWEEP_INTERVAL_SECONDS: "0" },
  });
  try {
    const year = new Date().getUTCFullYear() - 3;
    const organizations = await Organization.countDocuments({});
    console.log(`Gates benchmark (NODE_ENV=production): ${organizations} organizations; campaign ${year}; server ${server.baseUrl}`);
    const actor = { userId: null, name: "基准测试", role: "regulator" };
    const form = { year, mode: "annualReport" as const, sponsorDeadline: `${year + 1}-03-31`, registryDeadline: `${year + 1}-05-31` };

    // A running app keeps the register in memory (ADR 007); its first read after a start scans it.
    step("register copy");
    const registerCopy = await time(() => registerIndex());
    step("opening");
    const opened = await time(async () => {
      await openCampaign(form, actor);
      await campaignJob(year);
    });
    const cases = await WorkflowCase.countDocuments({ kind: "annualReport", "data.year": year });
    const sample = (await WorkflowCase.findOne({ kind: "annualReport", "data.year": year }).lean()) as Record<string, unknown>;
    const bareOpen = await bareInsert("open", cases, sample);
    step("opening again");
    const again = await time(async () => {
      await openCampaign(form, actor, new Date(Date.now() + 120_000)); // a later attempt: resumes, creates nothing
      await campaignJob(year);
    });
    if ((await WorkflowCase.countDocuments({ kind: "annualReport", "data.year": year })) !== cases) throw new Error("re-opening created cases");

    const after = new Date(endOfBeijingDay(`${year + 1}-05-31`).getTime() + 3_600_000);
    // Floors on this database, same run: any filter but a lone _id reads and decodes every case.
    step("floors");
    const scanCases = await time(() => WorkflowCase.countDocuments({}));
    const readDue = await time(() => WorkflowCase.find({ wakeAt: mongoose.trusted({ $lte: after }) }).lean());
    step("sweeping");
    const swept = await time(() => runSweep(after));
    step("swept");
    const listed = await CreditListing.countDocuments({ reason: "lateAnnualReport", year });
    if (listed !== cases) throw new Error(`expected ${cases} listings, got ${listed}`);
    const bareSweep = await bareInsert("sweep", cases, sample);
    const sweptAgain = await time(() => runSweep(new Date(after.getTime() + 60_000)));
    // Floor: one _id-keyed update per swept case (a field nothing reads), one bulk write, nothing else.
    const sweptIds = (await CreditListing.find({ reason: "lateAnnualReport", year }, { sourceCaseId: 1 }).lean()).map((l) => l.sourceCaseId);
    const updateFloor = await time(() =>
      WorkflowCase.collection.bulkWrite(sweptIds.map((_id) => ({ updateOne: { filter: { _id: _id! }, update: { $set: { benchTouchedAt: new Date() } } } })), { ordered: false }),
    );

    console.log(`\n| ${cases} annual reports | ms | per second | ratio to bare insert |`);
    console.log("|---|---|---|---|");
    console.log(`| bare driver insertMany, same number of case documents (before opening's ratio) | ${bareOpen.toFixed(0)} | ${(cases / (bareOpen / 1000)).toFixed(0)} | 1.00 |`);
    console.log(`| open the campaign (register copy current, as in a running app; cases + creation log rows, progress) | ${opened.ms.toFixed(0)} | ${(cases / (opened.ms / 1000)).toFixed(0)} | ${(opened.ms / bareOpen).toFixed(2)} |`);
    console.log(`| (first read of the register copy after a start: ${organizations} organizations, paid once) | ${registerCopy.ms.toFixed(0)} | – | ${(registerCopy.ms / bareOpen).toFixed(2)} |`);
    console.log(`| open it again (nothing created) | ${again.ms.toFixed(0)} | ${(cases / (again.ms / 1000)).toFixed(0)} | ${(again.ms / bareOpen).toFixed(2)} |`);
    console.log(`| bare driver insertMany, same number (before the sweep's ratio) | ${bareSweep.toFixed(0)} | ${(cases / (bareSweep / 1000)).toFixed(0)} | 1.00 |`);
    console.log(`| floor: count every case (${(scanCases.value as number)} documents; the scan any other filter costs) | ${scanCases.ms.toFixed(0)} | – | ${(scanCases.ms / bareSweep).toFixed(2)} |`);
    console.log(`| floor: read the due cases alone (${readDue.value.length}) | ${readDue.ms.toFixed(0)} | – | ${(readDue.ms / bareSweep).toFixed(2)} |`);
    console.log(`| floor: update each of those cases once, by _id, in one bulk write (${sweptIds.length}) | ${updateFloor.ms.toFixed(0)} | – | ${(updateFloor.ms / bareSweep).toFixed(2)} |`);
    console.log(`| deadline sweep (overdue + log row + listing, all unfiled) | ${swept.ms.toFixed(0)} | ${(cases / (swept.ms / 1000)).toFixed(0)} | ${(swept.ms / bareSweep).toFixed(2)} |`);
    console.log(`| sweep again (nothing due) | ${sweptAgain.ms.toFixed(0)} | – | ${(sweptAgain.ms / bareSweep).toFixed(2)} |`);

    const cookie = await signInOverHttp(server.baseUrl, "regulator", server.password);
    const headers = { Cookie: cookie };
    // Warm each page once: the first view of a campaign reads its cases into the process's copy.
    for (const path of ["/about", `/regulator/campaigns/${year}`, `/regulator/campaigns/${new Date().getUTCFullYear() - 1}`]) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
    }
    // Then two seconds of load on each, unmeasured, so the JIT has settled before any row counts.
    for (const path of ["/about", `/regulator/campaigns/${year}`, `/regulator/campaigns/${new Date().getUTCFullYear() - 1}`]) await load("warm-up", `${server.baseUrl}${path}`, { seconds: 2, headers });
    const about = await load("/about", `${server.baseUrl}/about`, { seconds: SECONDS });
    printLoadTable(about, [
      await load("/about signed in", `${server.baseUrl}/about`, { seconds: SECONDS, headers }),
      await load(`campaign dashboard (${cases} reports)`, `${server.baseUrl}/regulator/campaigns/${year}`, { seconds: SECONDS, headers }),
      await load(`campaign dashboard, demo year`, `${server.baseUrl}/regulator/campaigns/${new Date().getUTCFullYear() - 1}`, { seconds: SECONDS, headers }),
    ]);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
