/** Which requests may be cached as public (ADR 019): the rest of the rule is tested over HTTP (tests/e2e/http-caching-http.test.ts). */
import { describe, expect, it } from "vitest";
import { carriesSession, isPublicPath, publicValidator } from "~/http/public-cache.server";

describe("public caching", () => {
  it.each(["/", "/about", "/directory", "/directory/51640104483690279K", "/credit", "/competitions", "/competitions/abc", "/verify/ABC123", "/api/v1/organizations", "/api/v1/credit-lists"])(
    "%s is public",
    (path) => expect(isPublicPath(path)).toBe(true),
  );

  it.each(["/login", "/signup", "/regulator", "/org", "/judge/entries/x", "/files/x", "/documents/x", "/api/uploadthing", "/directory/a/b", "/about/x"])(
    "%s is not public",
    (path) => expect(isPublicPath(path)).toBe(false),
  );

  it("a session cookie anywhere in the header makes the request private; other cookies do not", () => {
    expect(carriesSession("__session=abc")).toBe(true);
    expect(carriesSession("lang=en; __session=abc")).toBe(true);
    expect(carriesSession("lang=en")).toBe(false);
    expect(carriesSession("x__session=abc")).toBe(false);
    expect(carriesSession(undefined)).toBe(false);
  });

  it("asks nothing of the database for requests that cannot be public", async () => {
    await expect(publicValidator("POST", "/directory", undefined, "v1")).resolves.toBeNull();
    await expect(publicValidator("GET", "/directory", "__session=abc", "v1")).resolves.toBeNull();
    await expect(publicValidator("GET", "/regulator", undefined, "v1")).resolves.toBeNull();
  });
});
