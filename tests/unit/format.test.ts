import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fenToWanYuanString, fenToYuanString, formatDate, formatDateTime, formatMoney, formatTypedYuan, parseYuanToFen } from "~/i18n/format";

describe("money in fen", () => {
  it("shows fen as yuan with two decimals and separators", () => {
    expect(fenToYuanString(12_345_678)).toBe("123,456.78");
    expect(fenToYuanString(5)).toBe("0.05");
    expect(fenToYuanString(-150)).toBe("-1.50");
  });

  it("shows fen as 万元, trimming trailing zeros", () => {
    expect(fenToWanYuanString(1_042_000_000)).toBe("1,042");
    expect(fenToWanYuanString(1_500_000)).toBe("1.5");
    expect(fenToWanYuanString(3_000_000)).toBe("3");
  });

  it("parses what a person types into exact fen, refusing malformed input", () => {
    expect(parseYuanToFen("1,234.5")).toBe(123_450);
    expect(parseYuanToFen("0.01")).toBe(1);
    expect(parseYuanToFen("1.234")).toBeNull();
    expect(parseYuanToFen("-1")).toBeNull();
    expect(parseYuanToFen("abc")).toBeNull();
  });

  it("round-trips any amount between fen and its yuan text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_99 }), (fen) => {
        expect(parseYuanToFen(fenToYuanString(fen))).toBe(fen);
      }),
    );
  });
});

describe("the one money format", () => {
  it("shows every amount in yuan the same way: separators and two decimals, in both languages", () => {
    expect(formatMoney(21_000_000, "zh-CN")).toBe("210,000.00 元");
    expect(formatMoney(5_600_050, "zh-CN")).toBe("56,000.50 元");
    expect(formatMoney(3_000_000, "zh-CN")).toBe("30,000.00 元");
    expect(formatMoney(5_600_050, "en")).toBe("¥56,000.50");
  });

  it("shows 万元 in Chinese and millions (or plain yuan under a million) in English, never 'ten-thousand'", () => {
    expect(formatMoney(329_000_000, "zh-CN", "wanYuan")).toBe("329 万元");
    expect(formatMoney(329_000_000, "en", "wanYuan")).toBe("¥3.29 million");
    expect(formatMoney(1_042_000_000, "en", "wanYuan")).toBe("¥10.42 million");
    expect(formatMoney(3_000_000, "en", "wanYuan")).toBe("¥30,000");
    expect(formatMoney(3_225_050, "en", "wanYuan")).toBe("¥32,250.50");
    expect(formatMoney(3_225_000, "zh-CN", "wanYuan")).toBe("3.23 万元");
  });

  it("shows an amount kept as typed text like any other, and other text as typed", () => {
    expect(formatTypedYuan("210000", "zh-CN")).toBe("210,000.00 元");
    expect(formatTypedYuan("56000.5", "zh-CN")).toBe("56,000.50 元");
    expect(formatTypedYuan("", "zh-CN")).toBe("");
    expect(formatTypedYuan("约五万", "zh-CN")).toBe("约五万");
  });
});

describe("time shown in Asia/Shanghai", () => {
  it("shows a UTC evening as the next morning's date in Beijing time", () => {
    const utc = new Date("2026-03-31T17:30:00Z"); // 01:30 on 1 April in Shanghai
    expect(formatDate(utc, "zh-CN")).toBe("2026/04/01");
    expect(formatDateTime(utc, "zh-CN")).toBe("2026/04/01 01:30");
  });
});
