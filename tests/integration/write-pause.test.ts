/**
 * The write pause a backup takes (ADR 013), on the real database: it waits for writes in flight,
 * refuses new ones while it holds, lets one pause at a time, ignores processes that are gone,
 * and writes resume once it is released.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppInstance, WritePause } from "@models/maintenance";
import { pauseWrites, watchWritePause, withWriteSlot, WritesPausedError, writesPaused } from "~/maintenance/write-pause.server";

const until = async (condition: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
};

let watch: { stop(): Promise<void> };
beforeAll(async () => {
  watch = await watchWritePause();
});
afterAll(async () => {
  await watch.stop();
});

describe("the write pause", () => {
  it("holds until the write in flight is done, refuses new writes while held, and lets them go on release", async () => {
    let finishWrite: () => void = () => {};
    const inFlight = withWriteSlot(() => new Promise<string>((resolve) => (finishWrite = () => resolve("written"))));
    let held = false;
    const pausing = pauseWrites("test", { waitMs: 20_000 }).then((pause) => {
      held = true;
      return pause;
    });
    expect(await until(writesPaused)).toBe(true);
    await expect(withWriteSlot(async () => "late")).rejects.toBeInstanceOf(WritesPausedError);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the watcher has reported at least once meanwhile
    expect(held).toBe(false);

    finishWrite();
    expect(await inFlight).toBe("written");
    const pause = await pausing;
    expect(held).toBe(true);
    await expect(pauseWrites("a second backup", { waitMs: 1_000 })).rejects.toThrow(/already paused/);

    await pause.release();
    expect(await until(() => !writesPaused())).toBe(true);
    expect(await withWriteSlot(async () => "after")).toBe("after");
    expect(await WritePause.countDocuments({})).toBe(0);
  });

  it("does not wait for a process that stopped reporting, and gives up on one that stays busy", async () => {
    await AppInstance.create({ _id: "gone:1:dead", host: "gone", pid: 1, startedAt: new Date(0), seenAt: new Date(Date.now() - 60_000), holdingFor: null });
    const pause = await pauseWrites("test", { waitMs: 10_000 });
    await pause.release();
    expect(await until(() => !writesPaused())).toBe(true);

    let finishWrite: () => void = () => {};
    const busy = withWriteSlot(() => new Promise<void>((resolve) => (finishWrite = resolve)));
    await expect(pauseWrites("test", { waitMs: 2_000 })).rejects.toThrow(/still had writes in flight/);
    finishWrite();
    await busy;
    expect(await WritePause.countDocuments({})).toBe(0); // given up: released at once
    expect(await until(() => !writesPaused())).toBe(true);
  });
});
