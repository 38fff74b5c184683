/**
 * Checks that the boundary tests catch a threshold moved by one day (docs/rules.md, ADR 014): each
 * mutation below edits one rule's constant or counting step in place, runs the boundary tests, and
 * restores the file. Every mutation must make a test fail; one that survives is printed and the
 * script exits 1. Run: `npm run check:rule-mutations` (a few minutes; not part of `npm test`).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** [file, text, the same rule one day off]. */
const MUTATIONS: [string, string, string][] = [
  ["machines/registration.machine.ts", "socialGroup: { days: 30 }", "socialGroup: { days: 31 }"],
  ["machines/registration.machine.ts", "socialServiceAgency: { days: 60 }", "socialServiceAgency: { days: 59 }"],
  ["machines/registration.machine.ts", "foundation: { days: 60 } }", "foundation: { days: 61 } }"],
  ["machines/registration.machine.ts", "preparationDecision: { days: 60 }", "preparationDecision: { days: 61 }"],
  ["machines/registration.machine.ts", "foundingMeeting: { months: 6 }", "foundingMeeting: { days: 182 }"],
  ["machines/deregistration.machine.ts", "notice: { days: 45 }", "notice: { days: 46 }"],
  ["machines/revocation.machine.ts", "hearingRequest: { workingDays: 5 }", "hearingRequest: { workingDays: 4 }"],
  ["app/domain/credit.ts", "abnormalToSerious: { years: 2 }", "abnormalToSerious: { days: 731 }"],
  ["app/domain/credit.ts", "abnormalWithoutCure: { months: 6 }", "abnormalWithoutCure: { days: 182 }"],
  ["app/domain/credit.ts", "seriousMinimumStay: { years: 2 }", "seriousMinimumStay: { days: 729 }"],
  ["app/domain/credit.ts", "minDays: 15,", "minDays: 14,"],
  ["app/domain/credit.ts", "maxDays: 30 }", "maxDays: 31 }"],
  ["app/domain/annual-report.ts", "-CAMPAIGN_DEFAULTS.exemptMonths), 1)", "-CAMPAIGN_DEFAULTS.exemptMonths), 2)"],
  ["app/domain/annual-report.ts", "return new Date(`${date}T23:59:59.999+08:00`);", "return new Date(`${date}T00:00:00.000+08:00`);"],
  ["app/domain/annual-report.ts", "previousYearIncomeFen\", minPercent: 70 }", "previousYearIncomeFen\", minPercent: 69 }"],
  ["app/domain/annual-report.ts", "previousYearNetAssetsFen\", minPercent: 8 }", "previousYearNetAssetsFen\", minPercent: 7 }"],
  ["app/domain/periods.ts", 'if ("days" in period) last = addDays(start, period.days);', 'if ("days" in period) last = addDays(start, period.days - 1);'],
  ["app/domain/periods.ts", "const targetDate = Math.min(date, daysInMonth(targetYear, targetMonth0));", "const targetDate = date;"],
  ["app/domain/periods.ts", "  return toCalendarDateString(instant);", "  return new Date(instant).toISOString().slice(0, 10);"],
  ["app/domain/periods.ts", "return endOfDay(nextWorkingDayOnOrAfter(lastDay));", "return endOfDay(lastDay);"],
  ["app/domain/periods.ts", "return new Date(start.getTime() + DAY_MS - 1);", "return new Date(start.getTime() + 2 * DAY_MS - 1);"],
  ["app/domain/working-days.ts", "if (table.makeUpWorkdays.has(day)) return true;", "if (table.makeUpWorkdays.has(day)) return false;"],
  ["app/domain/working-days.ts", '"10-01", "10-02", "10-03"]', '"10-01", "10-02"]'],
  ["app/domain/working-days.ts", "    holidays.add(makeUp);", "    void makeUp;"],
  ["machines/revocation.machine.ts", "return recounted > announced ? recounted : announced;", "return announced;"],
];

const TESTS = ["tests/unit/rule-boundaries.test.ts", "tests/unit/working-days.test.ts", "tests/unit/foundation-spending.test.ts", "tests/unit/revocation-machine.test.ts"];

let survived = 0;
for (const [file, from, to] of MUTATIONS) {
  const target = path.join(root, file);
  const original = readFileSync(target, "utf8");
  if (!original.includes(from)) {
    console.log(`MISSING   ${file}: ${from}`);
    survived++;
    continue;
  }
  writeFileSync(target, original.replace(from, to));
  try {
    const run = spawnSync("npx", ["vitest", "run", "--project", "unit", ...TESTS], { cwd: root, encoding: "utf8" });
    const caught = run.status !== 0;
    if (!caught) survived++;
    console.log(`${caught ? "caught   " : "SURVIVED "} ${file}: ${from} → ${to}`);
  } finally {
    writeFileSync(target, original);
  }
}
console.log(`${MUTATIONS.length - survived} of ${MUTATIONS.length} one-day mutations caught.`);
process.exit(survived === 0 ? 0 : 1);
