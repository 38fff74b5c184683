/** Runs the compiled server start (`build/start/serve.js`) as a child process, the way `npm start` does after its build (tests, benchmarks). */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { projectRoot } from "./embedded-db";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `nodeArgs` go to node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
export async function startAppProcess(options: { port: number; env?: Record<string, string | undefined>; nodeArgs?: string[]; readyTimeoutMs?: number }): Promise<AppProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "test", PORT: String(options.port), HOST: "127.0.0.1", ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const start = path.join(projectRoot, "build", "start", "serve.js");
  if (!existsSync(start)) throw new Error(`${start} is missing: run \`npm run build\` first.`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--enable-source-maps", start], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited during start:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${options.port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (Date.now() >= deadline) {
    child.kill("SIGKILL");
    throw new Error(`The app did not become ready:\n${output}`);
  }
  return {
    child,
    output: () => output,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
