// Preloaded into the server by `npm run bench:soak` (NODE_OPTIONS=--import): on SIGUSR2 it
// prints the process's memory figures as one line, so the soak can tell the JavaScript heap
// from memory outside it (buffers, native allocations).
process.on("SIGUSR2", () => {
  const m = process.memoryUsage();
  console.log(`[memory] ${JSON.stringify({ rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}`);
});
