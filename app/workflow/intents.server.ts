/**
 * Case pages' shared server side: the one door through which a person's click becomes a workflow
 * step. Given the intent, the comment and the seq the page showed (`parseStep`); check the user may send it;
 * parse the intent's own fields; build the event's payload; send it with the page's seq (a page
 * that is out of date gets the conflict message); turn refusals and conflicts into a result the
 * page can show with what the user typed.
 */
import { redirect } from "@remix-run/node";
import type { z } from "zod";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import { formValues, parseForm, type FieldErrors, type StepForm } from "~/forms/parse-form";
import type { MessageKey } from "~/i18n/i18n";
import { describeMachine } from "./describe";
import { caseAsCommittedHere, caseHistory, loadCase, outdatedHere, sendEvent, WorkflowError, type Actor, type WorkflowDefinition } from "./engine.server";

export type IntentResult =
  | { ok: true; intent: string }
  | { ok: false; status: number; intent: string; errors: FieldErrors; params?: Record<string, string | number>; values: Record<string, string> };

export interface IntentRules {
  /** May this user send this intent on this case at all (roles, ownership)? */
  allowed: boolean;
  /** The intent's own form fields, if it has any. */
  schema?: z.ZodObject;
  /**
   * Builds the event's payload from the parsed fields (facts from the database go here, so the
   * machine stays pure); may refuse with field errors instead.
   */
  payload?: (fields: Record<string, unknown>) => Promise<Record<string, unknown> | { refuse: FieldErrors }>;
}

export function actorOf(user: SessionUser): Actor {
  return { userId: user.id, name: user.displayName, role: user.role };
}

/**
 * Loads a case the user may see, or answers 404 (also for cases of other kinds). For a step sent
 * from a page (`pageSeq`) that this process already knows to be out of date, the case as this
 * process's own step left it serves instead (who may see it does not change with steps): the
 * step is then refused as a conflict without reading the database.
 */
export async function loadCaseOr404(caseId: string, kinds: readonly string[], visible: (workflowCase: Awaited<ReturnType<typeof loadCase>>["workflowCase"]) => boolean, pageSeq?: number) {
  if (pageSeq !== undefined && (await outdatedHere(caseId, pageSeq))) {
    const copy = caseAsCommittedHere(caseId);
    if (copy && kinds.includes(copy.workflowCase.kind) && visible(copy.workflowCase)) return copy;
  }
  const loaded = await loadCase(caseId).catch((error: unknown) => {
    if (error instanceof WorkflowError && error.code === "notFound") throw new Response("Not Found", { status: 404 });
    throw error;
  });
  if (!kinds.includes(loaded.workflowCase.kind) || !visible(loaded.workflowCase)) throw new Response("Not Found", { status: 404 });
  return loaded;
}

const requestsInFlight = new Map<string, Promise<unknown>>();

/**
 * Handles a page's step request for a case after the ones this process is already handling for
 * that case, in arrival order. A double click's losers then find the winner's step done and their
 * page out of date in memory (loadCaseOr404 with the page's seq, isStale): each costs its sign-in
 * check and a redirect, nothing more, and the winner is not slowed by them. Across processes the
 * log insert still decides; this only spares the database.
 */
export async function oneRequestPerCase<T>(caseId: string, work: () => Promise<T>): Promise<T> {
  const mine = (requestsInFlight.get(caseId) ?? Promise.resolve()).then(work, work);
  const done = mine.then(
    () => undefined,
    () => undefined,
  );
  requestsInFlight.set(caseId, done);
  try {
    return await mine;
  } finally {
    if (requestsInFlight.get(caseId) === done) requestsInFlight.delete(caseId);
  }
}

export type StepOutcome = { ok: true } | { ok: false; status: number; messageKey: MessageKey; params: Record<string, string | number> };

/**
 * Sends one step a person took from a page, with the seq that page showed. Refusals and conflicts
 * come back as an outcome (the message key says why); anything else is thrown.
 */
export async function sendIntent(user: SessionUser, caseId: string, event: { type: string } & Record<string, unknown>, options: { seq?: number; comment?: string } = {}): Promise<StepOutcome> {
  try {
    await sendEvent(caseId, event, { actor: actorOf(user), comment: options.comment, expectedSeq: options.seq });
    return { ok: true };
  } catch (error) {
    if (error instanceof WorkflowError && error.code !== "unknownVersion") {
      return { ok: false, status: error.status, messageKey: error.messageKey, params: error.params as Record<string, string | number> };
    }
    throw error;
  }
}

/**
 * A page that is out of date answers at once, before any of the work of building the step: from
 * memory when this process has just moved the case (a double click's losers wait for the winner's
 * step, then need no database at all), else from the case's seq, one _id lookup. The log insert
 * remains the guarantee; this spares the losers the work of computing the step's facts.
 */
export async function isStale(caseId: string, seq: number | undefined): Promise<boolean> {
  if (seq === undefined) return false;
  if (await outdatedHere(caseId, seq)) return true;
  const current = await WorkflowCase.findById(caseId, { seq: 1 }).lean();
  return current !== null && current.seq !== seq;
}

export const CONFLICT: StepOutcome = { ok: false, status: 409, messageKey: "workflow.error.conflict", params: {} };

/** Is this refusal "someone acted first" (the page was out of date, or lost a double click)? */
export const isConflict = (messageKey: string | undefined) => messageKey === "workflow.error.conflict";

/**
 * The answer to a step that lost to another (a double click, two people at once, a stale page):
 * back to the page it came from with `conflict=<intent>` (Post/Redirect/Get), so each loser costs a
 * redirect instead of a render of the whole page; the page shows the conflict message from the
 * address (ConflictNotice), over its current state. `details` add what the page should name
 * (e.g. the voucher number that was not recorded).
 */
export function conflictRedirect(request: Request, intent: string, details: Record<string, string> = {}): Response {
  const url = new URL(request.url);
  for (const stale of ["done", "notice", "conflict"]) url.searchParams.delete(stale);
  url.searchParams.set("conflict", intent);
  for (const [key, value] of Object.entries(details)) url.searchParams.set(key, value);
  return redirect(`${url.pathname}?${url.searchParams}`, 303);
}

/**
 * A step from a page (its form read by `parseStep`, which already refused intents the page cannot
 * send): stale pages first, then who may send it, the intent's own fields, the payload, the step.
 */
export async function runIntent<I extends string>(user: SessionUser, caseId: string, step: StepForm<I>, rulesFor: (intent: I) => IntentRules): Promise<IntentResult> {
  const { intent, comment, seq } = step;
  const rules = rulesFor(intent);
  const typed = () => formValues(step.fields, [...Object.keys(rules.schema?.shape ?? {}), "comment"]);
  // First, since what the user may do depends on the case as it is now, not as their page showed it.
  if (await isStale(caseId, seq)) return { ok: false, status: 409, intent, errors: { _form: "workflow.error.conflict" }, values: typed() };
  if (!rules.allowed) return { ok: false, status: 403, intent, errors: { _form: "workflow.error.forbiddenEvent" }, values: {} };

  let fields: Record<string, unknown> = {};
  if (rules.schema) {
    const form = parseForm(rules.schema, step.fields);
    if (!form.ok) return { ok: false, status: 400, intent, errors: form.errors, values: { ...form.values, comment } };
    fields = form.data as Record<string, unknown>;
  }
  const payload = rules.payload ? await rules.payload(fields) : fields;
  if ("refuse" in payload && typeof payload.refuse === "object") {
    // The form comes back with what the user typed, not only the comment.
    return { ok: false, status: 400, intent, errors: payload.refuse as FieldErrors, values: typed() };
  }
  const outcome = await sendIntent(user, caseId, { type: intent, ...payload }, { seq, comment });
  if (outcome.ok) return { ok: true, intent };
  return { ok: false, status: outcome.status, intent, errors: { _form: outcome.messageKey }, params: outcome.params, values: typed() };
}

/**
 * What every case page shows besides its own facts: the machine's diagram, the states the
 * case has passed, and its history (the transition log, for CaseTimeline).
 */
export async function caseTrail(caseId: string, definition: WorkflowDefinition) {
  const history = await caseHistory(caseId);
  return {
    diagram: describeMachine(definition.machine, Object.keys(definition.effects ?? {})),
    visited: [...new Set(history.flatMap((h) => [h.from, h.to]).filter(Boolean))],
    history: history.map((h) => ({
      seq: h.seq,
      event: h.event,
      from: h.from,
      to: h.to,
      actorName: h.actor.name,
      actorRole: h.actor.role,
      comment: h.comment,
      payload: (h.payload ?? {}) as Record<string, unknown>,
      at: h.at.toISOString(),
    })),
  };
}
