/**
 * Typed reads of one kind's stored cases. A case's snapshot and data are stored as JSON the
 * engine does not type; each workflow names their shape once (`caseShape<Context, Data>()` beside
 * its definition) and its readers ask that, instead of casting at every read.
 */
export interface CaseShape<TContext, TData> {
  /** The machine's context of a stored snapshot (the case's, a log row's) or of a restored one. */
  contextOf(snapshot: unknown): TContext;
  /** The case's data (the form and facts kept beside the machine). */
  dataOf(workflowCase: { data?: unknown }): TData;
}

export function caseShape<TContext, TData = Record<string, unknown>>(): CaseShape<TContext, TData> {
  return {
    contextOf: (snapshot) => (snapshot as { context: TContext }).context,
    dataOf: (workflowCase) => (workflowCase.data ?? {}) as TData,
  };
}
