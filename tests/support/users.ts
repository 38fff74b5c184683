import { User } from "@models/user";
import type { SessionUser } from "~/auth/guards.server";

/** A demo account as the services see it after sign-in. */
export async function sessionUser(username: string): Promise<SessionUser> {
  const u = (await User.findOne({ username }).lean())!;
  return { id: String(u._id), username: u.username, displayName: u.displayName, role: u.role, organizationId: u.organizationId ? String(u.organizationId) : null, partyInstructorId: null };
}
