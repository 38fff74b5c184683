/**
 * The security settings the security administrator keeps (password policy, lockout, sessions):
 * their defaults (GB/T 22239-2019 level 3 as the issue reads it) and the form's rules. Pure, so
 * the form and the server share one set of bounds.
 */
import { z } from "zod";

export interface PasswordPolicy {
  minLength: number;
  /** Of upper case, lower case, digits and symbols, how many must appear. */
  minClasses: number;
  /** Refuse a password that contains the username. */
  forbidUsername: boolean;
  /** How many earlier passwords may not be used again. */
  historyCount: number;
  /** Days after which a password must be changed at the next sign-in. */
  maxAgeDays: number;
  /** More refused passwords besides the built-in list (lower case). */
  extraBlocklist: string[];
}

export interface LockoutPolicy {
  /** Failed guesses allowed per window before the account is locked. */
  maxFailures: number;
  windowMinutes: number;
}

export interface SessionPolicy {
  idleMinutes: number;
  absoluteMinutes: number;
  /** A new sign-in ends the account's other sessions. */
  singleSession: boolean;
}

export interface SecuritySettings {
  password: PasswordPolicy;
  lockout: LockoutPolicy;
  session: SessionPolicy;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  password: { minLength: 10, minClasses: 3, forbidUsername: true, historyCount: 5, maxAgeDays: 90, extraBlocklist: [] },
  lockout: { maxFailures: 5, windowMinutes: 15 },
  session: { idleMinutes: 30, absoluteMinutes: 12 * 60, singleSession: false },
};

const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, "security.error.number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: "security.error.range" });

const checkbox = z.string().transform((v) => v === "on" || v === "true");

/** The security administrator's form (every field a string, as posted). Bounds never go below level 3. */
export const securitySettingsFormSchema = z
  .object({
    minLength: whole(8, 64),
    minClasses: whole(3, 4),
    forbidUsername: checkbox,
    historyCount: whole(1, 24),
    maxAgeDays: whole(1, 365),
    extraBlocklist: z
      .string()
      .max(5000, "security.error.blocklist")
      .transform((v) => [...new Set(v.split(/\r?\n/).map((line) => line.trim().toLowerCase()).filter(Boolean))]),
    maxFailures: whole(3, 10),
    windowMinutes: whole(5, 1440),
    idleMinutes: whole(5, 120),
    absoluteMinutes: whole(30, 24 * 60),
    singleSession: checkbox,
  })
  .refine((v) => v.absoluteMinutes >= v.idleMinutes, { path: ["absoluteMinutes"], message: "security.error.absoluteBelowIdle" });

export function settingsFromForm(form: z.output<typeof securitySettingsFormSchema>): SecuritySettings {
  return {
    password: {
      minLength: form.minLength,
      minClasses: form.minClasses,
      forbidUsername: form.forbidUsername,
      historyCount: form.historyCount,
      maxAgeDays: form.maxAgeDays,
      extraBlocklist: form.extraBlocklist,
    },
    lockout: { maxFailures: form.maxFailures, windowMinutes: form.windowMinutes },
    session: { idleMinutes: form.idleMinutes, absoluteMinutes: form.absoluteMinutes, singleSession: form.singleSession },
  };
}

/** The settings as the form's text. */
export function settingsToForm(settings: SecuritySettings): Record<string, string> {
  const { password, lockout, session } = settings;
  return {
    minLength: String(password.minLength),
    minClasses: String(password.minClasses),
    forbidUsername: password.forbidUsername ? "on" : "",
    historyCount: String(password.historyCount),
    maxAgeDays: String(password.maxAgeDays),
    extraBlocklist: password.extraBlocklist.join("\n"),
    maxFailures: String(lockout.maxFailures),
    windowMinutes: String(lockout.windowMinutes),
    idleMinutes: String(session.idleMinutes),
    absoluteMinutes: String(session.absoluteMinutes),
    singleSession: session.singleSession ? "on" : "",
  };
}

/** Each setting as `name → text`, for the audit record of a change (only what changed). */
export function changedSettings(before: SecuritySettings, after: SecuritySettings): Record<string, string> {
  const a = settingsToForm(before);
  const b = settingsToForm(after);
  const changed: Record<string, string> = {};
  for (const key of Object.keys(b)) if (a[key] !== b[key]) changed[key] = `${a[key]} → ${b[key]}`.replace(/\n/g, ",");
  return changed;
}
