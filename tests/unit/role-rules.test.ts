import { describe, expect, it } from "vitest";
import { assignableRoles, mayAdminister, mayCreateAccounts, type AccountAction } from "~/admin/role-rules";
import { ADMIN_ROLES, BUSINESS_ROLES, ROLES, type Role } from "~/domain/roles";

const ACTIONS: AccountAction[] = ["disable", "enable", "resetPassword", "changeRole", "bind"];
const as = (role: Role, id = "actor") => ({ id, role });

describe("三员分立: who administers which account", () => {
  it("gives every account exactly one role, and no role is both administrative and business", () => {
    expect(ROLES).toHaveLength(new Set(ROLES).size);
    expect(ADMIN_ROLES.filter((r) => (BUSINESS_ROLES as readonly string[]).includes(r))).toEqual([]);
  });

  it("lets the system administrator administer business accounts only", () => {
    for (const target of BUSINESS_ROLES) for (const action of ACTIONS) expect(mayAdminister(as("sysadmin"), as(target, "t"), action)).toBe(true);
    for (const target of ADMIN_ROLES) for (const action of ACTIONS) expect(mayAdminister(as("sysadmin"), as(target, "t"), action)).toBe(false);
    expect(mayCreateAccounts("sysadmin")).toBe(true);
    expect(assignableRoles("sysadmin")).toEqual(BUSINESS_ROLES);
  });

  it("lets the security administrator disable, enable and reset administrators only, never change roles", () => {
    for (const target of ADMIN_ROLES) {
      expect(ACTIONS.filter((action) => mayAdminister(as("secadmin"), as(target, "t"), action))).toEqual(["disable", "enable", "resetPassword"]);
    }
    for (const target of BUSINESS_ROLES) for (const action of ACTIONS) expect(mayAdminister(as("secadmin"), as(target, "t"), action)).toBe(false);
    expect(mayCreateAccounts("secadmin")).toBe(false);
    expect(assignableRoles("secadmin")).toEqual([]);
  });

  it("lets the audit administrator and every business role administer nothing", () => {
    for (const actor of ["auditadmin", ...BUSINESS_ROLES] as Role[]) {
      expect(mayCreateAccounts(actor)).toBe(false);
      for (const target of ROLES) for (const action of ACTIONS) expect(mayAdminister(as(actor), as(target, "t"), action)).toBe(false);
    }
  });

  it("lets nobody administer their own account", () => {
    for (const role of ROLES) for (const action of ACTIONS) expect(mayAdminister(as(role, "same"), as(role, "same"), action)).toBe(false);
  });
});
