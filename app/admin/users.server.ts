import { User } from "@models/user";
import type { PageParams } from "~/forms/page-params";

/** Users for the admin list; the password hash never leaves this module. */
export async function listUsers({ page, pageSize }: PageParams) {
  const [total, rows] = await Promise.all([
    User.countDocuments({}),
    User.find({}, { username: 1, displayName: 1, role: 1, lastLoginAt: 1, disabled: 1 })
      .sort({ username: 1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean(),
  ]);
  return {
    total,
    items: rows.map((u) => ({
      id: String(u._id),
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      disabled: u.disabled,
    })),
  };
}
