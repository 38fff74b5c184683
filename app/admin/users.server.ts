/**
 * Account administration (issue 14's "administration that administers", under 三员分立): list
 * and find accounts, create one with a temporary password, disable and enable, change a
 * business role, bind an organization user to an organization (an instructor account to an
 * instructor), reset a password. Every change is checked against app/admin/role-rules.ts and
 * recorded in the audit trail with who and when. Password hashes never leave this module.
 */
import mongoose from "mongoose";
import { z } from "zod";
import { Organization } from "@models/organization";
import { PartyInstructor } from "@models/party-instructor";
import { BUSINESS_ROLES, ROLES, User, type Role } from "@models/user";
import { recordAudit } from "~/audit/audit-trail.server";
import type { SessionUser } from "~/auth/guards.server";
import { passwordUpdate, temporaryPassword } from "~/auth/passwords.server";
import { endSessionsOf } from "~/auth/session.server";
import { isDuplicateKeyError } from "~/db.server";
import type { PageParams } from "~/forms/page-params";
import { parseForm, type FieldErrors, type FormFields } from "~/forms/parse-form";
import { escapeRegExp, objectIdOr404 } from "~/http/ids.server";
import { securitySettings } from "~/security/settings.server";
import { assignableRoles, mayAdminister, mayCreateAccounts, type AccountAction } from "./role-rules";
import { readPage } from "~/forms/page-query.server";

const LIST_FIELDS = { username: 1, displayName: 1, role: 1, lastLoginAt: 1, disabled: 1, mustChangePassword: 1, organizationId: 1, partyInstructorId: 1, createdAt: 1 } as const;

export const userFilterSchema = z.strictObject({
  q: z.string().trim().max(64).default(""),
  role: z.union([z.literal(""), z.enum(ROLES)]).default(""),
  status: z.enum(["", "active", "disabled"]).default(""),
  page: z.string().optional(),
  pageSize: z.string().optional(),
  /** The confirmation after a step (Post/Redirect/Get); not a filter. */
  notice: z.string().max(40).optional(),
});
export type UserFilter = z.infer<typeof userFilterSchema>;

/** Accounts for the administrators' lists, filtered by name, role and status. */
export async function listUsers(filter: UserFilter, { page, pageSize }: PageParams, roles: readonly Role[] = ROLES) {
  const query: Record<string, unknown> = { role: mongoose.trusted({ $in: filter.role ? [filter.role].filter((r) => roles.includes(r)) : [...roles] }) };
  if (filter.q) {
    const pattern = new RegExp(escapeRegExp(filter.q), "i");
    query.$or = [{ username: mongoose.trusted({ $regex: pattern }) }, { displayName: mongoose.trusted({ $regex: pattern }) }];
  }
  if (filter.status) query.disabled = filter.status === "disabled";
  const { total, rows } = await readPage(User.countDocuments(query), User.find(query, LIST_FIELDS).sort({ username: 1 }).lean(), { page, pageSize });
  return {
    total,
    items: rows.map((u) => ({
      id: String(u._id),
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      disabled: u.disabled ?? false,
      mustChangePassword: u.mustChangePassword ?? false,
    })),
  };
}

export type AccountRow = Awaited<ReturnType<typeof listUsers>>["items"][number];

async function loadAccount(id: string | undefined) {
  const account = await User.findById(objectIdOr404(id), { ...LIST_FIELDS, passwordHash: 1, passwordHistory: 1 }).lean();
  if (!account) throw new Response("Not Found", { status: 404 });
  return account;
}

/** One account as an administrator sees it: identity, role, binding, status (no business data). */
export async function accountPage(actor: SessionUser, id: string | undefined) {
  const account = await loadAccount(id);
  const target = { id: String(account._id), role: account.role };
  const [organization, instructor] = await Promise.all([
    account.organizationId ? Organization.findById(account.organizationId, { name: 1, uscc: 1 }).lean() : null,
    account.partyInstructorId ? PartyInstructor.findById(account.partyInstructorId, { name: 1, agency: 1 }).lean() : null,
  ]);
  const may = (action: AccountAction) => mayAdminister(actor, target, action);
  return {
    id: target.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    disabled: account.disabled ?? false,
    mustChangePassword: account.mustChangePassword ?? false,
    lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
    createdAt: (account as { createdAt?: Date }).createdAt?.toISOString() ?? null,
    organization: organization ? { name: organization.name, uscc: organization.uscc } : null,
    instructor: instructor ? { id: String(instructor._id), name: instructor.name, agency: instructor.agency } : null,
    allowed: {
      disable: may("disable") && !account.disabled,
      enable: may("enable") && Boolean(account.disabled),
      resetPassword: may("resetPassword"),
      changeRole: may("changeRole"),
    },
    roles: may("changeRole") ? assignableRoles(actor.role) : [],
  };
}

/** Instructors an instructor account can be bound to (names and agencies only). */
export async function instructorChoices() {
  const rows = await PartyInstructor.find({}, { name: 1, agency: 1 }).sort({ nameSortKey: 1 }).lean();
  return rows.map((r) => ({ id: String(r._id), label: `${r.name}（${r.agency}）` }));
}

const binding = {
  /** The organization an `org` account acts for, by its credit code. */
  uscc: z.string().trim().toUpperCase().max(18, "admin.error.uscc").default(""),
  partyInstructorId: z.union([z.literal(""), z.string().regex(/^[0-9a-f]{24}$/, "admin.error.instructor")]).default(""),
};

export const createAccountSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, "signup.error.username")
    .max(64, "signup.error.username")
    .regex(/^[a-z0-9._-]+$/, "login.error.usernameChars"),
  displayName: z.string().trim().min(1, "signup.error.displayName").max(32, "signup.error.displayName"),
  role: z.enum(BUSINESS_ROLES, "admin.error.role"),
  ...binding,
});

export const changeRoleSchema = z.object({ role: z.enum(BUSINESS_ROLES, "admin.error.role"), ...binding });

type Binding = { organizationId?: mongoose.Types.ObjectId; partyInstructorId?: mongoose.Types.ObjectId; label: string };

/** The organization or instructor a role needs, or the field error saying what is missing. */
async function bindingFor(role: Role, input: { uscc: string; partyInstructorId: string }): Promise<{ ok: true; binding: Binding } | { ok: false; errors: FieldErrors }> {
  if (role === "org") {
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(input.uscc)) return { ok: false, errors: { uscc: "admin.error.uscc" } };
    const organization = await Organization.findOne({ uscc: input.uscc }, { name: 1 }).lean();
    if (!organization) return { ok: false, errors: { uscc: "admin.error.noOrganization" } };
    return { ok: true, binding: { organizationId: organization._id, label: `${organization.name} ${input.uscc}` } };
  }
  if (role === "instructor") {
    if (!input.partyInstructorId) return { ok: false, errors: { partyInstructorId: "admin.error.instructor" } };
    const instructor = await PartyInstructor.findById(input.partyInstructorId, { name: 1 }).lean();
    if (!instructor) return { ok: false, errors: { partyInstructorId: "admin.error.instructor" } };
    return { ok: true, binding: { partyInstructorId: instructor._id, label: instructor.name } };
  }
  return { ok: true, binding: { label: "" } };
}

export type AccountFormResult =
  | { ok: true; id: string; username: string; temporaryPassword?: string }
  | { ok: false; status: number; errors: FieldErrors; values: Record<string, string> };

const auditObject = (account: { _id: unknown; username: string }) => ({ kind: "user", id: String(account._id), label: account.username });

/** The system administrator creates a business account; its first password is temporary and shown once. */
export async function createAccount(actor: SessionUser, fields: FormFields): Promise<AccountFormResult> {
  if (!mayCreateAccounts(actor.role)) throw new Response("Forbidden", { status: 403 });
  const form = parseForm(createAccountSchema, fields);
  if (!form.ok) return { ok: false, status: 400, errors: form.errors, values: form.values };
  const bound = await bindingFor(form.data.role, form.data);
  if (!bound.ok) return { ok: false, status: 400, errors: bound.errors, values: { ...form.data } };
  const password = temporaryPassword((await securitySettings()).password);
  const { label, ...ids } = bound.binding;
  try {
    const created = await User.create({
      username: form.data.username,
      displayName: form.data.displayName,
      role: form.data.role,
      ...ids,
      ...(await passwordUpdate({}, password, { temporary: true })),
    });
    await recordAudit({ actor, action: "account.create", object: auditObject(created), detail: { role: form.data.role, binding: label } });
    return { ok: true, id: String(created._id), username: created.username, temporaryPassword: password };
  } catch (error) {
    // Only administrators reach this form: naming a taken username tells them nothing new.
    if (isDuplicateKeyError(error)) return { ok: false, status: 400, errors: { username: "admin.error.taken" }, values: { ...form.data } };
    throw error;
  }
}

function refuseUnless(allowed: boolean): void {
  if (!allowed) throw new Response("Forbidden", { status: 403 });
}

/** Disables or enables an account; disabling ends its sessions at once. */
export async function setDisabled(actor: SessionUser, id: string | undefined, disabled: boolean): Promise<void> {
  const account = await loadAccount(id);
  refuseUnless(mayAdminister(actor, { id: String(account._id), role: account.role }, disabled ? "disable" : "enable"));
  if (Boolean(account.disabled) === disabled) return;
  await User.updateOne({ _id: account._id }, { $set: { disabled } });
  if (disabled) await endSessionsOf(String(account._id));
  await recordAudit({ actor, action: disabled ? "account.disable" : "account.enable", object: auditObject(account) });
}

/** A new business role (with the organization or instructor it needs); the account's sessions end. */
export async function changeRole(actor: SessionUser, id: string | undefined, fields: FormFields): Promise<AccountFormResult> {
  const account = await loadAccount(id);
  refuseUnless(mayAdminister(actor, { id: String(account._id), role: account.role }, "changeRole"));
  const form = parseForm(changeRoleSchema, fields);
  if (!form.ok) return { ok: false, status: 400, errors: form.errors, values: form.values };
  refuseUnless(assignableRoles(actor.role).includes(form.data.role));
  const bound = await bindingFor(form.data.role, form.data);
  if (!bound.ok) return { ok: false, status: 400, errors: bound.errors, values: { ...form.data } };
  const { label, ...ids } = bound.binding;
  const before = { role: account.role, organizationId: String(account.organizationId ?? ""), partyInstructorId: String(account.partyInstructorId ?? "") };
  const after = { role: form.data.role, organizationId: String(ids.organizationId ?? ""), partyInstructorId: String(ids.partyInstructorId ?? "") };
  if (before.role === after.role && before.organizationId === after.organizationId && before.partyInstructorId === after.partyInstructorId) {
    return { ok: true, id: String(account._id), username: account.username };
  }
  const unset: Record<string, 1> = {};
  if (!ids.organizationId) unset.organizationId = 1;
  if (!ids.partyInstructorId) unset.partyInstructorId = 1;
  await User.updateOne({ _id: account._id }, { $set: { role: form.data.role, ...ids }, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { runValidators: true });
  await endSessionsOf(String(account._id));
  const action = before.role === after.role ? "account.bind" : "account.role";
  await recordAudit({ actor, action, object: auditObject(account), detail: { from: before.role, to: after.role, binding: label } });
  return { ok: true, id: String(account._id), username: account.username };
}

/** A temporary password (shown once to the administrator), to be changed at the next sign-in. */
export async function resetPassword(actor: SessionUser, id: string | undefined): Promise<{ username: string; temporaryPassword: string }> {
  const account = await loadAccount(id);
  refuseUnless(mayAdminister(actor, { id: String(account._id), role: account.role }, "resetPassword"));
  const password = temporaryPassword((await securitySettings()).password);
  await User.updateOne({ _id: account._id }, { $set: await passwordUpdate(account, password, { temporary: true }) });
  await endSessionsOf(String(account._id));
  await recordAudit({ actor, action: "password.reset", object: auditObject(account) });
  return { username: account.username, temporaryPassword: password };
}
