import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/auth/guards.server";

describe("redirect after sign-in", () => {
  it.each([
    ["/regulator?page=2", "/regulator?page=2"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    [null, "/"],
  ])("sends %s to %s", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
