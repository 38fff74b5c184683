import type { AnyStateMachine } from "xstate";
import { describe, expect, it } from "vitest";
import { annualReportMachine } from "@machines/annual-report.machine";
import { competitionEntryMachine } from "@machines/competition-entry.machine";
import { competitionMachine } from "@machines/competition.machine";
import { deregistrationMachine } from "@machines/deregistration.machine";
import { registrationMachine } from "@machines/registration.machine";
import { revocationMachine } from "@machines/revocation.machine";
import { isMessageKey } from "~/i18n/i18n";
import { describeMachine } from "~/workflow/describe";

/** Each machine with the dictionary area its case pages read (`<prefix>.state.*`, `<prefix>.event.*`). */
const MACHINES: [prefix: string, machine: AnyStateMachine][] = [
  ["registration", registrationMachine],
  ["competition", competitionMachine],
  ["entry", competitionEntryMachine],
  ["annualReport", annualReportMachine],
  ["deregistration", deregistrationMachine],
  ["revocation", revocationMachine],
];

describe("workflow labels", () => {
  for (const [prefix, machine] of MACHINES) {
    it(`${prefix}: every state, every event and the history's first row (CREATE) have a dictionary entry`, () => {
      const description = describeMachine(machine);
      const keys = [
        ...description.states.map((s) => `${prefix}.state.${s.id}`),
        ...description.states.flatMap((s) => s.edges.map((e) => `${prefix}.event.${e.event}`)),
        `${prefix}.event.CREATE`,
      ];
      expect([...new Set(keys)].filter((key) => !isMessageKey(key))).toEqual([]);
    });
  }
});
