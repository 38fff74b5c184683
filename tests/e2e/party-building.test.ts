import mongoose from "mongoose";
import { describe, expect, inject, it } from "vitest";
import { GuidanceVisit } from "@models/guidance-visit";
import { Organization } from "@models/organization";
import { User } from "@models/user";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { signInAs, browserForFile } from "../support/browser";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const { browser } = browserForFile({ database: true });

describe("party building from the regulator to the instructor", () => {
  it("assigns an instructor, refuses then saves party facts, and the instructor logs a visit", async () => {
    const instructorUser = await User.findOne({ username: "instructor" }, { partyInstructorId: 1 }).lean();
    const instructorId = String(instructorUser!.partyInstructorId);

    // The regulator picks an organization with neither a party organization nor an instructor.
    const regulator = await browser().newContext();
    const page = await regulator.newPage();
    await signInAs(page, baseUrl, "regulator", DEMO_PASSWORD);
    await page.getByRole("link", { name: "党建覆盖" }).click();
    await page.getByRole("heading", { level: 1, name: "党建工作覆盖情况" }).waitFor();
    const links = page.locator("section[aria-labelledby=uncovered] table a");
    const targetName = (await links.nth(0).textContent())!;
    const targetPath = (await links.nth(0).getAttribute("href"))!;
    const targetId = targetPath.split("/")[3]!;
    // Any organization this instructor is not sent to (other tests share the server's data, so not from the list).
    const other = await Organization.findOne(
      { _id: mongoose.trusted({ $ne: new mongoose.Types.ObjectId(targetId) }), "party.instructorId": mongoose.trusted({ $ne: new mongoose.Types.ObjectId(instructorId) }) },
      { _id: 1 },
    ).lean();
    const otherId = String(other!._id);

    await page.goto(`${baseUrl}${targetPath}`);
    await page.getByText("尚未选派党建指导员").first().waitFor();
    await page.getByLabel("选派党建指导员").selectOption(instructorId);
    await Promise.all([page.waitForURL(/notice=instructorAssigned/), page.getByRole("button", { name: "选派", exact: true }).click()]);
    await page.getByText("已选派党建指导员。").waitFor();

    // Standalone with 2 members breaks the rule: the message shows and the input is kept.
    await page.getByLabel("党组织建设", { exact: true }).selectOption("standalone");
    await page.getByLabel("正式党员人数").fill("2");
    await page.getByLabel("党组织成立日期").fill("2023-05-04");
    const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 400);
    await page.getByRole("button", { name: "保存党组织信息" }).click();
    await refused;
    await page.getByText("单独建立党组织需有 3 名以上正式党员").waitFor();
    expect(await page.getByLabel("正式党员人数").inputValue()).toBe("2");
    expect(await page.getByLabel("党组织建设", { exact: true }).inputValue()).toBe("standalone");
    expect(await page.getByLabel("党组织成立日期").inputValue()).toBe("2023-05-04");

    await page.getByLabel("正式党员人数").fill("5");
    await Promise.all([page.waitForURL(/notice=partySaved/), page.getByRole("button", { name: "保存党组织信息" }).click()]);
    await page.getByText("党组织信息已保存。").waitFor();
    const facts = page.locator(".facts").first();
    await facts.getByText("单独建").waitFor();
    await facts.getByText("2023/05/04").waitFor();
    await regulator.close();

    // The instructor sees the organization, logs a visit and finds it in the log.
    const instructor = await browser().newContext();
    const mine = await instructor.newPage();
    await signInAs(mine, baseUrl, "instructor", DEMO_PASSWORD);
    await mine.getByRole("link", { name: targetName }).click();
    await mine.getByRole("heading", { level: 1, name: targetName }).waitFor();
    await mine.getByLabel("指导内容").fill("指导新成立党支部建立“三会一课”台账");
    await mine.getByLabel("发现的问题").fill("党员学习记录不全");
    await mine.getByLabel("远程指导").check();
    await Promise.all([mine.waitForURL(/notice=visitLogged/), mine.getByRole("button", { name: "保存指导记录" }).click()]);
    await mine.getByText("指导记录已保存。").waitFor();
    const row = mine.locator("table.visit-table tbody tr", { hasText: "指导新成立党支部建立“三会一课”台账" });
    await row.getByText("远程指导").waitFor();
    await row.getByText("党员学习记录不全").waitFor();

    // The same rendered form sent twice (a double click without JavaScript) logs one visit.
    const before = await GuidanceVisit.countDocuments({ organizationId: targetId });
    const key = await mine.locator("input[name=idempotencyKey]").inputValue();
    const cookie = (await instructor.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const fields = { intent: "logVisit", idempotencyKey: key, date: "2025-01-10", mode: "onSite", topics: "重复提交测试", problemsFound: "", followUp: "" };
    const send = () => postForm(baseUrl, `/instructor/organizations/${targetId}`, fields, { cookie });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await GuidanceVisit.countDocuments({ organizationId: targetId })).toBe(before + 1);

    // An organization that exists but is not assigned to this instructor is a 404.
    const response = await mine.goto(`${baseUrl}/instructor/organizations/${otherId}`);
    expect(response?.status()).toBe(404);
    await mine.getByRole("heading", { level: 1, name: "页面不存在" }).waitFor();
    await instructor.close();
  });
});

describe("party-building access over HTTP", () => {
  const signIn = async (username: string) => cookiesOf(await postForm(baseUrl, "/login", { username, password: DEMO_PASSWORD }));

  it("lets only regulators assign instructors or read coverage, and answers nonsense filters with 400", async () => {
    const organization = await mongoose.connection.collection("organizations").findOne({}, { projection: { _id: 1 } });
    const instructor = await signIn("instructor");
    const assign = await postForm(baseUrl, `/regulator/organizations/${String(organization!._id)}/party`, { intent: "assign", instructorId: String(organization!._id) }, { cookie: instructor });
    expect(assign.status).toBe(403);
    const org = await signIn("org");
    expect((await fetch(`${baseUrl}/regulator/coverage`, { headers: { Cookie: org } })).status).toBe(403);
    const regulator = await signIn("regulator");
    const bogus = await fetch(`${baseUrl}/regulator/coverage?district=${encodeURIComponent('{"$ne":1}')}`, { headers: { Cookie: regulator } });
    expect(bogus.status).toBe(400);
    expect((await fetch(`${baseUrl}/regulator/instructors/not-an-id`, { headers: { Cookie: regulator } })).status).toBe(404);
    expect((await fetch(`${baseUrl}/instructor/organizations/not-an-id`, { headers: { Cookie: instructor } })).status).toBe(404);
  });
});
