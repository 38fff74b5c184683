declare module "vitest" {
  export interface ProvidedContext {
    /** URI of the test FerretDB with "{db}" where the database name goes. */
    mongoUriTemplate: string;
    /** The running app server (e2e project only). */
    baseUrl: string;
    /** The app server's own database (e2e project only). */
    appMongoUri: string;
    /** The app server's DATA_DIR (stored files under files/; e2e project only). */
    appDataDir: string;
    /** A stopped DATA_DIR with the demo data, to copy (the faults project, tests/ops). */
    seededDataDir: string;
  }
}
export {};
