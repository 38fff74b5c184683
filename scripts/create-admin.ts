/**
 * `npm run create-admin -- <username> [display name] [--role sysadmin|secadmin|auditadmin]`:
 * creates an administrator account (system administrator unless --role says otherwise). The
 * three administrative roles are given only here, at installation, never in the app (三员分立,
 * ADR 016): an account holds one role, and an existing account is never given a second.
 * The password is read from ADMIN_PASSWORD or, when unset, asked for on the terminal, and must
 * pass the password policy. Uses MONGODB_URI, or the embedded database under DATA_DIR when unset.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { recordAudit } from "../app/audit/audit-trail.server";
import { passwordProblems } from "../app/auth/password-policy";
import { passwordUpdate, publishedPasswordAllowed } from "../app/auth/passwords.server";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { translator } from "../app/i18n/i18n";
import { securitySettings } from "../app/security/settings.server";
import { ADMIN_ROLES, User } from "../models/user";
import { resolveDatabase } from "./lib/database";

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { role: { type: "string", default: "sysadmin" } } });
const [username, displayNameArg] = positionals;
const usernameCheck = z.string().regex(/^[A-Za-z0-9._-]{3,64}$/).safeParse(username);
const roleCheck = z.enum(ADMIN_ROLES).safeParse(options.role);
if (!usernameCheck.success || !roleCheck.success) {
  console.error("Usage: npm run create-admin -- <username> [display name] [--role sysadmin|secadmin|auditadmin]   (username: 3–64 letters, digits, . _ -)");
  process.exit(2);
}
const role = roleCheck.data;
const displayName = displayNameArg ?? { sysadmin: "系统管理员", secadmin: "安全管理员", auditadmin: "审计管理员" }[role];

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Password for ${username}: `);
  rl.close();
  return answer;
}

const password = await readPassword();
const env = loadEnv();
const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR, shareRunning: true });
try {
  await connectDatabase(database.uri);
  await ensureIndexes();
  const { password: policy } = await securitySettings();
  const problems = passwordProblems(password, { username: usernameCheck.data, policy, publishedAllowed: publishedPasswordAllowed() });
  const t = translator("en");
  if (problems.length > 0) {
    console.error(`The password is refused: ${problems.map((p) => t(p, { min: policy.minLength, classes: policy.minClasses, history: policy.historyCount })).join("; ")}.`);
    process.exitCode = 2;
  } else if (await User.exists({ username: usernameCheck.data.toLowerCase() })) {
    console.error(`A user named ${usernameCheck.data} already exists; nothing changed (an account holds one role).`);
    process.exitCode = 1;
  } else {
    const created = await User.create({ username: usernameCheck.data, displayName, role, ...(await passwordUpdate({}, password, { temporary: false })) });
    await recordAudit({
      actor: { username: "create-admin", displayName: "npm run create-admin", role: "system" },
      action: "account.create",
      object: { kind: "user", id: String(created._id), label: created.username },
      detail: { role, by: "installation" },
    });
    console.log(`Administrator ${usernameCheck.data} (${role}) created.`);
  }
} finally {
  await disconnectDatabase();
  await database.stop();
}
