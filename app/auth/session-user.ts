/** The signed-in user as every service sees it (read once per request by `requireUser`). */
import type { Role } from "@models/user";

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  partyInstructorId: string | null;
  /** Set by an administrator's reset: every page but the password form waits for a new one. */
  mustChangePassword?: boolean;
  passwordChangedAt?: string | null;
}
