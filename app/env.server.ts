/**
 * Typed environment, checked once at start-up. Every variable is listed in the README's
 * configuration table; keep the two in step.
 */
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, "must start with mongodb:// or mongodb+srv://").optional(),
  DATA_DIR: z.string().default(".data"),
  SESSION_SECRETS: z.string().optional(),
  SEED_DEMO: z.enum(["auto", "never", "always"]).default("auto"),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  UPLOADTHING_TOKEN: z.string().optional(),
  /** How often the app runs the sweeper itself (deadlines, effects, housekeeping); 0 turns it off. */
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** How long a claimed workflow side effect may run before another process takes it over (ADR 012). */
  WORKFLOW_EFFECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** The public address printed on issued documents (their QR code and verification link). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export type Env = z.infer<typeof schema> & { sessionSecrets: string[] };

const DEV_SECRET = "dev-only-secret-change-me-in-production";

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const sessionSecrets = (env.SESSION_SECRETS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (env.NODE_ENV === "production") {
    if (sessionSecrets.length === 0 || sessionSecrets.some((s) => s.length < 32)) {
      throw new Error("SESSION_SECRETS must be set in production: a comma list of secrets of 32+ characters, newest first.");
    }
    if (env.SEED_DEMO === "always") {
      throw new Error("SEED_DEMO=always is refused in production: demo accounts have published passwords.");
    }
  }
  return { ...env, sessionSecrets: sessionSecrets.length ? sessionSecrets : [DEV_SECRET] };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}
