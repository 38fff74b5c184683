import { describe, expect, it } from "vitest";
import { characterClasses, passwordProblems, PUBLISHED_DEMO_PASSWORD } from "~/auth/password-policy";
import { DEFAULT_SECURITY_SETTINGS, securitySettingsFormSchema, settingsFromForm, settingsToForm } from "~/security/security-settings";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";

const policy = DEFAULT_SECURITY_SETTINGS.password;
const check = (password: string, options: { username?: string; publishedAllowed?: boolean } = {}) =>
  passwordProblems(password, { username: options.username ?? "zhangsan", policy, publishedAllowed: options.publishedAllowed ?? false });

describe("the password policy (defaults: 10 characters, 3 of 4 classes, no username, no common or published password)", () => {
  it.each([
    ["aaaaaaaaaa", "password.error.classes"],
    ["1234567890", "password.error.classes"],
    ["Abc-12", "password.error.tooShort"],
    ["Zhangsan@2026x", "password.error.containsUsername"],
    ["Password@2026", "password.error.common"],
    ["Admin123!abc".slice(0, 9) + "!", "password.error.common"],
    ["Woaini1314!", "password.error.common"],
  ])("refuses %s (%s), as the security test found them accepted", (password, problem) => {
    expect(check(password)).toContain(problem);
  });

  it("refuses the username itself", () => {
    expect(check("Zhang.San-01", { username: "zhang.san-01" })).toContain("password.error.containsUsername");
  });

  it("refuses the README's published demo password outside development, allows it where the demo is seeded", () => {
    expect(DEMO_PASSWORD).toBe(PUBLISHED_DEMO_PASSWORD);
    expect(check(PUBLISHED_DEMO_PASSWORD)).toEqual(["password.error.published"]);
    expect(check(PUBLISHED_DEMO_PASSWORD, { publishedAllowed: true })).toEqual([]);
  });

  it("accepts a long password with three classes", () => {
    expect(check("Founder-2026!")).toEqual([]);
    expect(check("correcthorsebattery7")).toContain("password.error.classes");
    expect(check("correct horse battery 7")).toEqual([]); // spaces count as symbols
  });

  it("follows the security administrator's settings, including more refused words", () => {
    const strict = { ...policy, minLength: 14, minClasses: 4, extraBlocklist: ["yinchuanmz"] };
    expect(passwordProblems("Founder-2026!", { username: "x", policy: strict, publishedAllowed: false })).toEqual(["password.error.tooShort"]);
    expect(passwordProblems("Yinchuanmz@2026!", { username: "x", policy: strict, publishedAllowed: false })).toEqual(["password.error.common"]);
  });

  it("counts character classes", () => {
    expect(characterClasses("abc")).toBe(1);
    expect(characterClasses("aB3$")).toBe(4);
    expect(characterClasses("密码Aa1")).toBe(4); // Chinese characters count with the symbols
  });
});

describe("the security settings form", () => {
  it("round-trips the defaults", () => {
    const parsed = securitySettingsFormSchema.safeParse(settingsToForm(DEFAULT_SECURITY_SETTINGS));
    expect(parsed.success && settingsFromForm(parsed.data)).toEqual(DEFAULT_SECURITY_SETTINGS);
  });

  it("never goes below level 3 and refuses nonsense", () => {
    const base = settingsToForm(DEFAULT_SECURITY_SETTINGS);
    const errors = (patch: Record<string, string>) => {
      const parsed = securitySettingsFormSchema.safeParse({ ...base, ...patch });
      return parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}:${i.message}`);
    };
    expect(errors({ minLength: "6" })).toEqual(["minLength:security.error.range"]);
    expect(errors({ minClasses: "2" })).toEqual(["minClasses:security.error.range"]);
    expect(errors({ maxFailures: "0x10" })).toEqual(["maxFailures:security.error.number"]);
    expect(errors({ idleMinutes: "60", absoluteMinutes: "45" })).toEqual(["absoluteMinutes:security.error.absoluteBelowIdle"]);
  });
});
