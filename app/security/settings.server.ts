/**
 * Reads and changes the security settings. Every request that checks a session or a password
 * asks for them, so they are an in-process copy behind their read-model token (ADR 007/011):
 * a change by the security administrator counts on the next request in every process.
 */
import { SECURITY_SETTINGS_READ_MODEL, SecuritySettingsRecord } from "@models/security-settings";
import { recordAudit } from "~/audit/audit-trail.server";
import type { SessionUser } from "~/auth/session-user";
import { versionedReadModel } from "~/read-model/versioned.server";
import { changedSettings, DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from "./security-settings";

const SETTINGS_ID = "current";

const readSettings = versionedReadModel(
  SECURITY_SETTINGS_READ_MODEL,
  async (): Promise<SecuritySettings> => {
    const row = await SecuritySettingsRecord.findById(SETTINGS_ID).lean();
    if (!row?.password || !row.lockout || !row.session) return DEFAULT_SECURITY_SETTINGS;
    return Object.freeze({
      password: { ...row.password, extraBlocklist: [...(row.password.extraBlocklist ?? [])] },
      lockout: { ...row.lockout },
      session: { ...row.session },
    });
  },
  { recheckMs: 0 },
);

export function securitySettings(): Promise<SecuritySettings> {
  return readSettings();
}

/** The security administrator's change: stored, then recorded in the audit trail with what changed. */
export async function updateSecuritySettings(user: SessionUser, next: SecuritySettings): Promise<{ changed: number }> {
  const before = await securitySettings();
  const changed = changedSettings(before, next);
  if (Object.keys(changed).length === 0) return { changed: 0 };
  await SecuritySettingsRecord.updateOne(
    { _id: SETTINGS_ID },
    { $set: { ...next, updatedAt: new Date(), updatedBy: user.username } },
    { upsert: true, runValidators: true },
  );
  await recordAudit({ actor: user, action: "settings.change", object: { kind: "securitySettings", id: SETTINGS_ID }, detail: changed });
  return { changed: Object.keys(changed).length };
}
