/** What the HTTP server hands every loader and action (see scripts/serve.ts). */
declare module "@remix-run/node" {
  // Loader/action data types follow single fetch (v3_singleFetch is on in remix.config.js).
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    clientAddress: string;
    cspNonce: string;
  }
}

export {};
