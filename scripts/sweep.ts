/**
 * `npm run sweep`: one sweeper run (cron it every few minutes in production). The app also
 * sweeps itself every SWEEP_INTERVAL_SECONDS, which is what the embedded database relies on.
 * Like the app, it holds still during a backup's write pause (the run is skipped).
 */
import { watchWritePause, withWriteSlot, WritesPausedError } from "../app/maintenance/write-pause.server";
import { runSweep } from "../app/sweep.server";
import { runCommand } from "./lib/database";

await runCommand("sweep", async () => {
  const watch = await watchWritePause();
  try {
    console.log("sweep:", JSON.stringify(await withWriteSlot(() => runSweep())));
  } catch (error) {
    if (!(error instanceof WritesPausedError)) throw error;
    console.log("sweep skipped: writes are paused for a backup; the next run catches up.");
  } finally {
    await watch.stop();
  }
});
