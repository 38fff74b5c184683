/**
 * `npm start`'s process with the embedded database: stopping it (Ctrl-C, SIGTERM, or even
 * SIGKILL) leaves no FerretDB behind, and the next start keeps the data.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { freePort, startAppProcess } from "../../scripts/lib/app-process";
import { cookiesOf, postForm } from "../support/http";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "sop-lifecycle-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function ferretDbProcessesFor(dir: string): string[] {
  try {
    return execFileSync("pgrep", ["-f", `ferretdb.*${dir}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function waitForNoFerretDb(dir: string): Promise<string[]> {
  for (let i = 0; i < 50 && ferretDbProcessesFor(dir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return ferretDbProcessesFor(dir);
}

describe("the app's embedded database lifecycle", () => {
  const env = { MONGODB_URI: undefined, DATA_DIR: dataDir };

  it("stops FerretDB with the app on Ctrl-C and keeps the data for the next start", async () => {
    const port = await freePort();
    const first = await startAppProcess({ port, env });
    expect(ferretDbProcessesFor(dataDir).length).toBeGreaterThan(0);
    // A change to remember: the admin's last sign-in time.
    const signIn = await postForm(`http://127.0.0.1:${port}`, "/login", { username: "admin", password: DEMO_PASSWORD });
    expect(signIn.status).toBe(302);
    expect(await first.stop("SIGINT")).toBe(0);
    expect(await waitForNoFerretDb(dataDir)).toEqual([]);

    const second = await startAppProcess({ port, env });
    expect(second.output()).not.toContain("Demo data:"); // not seeded again: the data is still there
    const again = await postForm(`http://127.0.0.1:${port}`, "/login", { username: "admin", password: DEMO_PASSWORD });
    const page = await fetch(`http://127.0.0.1:${port}/admin`, { headers: { Cookie: cookiesOf(again) } });
    expect(await page.text()).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/); // the remembered sign-in time
    await second.stop("SIGTERM");
    expect(await waitForNoFerretDb(dataDir)).toEqual([]);
    // Two starts, the first seeding the demo data: 20 s on a quiet machine, over 60 s with both
    // cores busy elsewhere. What is checked here is what survives a stop, not how fast a start is.
  }, 180_000);

  it("leaves no FerretDB behind even when the app is killed outright", async () => {
    const app = await startAppProcess({ port: await freePort(), env });
    expect(ferretDbProcessesFor(dataDir).length).toBeGreaterThan(0);
    await app.stop("SIGKILL");
    expect(await waitForNoFerretDb(dataDir)).toEqual([]);
  });
});
