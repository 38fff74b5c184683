import type { AnyStateMachine } from "xstate";
import { describe, expect, it } from "vitest";
import { annualReportMachine } from "@machines/annual-report.machine";
import { competitionEntryMachine } from "@machines/competition-entry.machine";
import { competitionMachine } from "@machines/competition.machine";
import { deregistrationMachine } from "@machines/deregistration.machine";
import { registrationMachine } from "@machines/registration.machine";
import { revocationMachine } from "@machines/revocation.machine";
import { ORGANIZATION_TYPES } from "~/domain/organization";
import { isMessageKey, translator } from "~/i18n/i18n";
import { actorRoleLabel, vocabularyLabel, workflowLabel, workflowLabelKey } from "~/i18n/labels";
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

describe("labels built from data", () => {
  const zh = translator("zh-CN");
  const en = translator("en");

  it("translates a workflow state, step and field that the dictionary has", () => {
    expect(workflowLabelKey("registration", "state", "review")).toBe("registration.state.review");
    expect(workflowLabel(zh, "registration", "state", "review")).toBe(zh("registration.state.review"));
    expect(workflowLabel(en, "entry", "event", "SUBMIT")).toBe(en("entry.event.SUBMIT"));
    expect(workflowLabel(en, "entry", "event", "SUBMIT")).not.toBe("SUBMIT");
  });

  it("shows the raw id, not a dotted key, for a state or area the dictionary lacks", () => {
    expect(workflowLabelKey("registration", "state", "noSuchState")).toBeNull();
    expect(workflowLabel(zh, "registration", "state", "noSuchState")).toBe("noSuchState");
    expect(workflowLabel(zh, "noSuchArea", "event", "SUBMIT")).toBe("SUBMIT");
  });

  it("names a recorded actor role, the sweeper's included, and shows an unknown one as recorded", () => {
    expect(actorRoleLabel(zh, "system")).toBe(zh("role.system"));
    expect(actorRoleLabel(zh, "regulator")).toBe(zh("role.regulator"));
    expect(actorRoleLabel(zh, "ghost")).toBe("ghost");
  });

  it("translates a vocabulary's member and shows a stranger as it came", () => {
    expect(vocabularyLabel(en, ORGANIZATION_TYPES, (type) => `orgType.${type}`, "foundation")).toBe(en("orgType.foundation"));
    expect(vocabularyLabel(en, ORGANIZATION_TYPES, (type) => `orgType.${type}`, "cooperative")).toBe("cooperative");
  });
});
