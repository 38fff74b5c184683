/**
 * HTTP caching over real HTTP against the built server (ADR 019): public pages and open data carry
 * a validator from the read-model tokens and answer 304 while it is current; a write changes it;
 * signed-in responses are never stored and never get a 304.
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { touchReadModel } from "@models/read-model-version";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 30_000 });
});
afterAll(async () => {
  await mongoose.disconnect();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers, redirect: "manual" });
  return { response, body: await response.text() };
}

describe("public pages and open data", () => {
  it.each(["/", "/directory", "/credit", "/competitions", "/api/v1/organizations", "/api/v1/credit-lists?list=abnormal"])(
    "%s answers 304 to a request that names its current validator, and proxies may keep it a few seconds",
    async (path) => {
      const first = await get(path);
      expect(first.response.status).toBe(200);
      const etag = first.response.headers.get("etag");
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.response.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=30");
      expect(first.response.headers.get("vary")).toMatch(/cookie/i);

      const again = await get(path, { "If-None-Match": etag! });
      expect(again.response.status).toBe(304);
      expect(again.body).toBe("");
      expect(again.response.headers.get("etag")).toBe(etag);

      const stale = await get(path, { "If-None-Match": 'W/"some-older-validator"' });
      expect(stale.response.status).toBe(200);
      expect(stale.body.length).toBeGreaterThan(0);
    },
  );

  it("a write to data the page shows changes the validator, so the next conditional request gets the page again", async () => {
    const before = (await get("/directory")).response.headers.get("etag")!;
    expect((await get("/directory", { "If-None-Match": before })).response.status).toBe(304);
    await touchReadModel("organizations"); // what every write to an organization does (ADR 007)
    const after = await get("/directory", { "If-None-Match": before });
    expect(after.response.status).toBe(200);
    expect(after.response.headers.get("etag")).not.toBe(before);
  });

  it("the language is part of the validator: the English page is not the Chinese page's 304", async () => {
    const chinese = (await get("/directory")).response.headers.get("etag")!;
    const english = await get("/directory", { Cookie: "lang=en", "If-None-Match": chinese });
    expect(english.response.status).toBe(200);
    expect(english.response.headers.get("etag")).not.toBe(chinese);
  });

  it("a page that is not found carries no validator and may not be kept", async () => {
    const { response } = await get("/directory/not-a-credit-code");
    expect(response.status).toBe(404);
    expect(response.headers.get("etag")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-cache");
  });
});

describe("signed-in responses", () => {
  let cookie = "";
  beforeAll(async () => {
    const response = await postForm(baseUrl, "/login", { username: "regulator", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    cookie = cookiesOf(response);
  });

  it.each(["/directory", "/about", "/regulator", "/api/v1/organizations"])("%s is private, never stored, and has no validator", async (path) => {
    const anonymousEtag = (await get(path)).response.headers.get("etag");
    const { response } = await get(path, { Cookie: cookie, ...(anonymousEtag ? { "If-None-Match": anonymousEtag } : {}) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("etag")).toBeNull();
  });
});
