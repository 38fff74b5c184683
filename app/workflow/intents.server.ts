/**
 * Case pages' shared server side. The one way a case page's form becomes a workflow step: read the intent, the comment and the
 * seq the page showed; check the user may send it; parse the intent's own fields; build the
 * event's payload; send it; turn refusals and conflicts into a result the page can show with
 * what the user typed.
 */
import type { z } from "zod";
import type { SessionUser } from "~/auth/guards.server";
import { formValues, parseForm, type FieldErrors } from "~/forms/parse-form";
import { describeMachine } from "./describe";
import { caseHistory, loadCase, sendEvent, WorkflowError, type Actor, type WorkflowDefinition } from "./engine.server";

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

/** Loads a case the user may see, or answers 404 (also for cases of other kinds). */
export async function loadCaseOr404(caseId: string, kinds: readonly string[], visible: (workflowCase: Awaited<ReturnType<typeof loadCase>>["workflowCase"]) => boolean) {
  const loaded = await loadCase(caseId).catch((error: unknown) => {
    if (error instanceof WorkflowError && error.code === "notFound") throw new Response("Not Found", { status: 404 });
    throw error;
  });
  if (!kinds.includes(loaded.workflowCase.kind) || !visible(loaded.workflowCase)) throw new Response("Not Found", { status: 404 });
  return loaded;
}

export async function runIntent(user: SessionUser, caseId: string, formData: FormData, rulesFor: (intent: string) => IntentRules): Promise<IntentResult> {
  const intent = String(formData.get("intent") ?? "");
  const comment = String(formData.get("comment") ?? "").slice(0, 2000);
  const seq = Number(formData.get("seq"));
  const rules = rulesFor(intent);
  if (!rules.allowed) return { ok: false, status: 403, intent, errors: { _form: "workflow.error.forbiddenEvent" }, values: {} };

  let fields: Record<string, unknown> = {};
  if (rules.schema) {
    const form = parseForm(rules.schema, formData);
    if (!form.ok) return { ok: false, status: 400, intent, errors: form.errors, values: { ...form.values, comment } };
    fields = form.data as Record<string, unknown>;
  }
  const payload = rules.payload ? await rules.payload(fields) : fields;
  if ("refuse" in payload && typeof payload.refuse === "object") {
    // The form comes back with what the user typed, not only the comment.
    const values = formValues(formData, [...Object.keys(rules.schema?.shape ?? {}), "comment"]);
    return { ok: false, status: 400, intent, errors: payload.refuse as FieldErrors, values };
  }
  try {
    await sendEvent(caseId, { type: intent, ...payload }, { actor: actorOf(user), comment, expectedSeq: Number.isInteger(seq) ? seq : undefined });
    return { ok: true, intent };
  } catch (error) {
    if (error instanceof WorkflowError && error.code !== "unknownVersion") {
      const values = formValues(formData, [...Object.keys(rules.schema?.shape ?? {}), "comment"]);
      return { ok: false, status: error.status, intent, errors: { _form: error.messageKey }, params: error.params as Record<string, string | number>, values };
    }
    throw error;
  }
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
