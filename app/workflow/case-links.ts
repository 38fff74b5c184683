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
  annualReport: { labelPrefix: "annualReport", label: "workbench.kind.annualReport", href: (id) => `/annual-reports/${id}` },
  deregistration: { labelPrefix: "deregistration", label: "exitGate.kind.deregistration", href: (id) => `/exits/${id}` },
  revocation: { labelPrefix: "revocation", label: "exitGate.kind.revocation", href: (id) => `/exits/${id}` },
};

/** Where a regulator opens a case (the organization's own pages differ for entries). */
export function regulatorCaseHref(kind: string, caseId: string): string | null {
  if (kind === "competitionEntry") return `/regulator/competitions/entries/${caseId}`;
  return CASE_KINDS[kind]?.href(caseId) ?? null;
}

export function caseKindInfo(kind: string): CaseKindInfo | null {
  return CASE_KINDS[kind] ?? null;
}
