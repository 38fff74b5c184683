/**
 * Competition pages under load (`npm run bench:competition`): the judge's scoring page (an
 * assigned entry of a competition in judging) and the public results API of the 2022 demo
 * competition (42 entries, recomputed per request), at 32 connections, each beside the trivial
 * page /about measured in the same run. Target: at least 0.5× the trivial page's requests/s.
 * Scoring and planning 10,000 entries are measured by `npm run bench:scoring`.
 * Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import { randomBytes } from "node:crypto";
import { JudgeAssignment } from "../../models/judge-assignment";
import { User } from "../../models/user";
import { WorkflowCase } from "../../models/workflow-case";
import { judgedCompetition } from "../../tests/support/competition";
import { DEMO_PASSWORD, seedDemo } from "../seed/demo";
import { load, printLoadTable, signInCookie, startBenchServer, type LoadResult } from "./lib";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function main() {
  let scoringPath = "";
  let resultsPath = "";
  const server = await startBenchServer({
    seedDemo: false,
    prepare: async () => {
      await seedDemo(() => {});
      const { id } = await judgedCompetition({ label: "基准", judges: 4, scored: false });
      const judge = (await User.findOne({ username: "judge" }, { _id: 1 }).lean())!;
      const assignment = (await JudgeAssignment.findOne({ competitionId: id, judgeId: judge._id, status: "active" }, { entryId: 1 }).lean())!;
      scoringPath = `/judge/entries/${String(assignment.entryId)}`;
      const past = (await WorkflowCase.findOne({ kind: "competition", caseKey: "competition:2022" }, { _id: 1 }).lean())!;
      resultsPath = `/api/v1/competitions/${String(past._id)}/results`;
    },
    env: { NODE_ENV: "production", SESSION_SECRETS: randomBytes(32).toString("hex") },
  });
  try {
    const cookie = await signInCookie(server.baseUrl, "judge", DEMO_PASSWORD);
    const headers = { Cookie: cookie };
    for (const [path, h] of [["/about", {}], [scoringPath, headers], [resultsPath, {}]] as const) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: h });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
    }
    console.log(`Competition benchmark (NODE_ENV=production) at 32 connections, ${SECONDS} s per row; server ${server.baseUrl}`);
    const about = await load("/about", `${server.baseUrl}/about`, { seconds: SECONDS });
    const rows: LoadResult[] = [
      await load("/about signed in (judge)", `${server.baseUrl}/about`, { seconds: SECONDS, headers }),
      await load("judge's scoring page", `${server.baseUrl}${scoringPath}`, { seconds: SECONDS, headers }),
      await load("results API (2022, 42 entries)", `${server.baseUrl}${resultsPath}`, { seconds: SECONDS }),
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
