/**
 * `npm run create-admin -- <username> [display name]`: creates an administrator account.
 * The password is read from ADMIN_PASSWORD or, when unset, asked for on the terminal.
 * Uses MONGODB_URI, or the embedded database under DATA_DIR when unset.
 */
import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../app/auth/password.server";
import { connectDatabase, disconnectDatabase, ensureIndexes } from "../app/db.server";
import { loadEnv } from "../app/env.server";
import { User } from "../models/user";
import { resolveDatabase } from "./lib/database";

const [username, displayName = "系统管理员"] = process.argv.slice(2);
const usernameCheck = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).safeParse(username);
if (!usernameCheck.success) {
  console.error("Usage: npm run create-admin -- <username> [display name]   (username: letters, digits, . _ -; at most 64)");
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Password for ${username} (at least ${MIN_PASSWORD_LENGTH} characters): `);
  rl.close();
  return answer;
}

const password = await readPassword();
if (password.length < MIN_PASSWORD_LENGTH) {
  console.error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  process.exit(2);
}
const env = loadEnv();
const database = await resolveDatabase({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR, shareRunning: true });
try {
  await connectDatabase(database.uri);
  await ensureIndexes();
  if (await User.exists({ username: usernameCheck.data.toLowerCase() })) {
    console.error(`A user named ${usernameCheck.data} already exists; nothing changed.`);
    process.exitCode = 1;
  } else {
    await User.create({ username: usernameCheck.data, displayName, role: "admin", passwordHash: await hashPassword(password) });
    console.log(`Administrator ${usernameCheck.data} created.`);
  }
} finally {
  await disconnectDatabase();
  await database.stop();
}
