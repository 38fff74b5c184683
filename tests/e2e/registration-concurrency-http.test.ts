/**
 * 20 regulators' identical approval clicks arriving at once over HTTP: exactly one transition
 * and one log entry; every other request is sent back to the case page (Post/Redirect/Get), which
 * then says clearly that someone else acted first.
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { WorkflowTransition } from "@models/workflow-transition";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";
import { registrationApplication } from "../support/registration";

const baseUrl = inject("baseUrl");

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
});
afterAll(async () => {
  await mongoose.disconnect();
});

async function signIn(username: string) {
  return cookiesOf(await postForm(baseUrl, "/login", { username, password: DEMO_PASSWORD }));
}

async function seqOnPage(cookie: string, id: string): Promise<number> {
  const page = await (await fetch(`${baseUrl}/registrations/${id}`, { headers: { Cookie: cookie } })).text();
  return Number(/name="seq" value="(\d+)"/.exec(page)?.[1]);
}

/** A demo application in `state`, found in the regulator's queue (only read: approving one would make the demo applicant an organization). */
async function caseInState(cookie: string, state: string): Promise<{ id: string; seq: number }> {
  const queue = await (await fetch(`${baseUrl}/regulator/registrations?state=${state}`, { headers: { Cookie: cookie } })).text();
  const id = /\/registrations\/([0-9a-f]{24})/.exec(queue)?.[1];
  expect(id, `a demo application in state ${state}`).toBeTruthy();
  return { id: id!, seq: await seqOnPage(cookie, id!) };
}

/** An application of this file's own, accepted and under review, so approving it changes no demo account. */
async function caseUnderReview(cookie: string): Promise<{ id: string; seq: number }> {
  const name = `银川市并发审批测试${Date.now() % 1_000_000}服务中心`;
  const id = await registrationApplication({ name, applicant: { userId: null, name: "并发测试申请人", role: "applicant" }, regulator: { userId: null, name: "测试监管员", role: "regulator" }, accept: true });
  return { id, seq: await seqOnPage(cookie, id) };
}

describe("concurrent approvals over HTTP", () => {
  it("makes exactly one transition out of 20 identical approvals; the other 19 are sent back to the page with the conflict notice", async () => {
    const cookie = await signIn("regulator");
    const { id, seq } = await caseUnderReview(cookie);
    const before = await WorkflowTransition.countDocuments({ caseId: id });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postForm(baseUrl, `/registrations/${id}`, { intent: "APPROVE", seq: String(seq), comment: "" }, { cookie })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 303)).toHaveLength(19);
    const back = responses.filter((r) => r.status === 303).map((r) => r.headers.get("Location"));
    expect(new Set(back)).toEqual(new Set([`/registrations/${id}?conflict=APPROVE`]));
    // The page they land on says why, in bytes that are valid UTF-8 with no zero byte (React 18
    // used to pad a chunk with zeros when a Chinese character met its 2048-byte boundary, e.g.
    // "他\0\0人"; app/http/react-stream-padding.server.ts).
    const page = await fetch(`${baseUrl}${back[0]}`, { headers: { Cookie: cookie } });
    const bytes = new Uint8Array(await page.arrayBuffer());
    expect(bytes.indexOf(0), "a zero byte in the page").toBe(-1);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/\s+|<!-- -->/g, "")).toContain("该案件刚刚已被他人处理");
    expect(await WorkflowTransition.countDocuments({ caseId: id })).toBe(before + 1);
    expect(await WorkflowTransition.countDocuments({ caseId: id, event: "APPROVE" })).toBe(1);
  });

  it("sends an approval from a page that is out of date back with the conflict notice, changing nothing", async () => {
    const cookie = await signIn("regulator");
    const { id, seq } = await caseUnderReview(cookie);
    const before = await WorkflowTransition.countDocuments({ caseId: id });
    const stale = await postForm(baseUrl, `/registrations/${id}`, { intent: "APPROVE", seq: String(seq - 1) }, { cookie });
    expect(stale.status).toBe(303);
    expect(stale.headers.get("Location")).toBe(`/registrations/${id}?conflict=APPROVE`);
    expect(await WorkflowTransition.countDocuments({ caseId: id })).toBe(before);
  });

  it("refuses an applicant's attempt to approve their own application with 403", async () => {
    const cookie = await signIn("applicant");
    const regulator = await signIn("regulator");
    const { id, seq } = await caseInState(regulator, "submitted");
    const response = await postForm(baseUrl, `/registrations/${id}`, { intent: "ACCEPT", seq: String(seq) }, { cookie });
    expect(response.status).toBe(403);
  });
});
