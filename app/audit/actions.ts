/**
 * What the audit trail records. Every action has a label in the dictionaries
 * (`audit.action.<name>`); features that record an event add their name here (ADR 016).
 */
export const AUDIT_ACTIONS = [
  "auth.signIn",
  "auth.signOut",
  "auth.lockout",
  "auth.unlock",
  "password.change",
  "password.reset",
  "account.create",
  "account.disable",
  "account.enable",
  "account.role",
  "account.bind",
  "settings.change",
  "export.excel",
  "export.pdf",
  "personalData.show",
  "backup.create",
  "backup.restore",
  "workflow.decision",
  "audit.export",
  "audit.verify",
  "access.denied",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** How a verification found the chain broken (`audit.broken.<reason>` in the dictionaries). */
export const BREAK_REASONS = ["changed", "missing", "inserted", "relinked", "linkChanged", "linkMissing"] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];
