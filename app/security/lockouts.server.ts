/** The security administrator's view of locked accounts, and the unlock (audited). */
import { z } from "zod";
import { recordAudit } from "~/audit/audit-trail.server";
import type { SessionUser } from "~/auth/guards.server";
import { lockedAccounts, unlockAccount } from "~/auth/rate-limit.server";
import { securitySettings } from "./settings.server";

export async function currentLockouts() {
  const { lockout } = await securitySettings();
  return lockedAccounts({ limit: lockout.maxFailures, windowMs: lockout.windowMinutes * 60_000 });
}

export const unlockSchema = z.object({ username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{1,64}$/, "validation.invalid") });

export async function unlock(user: SessionUser, username: string): Promise<void> {
  await unlockAccount(username);
  await recordAudit({ actor: user, action: "auth.unlock", object: { kind: "user", label: username } });
}
