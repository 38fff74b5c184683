/** argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane). */
import { hash, verify } from "@node-rs/argon2";

/** Algorithm.Argon2id; the package exports it as a const enum, which isolatedModules cannot read. */
const ARGON2ID = 2;

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified when the user does not exist, so "no such user" costs as long as "wrong password".
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hashPassword("decoy-password-for-timing");
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
