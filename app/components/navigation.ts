import type { Role } from "@models/user";
import type { MessageKey } from "~/i18n/i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
}

/** What each role sees in the header. Pages still check access themselves. */
export const NAVIGATION: Record<Role | "public", NavItem[]> = {
  public: [
    { to: "/", label: "nav.home" },
    { to: "/directory", label: "nav.directory" },
    { to: "/credit", label: "nav.credit" },
    { to: "/competitions", label: "nav.publicCompetitions" },
  ],
  regulator: [
    { to: "/regulator", label: "nav.workspace" },
    { to: "/regulator/organizations", label: "nav.register" },
    { to: "/regulator/instructors", label: "nav.instructors" },
    { to: "/regulator/coverage", label: "nav.coverage" },
    { to: "/regulator/registrations", label: "nav.registrations" },
    { to: "/regulator/competitions", label: "nav.competitions" },
    { to: "/regulator/campaigns", label: "nav.campaigns" },
    { to: "/regulator/credit-lists", label: "nav.creditLists" },
    { to: "/regulator/spot-checks", label: "nav.spotChecks" },
    { to: "/regulator/exits", label: "nav.exits" },
  ],
  judge: [{ to: "/judge", label: "nav.workspace" }],
  org: [
    { to: "/org", label: "nav.workspace" },
    { to: "/org/competitions", label: "nav.competitions" },
    { to: "/org/annual-reports", label: "nav.annualReports" },
  ],
  instructor: [{ to: "/instructor", label: "nav.workspace" }],
  applicant: [{ to: "/applications", label: "nav.applications" }],
  // 三员分立: each administrator sees only their own workbench.
  sysadmin: [{ to: "/admin", label: "nav.workspace" }],
  secadmin: [{ to: "/security", label: "nav.workspace" }],
  auditadmin: [{ to: "/audit", label: "nav.workspace" }],
};
