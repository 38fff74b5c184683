/**
 * Labels of values that arrive as plain strings (from the database or a case's log), without
 * casting a built key to `MessageKey`:
 * - `vocabularyLabel` for a value of a known vocabulary (organization types, credit lists …):
 *   the key is built from the vocabulary's type, so a missing dictionary entry is a type error;
 * - `workflowLabel` for a workflow's states, steps and step fields, whose dictionary area comes
 *   with the case kind (`<labelPrefix>.state.<state>`, `.event.<EVENT>`, `.field.<name>`), and
 *   `actorRoleLabel` for the role recorded with a step: these keys are checked against the
 *   dictionary at run time (tests/unit/workflow-labels.test.ts keeps every machine's states and
 *   events in it).
 * A value outside the vocabulary, or a key the dictionary lacks, shows the raw value, not a dotted key.
 */
import { isOneOf } from "~/domain/vocabulary";
import { isMessageKey, type MessageKey, type Translate } from "./i18n";

/** `keyOf(value)` translated when `value` is one of `values`; the raw value otherwise. */
export function vocabularyLabel<Value extends string>(t: Translate, values: readonly Value[], keyOf: (value: Value) => MessageKey, value: string): string {
  return isOneOf(values, value) ? t(keyOf(value)) : value;
}

export type WorkflowLabelPart = "state" | "event" | "field";

/** The dictionary key of a workflow's state, step or step field, or null when the dictionary has none. */
export function workflowLabelKey(labelPrefix: string, part: WorkflowLabelPart, id: string): MessageKey | null {
  const key = `${labelPrefix}.${part}.${id}`;
  return isMessageKey(key) ? key : null;
}

/** A workflow's state, step or step field in the reader's language; the raw id when the dictionary has no entry. */
export function workflowLabel(t: Translate, labelPrefix: string, part: WorkflowLabelPart, id: string): string {
  const key = workflowLabelKey(labelPrefix, part, id);
  return key ? t(key) : id;
}

/** The role an actor had when it acted, as recorded (it includes the sweeper's `system`); the raw role when unknown. */
export function actorRoleLabel(t: Translate, role: string): string {
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
}
