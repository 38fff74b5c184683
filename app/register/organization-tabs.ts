import type { MessageKey } from "~/i18n/i18n";

/**
 * The tabs of the regulator's organization page, each a nested route of
 * regulator.organizations.$id (path "" is the index: basic facts). Add a tab here when its
 * route file lands; until then its link answers 404.
 */
export const ORGANIZATION_TABS: { path: string; label: MessageKey }[] = [
  { path: "", label: "register.tab.facts" },
  { path: "party", label: "register.tab.party" },
  { path: "cases", label: "register.tab.cases" },
  { path: "changes", label: "register.tab.changes" },
  { path: "files", label: "register.tab.files" },
];
