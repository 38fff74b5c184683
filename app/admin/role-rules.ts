/**
 * 三员分立: who may do what to which account (ADR 016). Pure, so pages show only what the
 * server will allow, and the server decides with the same rules.
 *
 *  - the system administrator keeps business accounts: creates them, disables and enables
 *    them, moves them between business roles, binds organization users, resets passwords;
 *  - the security administrator keeps the administrators' accounts (disable, enable, reset)
 *    and unlocks any account; the password, lockout and session settings are theirs too;
 *  - the audit administrator reads and exports the audit trail and acts on no account;
 *  - nobody administers their own account (they change their own password like anyone);
 *  - administrative roles are given only at installation (`npm run create-admin`), never in
 *    the app, so no administrator can make an account that holds a second administrator's power.
 */
import { BUSINESS_ROLES, isAdminRole, type BusinessRole, type Role } from "~/domain/roles";

export type AccountAction = "disable" | "enable" | "resetPassword" | "changeRole" | "bind";

export function mayCreateAccounts(actorRole: Role): boolean {
  return actorRole === "sysadmin";
}

/** May `actor` do `action` to an account with `targetRole` (not their own)? */
export function mayAdminister(actor: { id: string; role: Role }, target: { id: string; role: Role }, action: AccountAction): boolean {
  if (actor.id === target.id) return false;
  if (actor.role === "sysadmin") return !isAdminRole(target.role);
  if (actor.role === "secadmin") return isAdminRole(target.role) && (action === "disable" || action === "enable" || action === "resetPassword");
  return false;
}

/** The roles the system administrator may give a business account. */
export function assignableRoles(actorRole: Role): readonly BusinessRole[] {
  return actorRole === "sysadmin" ? BUSINESS_ROLES : [];
}
