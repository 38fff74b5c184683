/**
 * UI strings come from dictionaries: zh-CN first, English second. Each area keeps its own
 * message file (app/i18n/messages/*.ts) exporting `zhCN` and an `en` typed to the same keys,
 * so a missing translation is a type error.
 */
import * as attachments from "./messages/attachments";
import * as auth from "./messages/auth";
import * as common from "./messages/common";
import * as dailyGate from "./messages/daily-gate";
import * as display from "./messages/display";
import * as documents from "./messages/documents";
import * as exitGate from "./messages/exit-gate";
import * as flows from "./messages/flows";
import * as funding from "./messages/funding";
import * as competition from "./messages/competition";
import * as competitionAdmin from "./messages/competition-admin";
import * as competitionSetup from "./messages/competition-setup";
import * as home from "./messages/home";
import * as party from "./messages/party";
import * as register from "./messages/register";
import * as rules from "./messages/rules";
import * as security from "./messages/security";
import * as workbench from "./messages/workbench";
import * as workflow from "./messages/workflow";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

const zhCN = { ...common.zhCN, ...auth.zhCN, ...home.zhCN, ...attachments.zhCN, ...workflow.zhCN, ...register.zhCN, ...party.zhCN, ...dailyGate.zhCN, ...exitGate.zhCN, ...competition.zhCN, ...competitionAdmin.zhCN, ...competitionSetup.zhCN, ...funding.zhCN, ...workbench.zhCN, ...flows.zhCN, ...documents.zhCN, ...security.zhCN, ...rules.zhCN, ...display.zhCN };
export type MessageKey = keyof typeof zhCN;
const en: Record<MessageKey, string> = { ...common.en, ...auth.en, ...home.en, ...attachments.en, ...workflow.en, ...register.en, ...party.en, ...dailyGate.en, ...exitGate.en, ...competition.en, ...competitionAdmin.en, ...competitionSetup.en, ...funding.en, ...workbench.en, ...flows.en, ...documents.en, ...security.en, ...rules.en, ...display.en };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && value in zhCN;
}

/** Every key of the dictionaries (the crawler test tells a leaked key from prose with them). */
export function messageKeys(): MessageKey[] {
  return Object.keys(zhCN).filter(isMessageKey);
}

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, params) => {
    const template = dictionary[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
