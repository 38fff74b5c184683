/**
 * Where each kind of case is shown, and which dictionary area names its states and events.
 * Client-safe; a new workflow adds one entry (the gate-cases tab and lists use it).
 */
import type { MessageKey } from "~/i18n/i18n";

export interface CaseKindInfo {
  /** Dictionary prefix: `<labelPrefix>.state.<state>`, `<labelPrefix>.event.<EVENT>`. */
  labelPrefix: string;
  label: MessageKey;
  href: (caseId: string) => string;
}

export const CASE_KINDS: Record<string, CaseKindInfo> = {
  registration: { labelPrefix: "registration", label: "registration.title", href: (id) => `/registrations/${id}` },
  competition: { labelPrefix: "competition", label: "competition.title", href: (id) => `/regulator/competitions/${id}` },
  competitionEntry: { labelPrefix: "entry", label: "competitionAdmin.entryKind", href: (id) => `/org/competitions/entries/${id}` },
};

export function caseKindInfo(kind: string): CaseKindInfo | null {
  return CASE_KINDS[kind] ?? null;
}
