import { describe, expect, it } from "vitest";
import * as attachments from "~/i18n/messages/attachments";
import * as auth from "~/i18n/messages/auth";
import * as common from "~/i18n/messages/common";
import * as dailyGate from "~/i18n/messages/daily-gate";
import * as display from "~/i18n/messages/display";
import * as documents from "~/i18n/messages/documents";
import * as exitGate from "~/i18n/messages/exit-gate";
import * as competition from "~/i18n/messages/competition";
import * as competitionAdmin from "~/i18n/messages/competition-admin";
import * as competitionSetup from "~/i18n/messages/competition-setup";
import * as home from "~/i18n/messages/home";
import * as party from "~/i18n/messages/party";
import * as register from "~/i18n/messages/register";
import * as workflow from "~/i18n/messages/workflow";
import { translator } from "~/i18n/i18n";

const FILES = { auth, common, home, attachments, workflow, register, party, competition, dailyGate, exitGate, competitionAdmin, competitionSetup, documents, display };

describe("dictionaries", () => {
  for (const [name, file] of Object.entries(FILES)) {
    it(`${name}: English has exactly the Chinese keys, none empty`, () => {
      expect(Object.keys(file.en).sort()).toEqual(Object.keys(file.zhCN).sort());
      for (const value of [...Object.values(file.en), ...Object.values(file.zhCN)]) expect(value.trim()).not.toBe("");
    });
  }

  it("fills named parameters", () => {
    expect(translator("zh-CN")("common.total", { count: 134 })).toBe("共 134 条");
    expect(translator("en")("common.total", { count: 134 })).toBe("134 in total");
  });
});
