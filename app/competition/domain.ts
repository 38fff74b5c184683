/** The competition's vocabulary lives with the shared rules (models and machines use it): app/domain/competition.ts. */
export * from "~/domain/competition";
