/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic compiler (customer's choice). v3 flags on so the move to React Router 7 stays open.
  serverModuleFormat: "esm",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
