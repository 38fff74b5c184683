import { describe, expect, it } from "vitest";
import { idNumberProblem, isMobile, maskPersonal, normalizeMobile } from "~/domain/personal-data";

describe("resident identity numbers (GB 11643-1999)", () => {
  it.each(["11010519491231002X", "640104198803150018"])("accepts %s, whose check digit is right", (id) => {
    expect(idNumberProblem(id)).toBeNull();
  });

  it("names the rule a number breaks", () => {
    expect(idNumberProblem("11010519491231002")).toBe("format");
    expect(idNumberProblem("01010519491231002X")).toBe("format");
    expect(idNumberProblem("110105194913310021")).toBe("birthDate");
    expect(idNumberProblem("110105194902300021")).toBe("birthDate");
    expect(idNumberProblem("110105194912310021")).toBe("checkDigit");
  });

  it("accepts a lower-case x as the check character", () => {
    expect(idNumberProblem("11010519491231002x")).toBeNull();
  });
});

describe("mobile numbers", () => {
  it("accepts mainland mobiles with or without +86 and separators", () => {
    expect(isMobile("13812345678")).toBe(true);
    expect(isMobile("+86 138-1234-5678")).toBe(true);
    expect(normalizeMobile("+86 138 1234 5678")).toBe("13812345678");
  });
  it("refuses landlines and short numbers", () => {
    expect(isMobile("0951-5012345")).toBe(false);
    expect(isMobile("1381234567")).toBe(false);
    expect(isMobile("12812345678")).toBe(false);
  });
});

describe("masking", () => {
  it("keeps the first three and last four characters", () => {
    expect(maskPersonal("110105194912310021")).toBe("110***********0021");
    expect(maskPersonal("13812345678")).toBe("138****5678");
    expect(maskPersonal("")).toBe("");
    expect(maskPersonal("12345")).toBe("*****");
  });
});
