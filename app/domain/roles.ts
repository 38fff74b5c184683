/**
 * Who uses the platform. Business roles do the bureau's work; `applicant` is someone applying
 * to register a new organization and becomes `org` once registered.
 *
 * 三员分立 (GB/T 22239-2019 level 3): system, security and audit administration are three roles.
 * An account holds exactly one role, so no account combines two of them or one with a business
 * role; app/admin/role-rules.ts decides who may grant which (ADR 016).
 */
export const BUSINESS_ROLES = ["regulator", "judge", "org", "instructor", "applicant"] as const;
export const ADMIN_ROLES = ["sysadmin", "secadmin", "auditadmin"] as const;
export const ROLES = [...BUSINESS_ROLES, ...ADMIN_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type BusinessRole = (typeof BUSINESS_ROLES)[number];
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(role: string): role is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(role);
}
