/** Entry numbers (YC2026-017): unique per competition even when entries are created at once, and given once. */
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { claimEntryNumber, numberUnnumberedEntries } from "~/competition/applications/entry-number.server";

describe("entry numbers", () => {
  it("gives twenty entries created at the same moment twenty different numbers, in one competition's sequence", async () => {
    const competitionId = new mongoose.Types.ObjectId().toHexString();
    const numbers = await Promise.all(Array.from({ length: 20 }, () => claimEntryNumber(competitionId, 2026)));
    expect(new Set(numbers).size).toBe(20);
    expect([...numbers].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `YC2026-${String(i + 1).padStart(3, "0")}`));
  });

  it("numbers each competition on its own", async () => {
    const [a, b] = [new mongoose.Types.ObjectId().toHexString(), new mongoose.Types.ObjectId().toHexString()];
    expect(await claimEntryNumber(a, 2025)).toBe("YC2025-001");
    expect(await claimEntryNumber(b, 2026)).toBe("YC2026-001");
    expect(await claimEntryNumber(a, 2025)).toBe("YC2025-002");
  });

  it("leaves numbered entries alone when numbering older ones again", async () => {
    await numberUnnumberedEntries();
    expect(await numberUnnumberedEntries()).toBe(0);
  });
});
