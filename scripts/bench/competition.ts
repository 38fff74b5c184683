/**
 * Competition pages under load (`npm run bench:competition`): the judge's list and scoring page
 * (an assigned entry of a competition in judging: 40 entries, 7 judges, 3 per entry, so the demo
 * judge has about 17 assignments there beside their 2022 ones) and the public results API of the
 * 2022 demo competition (42 entries, cached for 10 s), at 32 connections, each beside the trivial
 * page /about measured in the same run. Target: at least 0.5× the trivial page's requests/s.
 * Scoring and planning 10,000 entries are measured by `npm run bench:scoring`.
 * Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import { JudgeAssignment } from "../../models/judge-assignment";
import { User } from "../../models/user";
import { WorkflowCase } from "../../models/workflow-case";
import { judgedCompetition } from "../../tests/support/competition";
import { seedDemo } from "../seed/demo";
import { load, printLoadTable, startBenchServer, type LoadResult } from "./lib";
import { signInOverHttp } from "../lib/sign-in";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ENTRIES = 40;

async function main() {
  let scoringPath = "";
  let resultsPath = "";
  let assignmentCounts = "";
  const server = await startBenchServer({
    seedDemo: false,
    prepare: async () => {
      await seedDemo(() => {});
      const { id } = await judgedCompetition({ label: "基准", judges: 7, entries: ENTRIES, scored: false });
      const judge = (await User.findOne({ username: "judge" }, { _id: 1 }).lean())!;
      const assignments = await JudgeAssignment.find({ judgeId: judge._id, status: "active" }, { entryId: 1, competitionId: 1 }).lean();
      const current = assignments.filter((a) => String(a.competitionId) === id);
      assignmentCounts = `${current.length} in judging, ${assignments.length} in all`;
      scoringPath = `/judge/entries/${String(current[current.length >> 1]!.entryId)}`;
      const past = (await WorkflowCase.findOne({ kind: "competition", caseKey: "competition:2022" }, { _id: 1 }).lean())!;
      resultsPath = `/api/v1/competitions/${String(past._id)}/results`;
    },
    env: { NODE_ENV: "production" },
  });
  try {
    const cookie = await signInOverHttp(server.baseUrl, "judge", server.password);
    const headers = { Cookie: cookie };
    // The real pages: each must answer 200 with what a judge sees (not a redirect or an error page).
    for (const [path, h, expect] of [["/about", {}, ""], ["/judge", headers, "基准项目"], [scoringPath, headers, 'name="points_need"'], [resultsPath, {}, '"rules"']] as const) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: h, redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200 || !body.includes(expect)) throw new Error(`${path}: ${response.status}, without ${expect}`);
    }
    console.log(`Competition benchmark (NODE_ENV=production) at 32 connections, ${SECONDS} s per row; server ${server.baseUrl}`);
    console.log(`The judge's assignments: ${assignmentCounts}.`);
    const about = await load("/about", `${server.baseUrl}/about`, { seconds: SECONDS });
    const rows: LoadResult[] = [
      await load("/about signed in (judge)", `${server.baseUrl}/about`, { seconds: SECONDS, headers }),
      await load("judge's list (/judge)", `${server.baseUrl}/judge`, { seconds: SECONDS, headers }),
      await load("judge's scoring page", `${server.baseUrl}${scoringPath}`, { seconds: SECONDS, headers }),
      await load("results API (2022, 42 entries, 10 s cache)", `${server.baseUrl}${resultsPath}`, { seconds: SECONDS }),
    ];
    printLoadTable(about, rows);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
