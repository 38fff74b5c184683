/**
 * Data migrations: fixes to documents written by older code, run at start (scripts/serve.ts)
 * until each has finished once, then skipped. Each must be idempotent: two instances starting
 * together may both run it, and a run cut short is run again at the next start.
 */
import { DataMigration } from "@models/data-migration";
import { Organization } from "@models/organization";
import { User } from "@models/user";
import { numberUnnumberedEntries } from "~/competition/applications/entry-number.server";
import { rekeyJudgeEntryDocuments } from "~/competition/judging/judge-entry-rekey.server";
import { adoptLegacyEffectClaims } from "~/workflow/engine.server";
import { resealPersonalData } from "~/personal-data/reseal.server";

export interface DataMigrationStep {
  /** Never renamed: the record of its run is kept under this name. */
  id: string;
  describe: (changed: number) => string;
  run: () => Promise<number>;
}

export const DATA_MIGRATIONS: DataMigrationStep[] = [
  {
    id: "2026-11-judge-entry-derived-ids",
    describe: (changed) => `gave ${changed} judge assignments and score sheets their derived ids (ADR 009)`,
    run: rekeyJudgeEntryDocuments,
  },
  {
    id: "2026-11-credit-listed-is-not-a-status",
    describe: (changed) => `returned ${changed} organizations from the former status "listed" to registered; their credit lists stay as badges (ADR 008)`,
    run: async () => (await Organization.updateMany({ status: "listed" as never }, { $set: { status: "registered" } })).modifiedCount,
  },
  {
    id: "2026-12-workflow-outbox",
    describe: (changed) => `gave ${changed} unfinished workflow side effects an outbox row, so recovery finishes them (ADR 012)`,
    run: adoptLegacyEffectClaims,
  },
  {
    id: "2026-12-entry-numbers",
    describe: (changed) => `gave ${changed} competition entries their visible number (YC2026-017, ADR 018)`,
    run: numberUnnumberedEntries,
  },
  {
    id: "2026-12-admin-is-sysadmin",
    describe: (changed) => `made ${changed} former "admin" accounts system administrators; security and audit administrators are separate accounts (三员分立, ADR 016)`,
    run: async () => (await User.updateMany({ role: "admin" as never }, { $set: { role: "sysadmin" } })).modifiedCount,
  },
  {
    id: "2026-12-seal-personal-data",
    describe: (changed) => `sealed (SM4) the personal data of ${changed} organizations, applications and history entries (ADR 016)`,
    run: async () => {
      const { organizations, applications, history } = await resealPersonalData();
      return organizations + applications + history;
    },
  },
  {
    id: "2026-12-password-age-starts",
    describe: (changed) => `started the password-expiry clock of ${changed} accounts today, rather than expiring them all at once (ADR 016)`,
    run: async () => (await User.updateMany({ passwordChangedAt: null }, { $set: { passwordChangedAt: new Date() } })).modifiedCount,
  },
];

/** Runs the migrations not yet recorded as done; answers what each run changed. */
export async function runDataMigrations(steps: DataMigrationStep[] = DATA_MIGRATIONS, log: (message: string) => void = () => {}): Promise<{ id: string; changed: number }[]> {
  const ran: { id: string; changed: number }[] = [];
  for (const step of steps) {
    if (await DataMigration.exists({ _id: step.id })) continue;
    const changed = await step.run();
    await DataMigration.updateOne({ _id: step.id }, { $set: { doneAt: new Date(), changed } }, { upsert: true });
    if (changed) log(step.describe(changed));
    ran.push({ id: step.id, changed });
  }
  return ran;
}
