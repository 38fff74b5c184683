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
  /** SM4 keys for personal data: `id:base64 of 32 bytes`, comma-separated, newest first (ADR 016). */
  PERSONAL_DATA_KEYS: z.string().optional(),
  /** Key of the SM3 keyed hash that finds personal data without decrypting it (base64, 32 bytes). */
  PERSONAL_DATA_INDEX_KEY: z.string().optional(),
  /** The public address printed on issued documents (their QR code and verification link). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export interface PersonalDataKey {
  id: string;
  secret: Buffer;
}

export type Env = z.infer<typeof schema> & { sessionSecrets: string[]; personalDataKeys: PersonalDataKey[]; personalDataIndexKey: Buffer };

const DEV_SECRET = "dev-only-secret-change-me-in-production";
/** Development and test only: fixed keys, so a developer's data stays readable across restarts. */
const DEV_PERSONAL_DATA_KEY = { id: "dev", secret: Buffer.alloc(32, "dev-only personal data key") };
const DEV_PERSONAL_DATA_INDEX_KEY = Buffer.alloc(32, "dev-only personal data index key");

function parsePersonalDataKeys(text: string | undefined): PersonalDataKey[] {
  const keys = (text ?? "").split(",").map((s) => s.trim()).filter(Boolean).map((entry) => {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(entry);
    const secret = match ? Buffer.from(match[2]!, "base64") : Buffer.alloc(0);
    if (!match || secret.length !== 32) throw new Error("PERSONAL_DATA_KEYS: each key is `id:<base64 of 32 random bytes>` (e.g. `2026a:$(openssl rand -base64 32)`).");
    return { id: match[1]!, secret };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error("PERSONAL_DATA_KEYS: key ids must differ.");
  return keys;
}

function parseIndexKey(text: string | undefined): Buffer | null {
  if (!text) return null;
  const key = Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error("PERSONAL_DATA_INDEX_KEY: base64 of 32 random bytes (`openssl rand -base64 32`).");
  return key;
}

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
    if (!env.PERSONAL_DATA_KEYS || !env.PERSONAL_DATA_INDEX_KEY) {
      throw new Error("PERSONAL_DATA_KEYS and PERSONAL_DATA_INDEX_KEY must be set in production: personal data is stored SM4-encrypted (see docs/security.md).");
    }
  }
  const personalDataKeys = parsePersonalDataKeys(env.PERSONAL_DATA_KEYS);
  return {
    ...env,
    sessionSecrets: sessionSecrets.length ? sessionSecrets : [DEV_SECRET],
    personalDataKeys: personalDataKeys.length ? personalDataKeys : [DEV_PERSONAL_DATA_KEY],
    personalDataIndexKey: parseIndexKey(env.PERSONAL_DATA_INDEX_KEY) ?? DEV_PERSONAL_DATA_INDEX_KEY,
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}
