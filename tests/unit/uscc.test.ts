import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildUscc, USCC_CHARSET, validateUscc } from "~/domain/uscc";

const VALID = buildUscc("2", "640104", "12345678");

describe("unified social credit code", () => {
  it("accepts a well-formed civil-affairs code, in any letter case", () => {
    expect(validateUscc(VALID)).toEqual({ ok: true, value: VALID });
    expect(validateUscc(VALID.toLowerCase()).ok).toBe(true);
  });

  it.each([
    ["too short", VALID.slice(0, 17), "length"],
    ["a forbidden letter", `${VALID.slice(0, 10)}I${VALID.slice(11)}`, "charset"],
    ["a non-civil-affairs authority", `9${VALID.slice(1)}`, "authority"],
    ["an unknown category", `54${VALID.slice(2)}`, "category"],
    ["a division with letters", `52A40104${VALID.slice(8)}`, "division"],
  ])("names the rule that failed for %s", (_label, code, rule) => {
    expect(validateUscc(code)).toEqual({ ok: false, rule });
  });

  it("refuses a well-formed category-9 (other) code with its own rule: the register holds only types 1, 2 and 3", () => {
    const other = buildUscc("9", "640104", "12345678");
    expect(validateUscc(other)).toEqual({ ok: false, rule: "categoryNotRegistered" });
  });

  it("detects a wrong organization-code check character", () => {
    const body = VALID.slice(8, 16);
    const wrong = VALID[16] === "0" ? "1" : "0";
    const code = `${VALID.slice(0, 16)}${wrong}${VALID[17]}`;
    expect(validateUscc(code)).toEqual({ ok: false, rule: "orgCodeCheck" });
    expect(body).toHaveLength(8);
  });

  it("detects a wrong final check character", () => {
    const wrong = VALID[17] === "0" ? "1" : "0";
    expect(validateUscc(VALID.slice(0, 17) + wrong)).toEqual({ ok: false, rule: "checkCharacter" });
  });

  it("accepts every code it builds, and rejects any single-character change of the last character", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("1", "2", "3"),
        fc.constantFrom("640104", "640105", "640106", "640121", "640122", "640181"),
        fc.integer({ min: 10_000_000, max: 99_999_999 }),
        fc.constantFrom(...USCC_CHARSET),
        (category, division, body, replacement) => {
          const code = buildUscc(category, division, String(body));
          expect(validateUscc(code).ok).toBe(true);
          if (replacement !== code[17]) expect(validateUscc(code.slice(0, 17) + replacement).ok).toBe(false);
        },
      ),
    );
  });
});
