/**
 * docs/rules.md cannot rot: every row names a source, a file that exists and defines the named
 * function, guard or constant, and a test file that exists and holds the named test.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const catalogue = readFileSync(path.join(root, "docs/rules.md"), "utf8");

interface Row {
  id: string;
  rule: string;
  source: string;
  file: string;
  symbol: string;
  testFile: string;
  testName: string;
}

const ROW = /^\|\s*([A-Z]\d+)\s*\|(.+)\|(.+)\|\s*`([^`]+)`\s*→\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*→\s*“([^”]+)”\s*\|\s*$/;

function rows(): Row[] {
  return catalogue
    .split("\n")
    .filter((line) => /^\|\s*[A-Z]\d+\s*\|/.test(line))
    .map((line) => {
      const match = ROW.exec(line);
      if (!match) throw new Error(`malformed catalogue row: ${line}`);
      const [, id, rule, source, file, symbol, testFile, testName] = match as unknown as string[];
      return { id: id!, rule: rule!.trim(), source: source!.trim(), file: file!, symbol: symbol!, testFile: testFile!, testName: testName! };
    });
}

/** A definition of the symbol: a function, a constant, a class, or a key (machine guards and actions). */
const defines = (text: string, symbol: string) =>
  new RegExp(`(function\\s+${symbol}\\b|(const|let|class)\\s+${symbol}\\b|^\\s*${symbol}\\s*:|[{,]\\s*${symbol}\\s*:)`, "m").test(text);

describe("the rules catalogue", () => {
  const all = rows();

  it("has one row per rule, 40 to 80 of them, each id once", () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(all.length).toBeLessThanOrEqual(80);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it("names a rule and its source in every row", () => {
    for (const row of all) {
      expect(row.rule.length, row.id).toBeGreaterThan(10);
      expect(row.source.length, row.id).toBeGreaterThan(2);
    }
  });

  it("points every row at a file that defines the named function, guard or constant", () => {
    for (const row of all) {
      const file = path.join(root, row.file);
      expect(existsSync(file), `${row.id}: ${row.file}`).toBe(true);
      expect(defines(readFileSync(file, "utf8"), row.symbol), `${row.id}: ${row.symbol} in ${row.file}`).toBe(true);
    }
  });

  it("pins every row with a test that exists", () => {
    for (const row of all) {
      const file = path.join(root, row.testFile);
      expect(existsSync(file), `${row.id}: ${row.testFile}`).toBe(true);
      expect(readFileSync(file, "utf8").includes(row.testName), `${row.id}: “${row.testName}” in ${row.testFile}`).toBe(true);
    }
  });
});
