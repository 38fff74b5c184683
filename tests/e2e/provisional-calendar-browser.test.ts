/**
 * A working-day deadline counted into a year whose holiday notice is not out yet says so where it
 * is shown: a hearing notice served on 28 December 2026 runs to 5 January 2027 on the provisional
 * calendar, and the revocation page marks the deadline "（按暂行日历计算）" (ADR 014). The instants are
 * fixed, so the test does not depend on the day it runs.
 */
import { describe, expect, inject, it } from "vitest";
import { Organization } from "@models/organization";
import { User } from "@models/user";
import { createCase, sendEvent } from "~/workflow/engine.server";
import { REVOCATION_KIND } from "~/exit-gate/exit-workflows.server";
import { browserForFile } from "../support/browser";

const baseUrl = inject("baseUrl");
const { asUser } = browserForFile({ database: true });
const sh = (local: string) => new Date(`${local}+08:00`);

describe("the provisional working-day calendar in the browser", () => {
  it("marks a hearing deadline counted into 2027 as provisional beside its clock", async () => {
    const user = (await User.findOne({ username: "regulator" }, { _id: 1, displayName: 1 }).lean())!;
    const actor = { userId: String(user._id), name: user.displayName, role: "regulator" };
    const organization = (await Organization.findOne({ status: "registered" }, { _id: 1, name: 1 }).sort({ nameSortKey: -1 }).lean())!;
    const created = await createCase({ kind: REVOCATION_KIND, input: { ground: "other", grounds: "端到端：暂行日历" }, title: organization.name, organizationId: String(organization._id), actor, now: sh("2026-12-21T10:00:00") });
    const id = String(created._id);
    await sendEvent(id, { type: "BEGIN_INVESTIGATION" }, { actor, now: sh("2026-12-21T10:00:00") });
    await sendEvent(id, { type: "RECORD_EVIDENCE", text: "实地核查记录" }, { actor, now: sh("2026-12-21T11:00:00") });
    await sendEvent(id, { type: "NOTIFY_HEARING_RIGHT" }, { actor, now: sh("2026-12-28T10:00:00") });

    const regulator = await asUser("regulator");
    await regulator.goto(`${baseUrl}/exits/${id}`);
    const head = regulator.locator(".page-head__status");
    await head.locator(".provisional-calendar").waitFor();
    expect(await head.locator(".due-clock").innerText()).toMatch(/2027\D0?1\D0?5/);
    expect(await head.locator(".provisional-calendar").innerText()).toContain("按暂行日历计算");
    // The reason is there for screen readers (and on hover).
    expect(await head.locator(".provisional-calendar").getAttribute("title")).toContain("节假日安排尚未公布");
  });
});
