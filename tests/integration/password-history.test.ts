import { describe, expect, it } from "vitest";
import { User } from "@models/user";
import { mustChangePassword, type SessionUser } from "~/auth/guards.server";
import { newPasswordProblems, passwordUpdate } from "~/auth/passwords.server";

const DAY = 24 * 60 * 60 * 1000;

describe("password history and expiry (defaults: no reuse of the last 5, expiry after 90 days)", () => {
  it("refuses each of the last five passwords and allows the one before them", async () => {
    const passwords = ["Autumn-Leaf-01", "Autumn-Leaf-02", "Autumn-Leaf-03", "Autumn-Leaf-04", "Autumn-Leaf-05", "Autumn-Leaf-06"];
    const created = await User.create({ username: "history-check", displayName: "历史", role: "judge", ...(await passwordUpdate({}, passwords[0]!, { temporary: false })) });
    for (const next of passwords.slice(1)) {
      const account = (await User.findById(created._id).lean())!;
      expect(await newPasswordProblems(account, next), next).toEqual([]);
      await User.updateOne({ _id: created._id }, { $set: await passwordUpdate(account, next, { temporary: false }) });
    }
    const account = (await User.findById(created._id).lean())!;
    for (const recent of passwords.slice(1)) expect(await newPasswordProblems(account, recent), recent).toEqual(["password.error.reused"]);
    expect(await newPasswordProblems(account, passwords[0]!)).toEqual([]);
  }, 120_000);

  it("asks for a new password once the last change is more than 90 days old, and not before", async () => {
    const now = Date.UTC(2026, 11, 3, 4, 0);
    const user = (changedDaysAgo: number): SessionUser => ({
      id: "64b000000000000000000009",
      username: "expiry-check",
      displayName: "到期",
      role: "regulator",
      organizationId: null,
      partyInstructorId: null,
      mustChangePassword: false,
      passwordChangedAt: new Date(now - changedDaysAgo * DAY).toISOString(),
    });
    expect(await mustChangePassword(user(89), now)).toBe(false);
    expect(await mustChangePassword(user(90), now)).toBe(false);
    expect(await mustChangePassword(user(91), now)).toBe(true);
    // A reset's temporary password must be changed whatever its age.
    expect(await mustChangePassword({ ...user(0), mustChangePassword: true }, now)).toBe(true);
  });
});
