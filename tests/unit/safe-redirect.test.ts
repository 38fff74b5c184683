import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/http/safe-redirect";

describe("redirect after sign-in", () => {
  it.each([
    ["/regulator?page=2", "/regulator?page=2"],
    ["/regulator/organizations?q=%E5%8D%8F%E4%BC%9A#top", "/regulator/organizations?q=%E5%8D%8F%E4%BC%9A#top"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    // Browsers drop tabs and line breaks from a Location: these would lead to //evil.example.
    ["/\t/evil.example/phish", "/"],
    ["/\t\\evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/\r\nSet-Cookie: x=1", "/"],
    ["/\u0000", "/"],
    ["/ /evil.example", "/"],
    ["/a\\..\\..\\evil", "/"],
    [null, "/"],
    [["/regulator"], "/"],
  ])("sends %j to %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it("normalizes dot segments instead of passing them through", () => {
    expect(safeRedirectPath("/org/../admin")).toBe("/admin");
  });
});
