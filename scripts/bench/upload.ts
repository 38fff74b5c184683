/**
 * Upload benchmark: throughput of a 20 MB file through the local adapter's streaming upload
 * route, and the app server's resident memory while it receives it (sampled from
 * /proc/<pid>/status). Target: RSS grows by less than 32 MB. Also an oversized upload, to
 * show the server stops reading at the limit. Run: npm run bench:upload
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { User } from "../../models/user";
import { startBenchServer } from "./lib";
import { signInOverHttp } from "../lib/sign-in";

const MIB = 1024 * 1024;
const FILE_BYTES = 20 * MIB;
const CHUNK = 256 * 1024;
const TARGET_GROWTH_MIB = 32;

function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib("VmRSS"), hwm: kib("VmHWM") };
}

interface UploadRun {
  status: number;
  ms: number;
  sent: number;
  baselineRss: number;
  peakRss: number;
  hwmBefore: number;
  hwmAfter: number;
}

/** Streams one multipart upload of `bytes` (or endlessly, for the oversized case) while sampling the server's memory. */
function streamUpload(url: string, cookie: string, pid: number, bytes: number | "endless"): Promise<UploadRun> {
  const boundary = `----bench${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="基准测试.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const payload = bytes === "endless" ? 0 : bytes - 9; // "%PDF-1.7\n" is part of the file
  const before = memoryOf(pid);
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOf(pid).rss);
  }, 10);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        Cookie: cookie,
        Origin: new URL(url).origin,
        Accept: "application/json",
        ...(bytes === "endless" ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(head.length + payload + tail.length) }),
      },
    });
    let sent = 0;
    let answered = false;
    const finish = (status: number) => {
      clearInterval(sampler);
      peakRss = Math.max(peakRss, memoryOf(pid).rss);
      const after = memoryOf(pid);
      resolve({ status, ms: performance.now() - started, sent, baselineRss: before.rss, peakRss, hwmBefore: before.hwm, hwmAfter: after.hwm });
    };
    request.on("response", (response) => {
      answered = true;
      response.resume();
      response.on("end", () => {
        request.destroy();
        finish(response.statusCode ?? 0);
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    request.write(head);
    // Fresh random bytes per chunk: incompressible, and no two runs share content.
    const pump = () => {
      while (!answered && (bytes === "endless" || sent < payload)) {
        const size = bytes === "endless" ? CHUNK : Math.min(CHUNK, payload - sent);
        sent += size;
        if (!request.write(randomBytes(size))) return void request.once("drain", pump);
      }
      if (!answered && bytes !== "endless") request.end(tail);
      if (!answered && bytes === "endless" && sent > 512 * MIB) request.end(tail);
    };
    pump();
  });
}

const mib = (bytes: number) => (bytes / MIB).toFixed(1);

async function main() {
  // Stored files go to a temporary DATA_DIR, passed on to the app process.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-bench-files-"));
  process.env.DATA_DIR = dataDir;
  const server = await startBenchServer();
  try {
    const pid = server.app.child.pid!;
    const cookie = await signInOverHttp(server.baseUrl, "org", server.password);
    const org = await User.findOne({ username: "org" }, { organizationId: 1 }).lean();
    const url = `${server.baseUrl}/files/upload?${new URLSearchParams({ caseKind: "organization", caseId: String(org!.organizationId), use: "organizationDocument" })}`;

    // Warm-up: the first upload compiles the route and opens the temp directory.
    await streamUpload(url, cookie, pid, 64 * 1024);
    const runs: UploadRun[] = [];
    for (let i = 0; i < 3; i++) runs.push(await streamUpload(url, cookie, pid, FILE_BYTES));
    const oversized = await streamUpload(url, cookie, pid, "endless");

    console.log(`\nUpload of a ${mib(FILE_BYTES)} MiB file through POST /files/upload (local adapter, loopback, embedded FerretDB for metadata)`);
    console.log("| run | status | time ms | throughput MiB/s | server RSS before MiB | peak RSS MiB | RSS growth MiB | VmHWM before → after MiB |");
    console.log("|---|---|---|---|---|---|---|---|");
    runs.forEach((r, i) => {
      console.log(
        `| ${i + 1} | ${r.status} | ${r.ms.toFixed(0)} | ${(FILE_BYTES / MIB / (r.ms / 1000)).toFixed(1)} | ${mib(r.baselineRss)} | ${mib(r.peakRss)} | ${mib(r.peakRss - r.baselineRss)} | ${mib(r.hwmBefore)} → ${mib(r.hwmAfter)} |`,
      );
    });
    const worst = Math.max(...runs.map((r) => r.peakRss - r.baselineRss));
    console.log(`\nLargest RSS growth while receiving: ${mib(worst)} MiB (target < ${TARGET_GROWTH_MIB} MiB): ${worst < TARGET_GROWTH_MIB * MIB ? "met" : "NOT met"}`);
    // The first large body after start raises the allocator's high-water mark once (incoming
    // socket chunks waiting for a GC); later uploads reuse that memory, so growth does not scale with size.
    console.log(`Total RSS growth over all runs: ${mib(runs.at(-1)!.peakRss - runs[0]!.baselineRss)} MiB`);
    console.log(
      `Oversized upload (endless body, 32 MiB limit): status ${oversized.status} after ${mib(oversized.sent)} MiB sent, ${oversized.ms.toFixed(0)} ms; RSS growth ${mib(oversized.peakRss - oversized.baselineRss)} MiB`,
    );
    if (runs.some((r) => r.status !== 201) || oversized.status !== 413) process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
