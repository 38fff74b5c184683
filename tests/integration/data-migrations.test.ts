/**
 * Data migrations at start: each runs until it has finished once, then a start skips it; one
 * that fails is not recorded, so the next start runs it again.
 */
import { describe, expect, it } from "vitest";
import mongoose from "mongoose";
import { DataMigration } from "@models/data-migration";
import { Organization } from "@models/organization";
import { readModelTokens } from "@models/read-model-version";
import { DATA_MIGRATIONS, runDataMigrations, type DataMigrationStep } from "~/data-migrations.server";

function countingStep(id: string, changed: number, fail = false): DataMigrationStep & { runs: number } {
  const step = {
    id,
    runs: 0,
    describe: (n: number) => `${id} changed ${n}`,
    run: async () => {
      step.runs++;
      if (fail) throw new Error("interrupted");
      return changed;
    },
  };
  return step;
}

describe("data migrations", () => {
  it("runs a migration once, records what it changed, and skips it at the next start", async () => {
    const step = countingStep("test-once", 3);
    const logged: string[] = [];
    expect(await runDataMigrations([step], (m) => logged.push(m))).toEqual([{ id: "test-once", changed: 3 }]);
    expect(await runDataMigrations([step])).toEqual([]);
    expect(step.runs).toBe(1);
    expect(logged).toEqual(["test-once changed 3"]);
    expect(await DataMigration.findById("test-once").lean()).toMatchObject({ changed: 3 });
  });

  it("does not record a migration that failed, so it runs again", async () => {
    await expect(runDataMigrations([countingStep("test-retry", 1, true)])).rejects.toThrow("interrupted");
    expect(await DataMigration.exists({ _id: "test-retry" })).toBeNull();
    const retried = countingStep("test-retry", 1);
    await runDataMigrations([retried]);
    expect(retried.runs).toBe(1);
  });

  it("the app's migrations finish on a database that never needed them, changing nothing", async () => {
    const ran = await runDataMigrations();
    expect(ran.map((r) => r.id)).toEqual(DATA_MIGRATIONS.map((m) => m.id));
    expect(ran.every((r) => r.changed === 0)).toBe(true);
    expect(await runDataMigrations()).toEqual([]);
  });

  it("returns organizations stored with the former status listed to registered, and the register copy follows", async () => {
    const step = DATA_MIGRATIONS.find((m) => m.id === "2026-11-credit-listed-is-not-a-status")!;
    const ids = [new mongoose.Types.ObjectId(), new mongoose.Types.ObjectId()];
    // Written as older code did, past the schema's current enum.
    await Organization.collection.insertMany([
      { _id: ids[0], name: "旧状态协会", uscc: "51640100MJX000001A", status: "listed" },
      { _id: ids[1], name: "已注销协会", uscc: "51640100MJX000002A", status: "deregistered" },
    ]);
    const token = async () => (await readModelTokens(["organizations"])).get("organizations");
    const before = await token();
    expect(await step.run()).toBe(1);
    const after = await Organization.find({ _id: mongoose.trusted({ $in: ids }) }, { status: 1 }).sort({ _id: 1 }).lean();
    expect(after.map((o) => o.status)).toEqual(["registered", "deregistered"]);
    expect(await token()).not.toEqual(before);
    expect(await step.run()).toBe(0);
  });
});
