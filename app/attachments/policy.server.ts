/**
 * Who may attach and read files on which case. Attachments know nothing about workflows:
 * each feature exports a policy for its case kinds, `app/registries.server.ts` registers them
 * at start, and every upload, list, download and delete asks it.
 *
 * Answers: true (allowed), false (the user may know the case but not do this → 403), or
 * "notFound" (no such case, or the user may not even know it exists → 404).
 */
import type { SessionUser } from "~/auth/guards.server";
import type { AttachmentUse } from "~/domain/attachment-uses";

export type PolicyAnswer = boolean | "notFound";

export interface AttachmentPolicy {
  /** The uses this kind of case accepts. */
  uses: readonly AttachmentUse[];
  /**
   * The organization that owns the case (recorded on every file) — null inside when the case
   * has none yet (a registration application) — or null when there is no such case.
   */
  ownerOf(caseId: string): Promise<{ organizationId: string | null } | null>;
  canRead(user: SessionUser, caseId: string): Promise<PolicyAnswer>;
  canAttach(user: SessionUser, caseId: string, use: AttachmentUse): Promise<PolicyAnswer>;
  /** Whether draft files may still be added or deleted in the case's current state. */
  isEditable(caseId: string): Promise<boolean>;
}

const policies = new Map<string, AttachmentPolicy>();

export function registerAttachmentPolicy(caseKind: string, policy: AttachmentPolicy): void {
  if (policies.has(caseKind) && policies.get(caseKind) !== policy) {
    throw new Error(`An attachment policy for "${caseKind}" is already registered.`);
  }
  policies.set(caseKind, policy);
}

/** The policy of a case kind, or null for a kind nobody registered. */
export async function attachmentPolicy(caseKind: string): Promise<AttachmentPolicy | null> {
  return policies.get(caseKind) ?? null;
}

/** 24 hex digits: the only case ids our policies look up (anything else is "notFound"). */
export function isObjectIdString(value: string): boolean {
  return /^[0-9a-f]{24}$/i.test(value);
}
