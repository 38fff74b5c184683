/**
 * The demo's roles as the page crawl sees them: one demo account per role, and the public, each
 * with the pages behind forms that no link reaches (searches and filters, "new" forms, the
 * sign-in notices, an unknown address). `discoverDemoPages` gives each role's pages; the browser
 * crawler checks them and a page benchmark can load them.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../seed/demo";
import { DEMO_APPLICANT } from "../seed/registration";
import { discoverAllPages, type DiscoveryOptions, type DiscoveryRole, type RolePages } from "./page-discovery";

const PUBLIC_FORMS = [
  "/directory?q=协会&type=socialGroup&district=640104",
  "/directory?status=deregistered",
  "/directory?q=zzzz-nothing-matches",
  "/credit?list=serious",
  "/login?expired=1",
  "/no-such-page",
];

const FORMS_BY_ROLE: Record<string, string[]> = {
  regulator: [
    "/regulator/organizations?q=社区&type=socialServiceAgency&district=640106&status=registered&sort=registeredCapital&order=desc",
    "/regulator/organizations?partyForm=joint&instructor=none",
    "/regulator/organizations?q=zzzz-nothing-matches",
    "/regulator/instructors?q=王",
    "/regulator/registrations?state=review",
    "/regulator/organizations/import",
    "/regulator/instructors/new",
  ],
  applicant: ["/applications/new"],
};

/** The public first (its pages are sampled there), then one account per role: the first demo account of each. */
export function demoCrawlRoles(): DiscoveryRole[] {
  const accounts = [...DEMO_ACCOUNTS, { ...DEMO_APPLICANT, role: "applicant" as const }];
  const roles = new Map<string, DiscoveryRole>();
  for (const account of accounts) {
    if (roles.has(account.role)) continue;
    roles.set(account.role, { name: `${account.role} (${account.username})`, username: account.username, extra: FORMS_BY_ROLE[account.role] ?? [] });
  }
  return [{ name: "public", username: null, home: "/", extra: PUBLIC_FORMS }, ...roles.values()];
}

/** Each demo role's pages on a server with the demo seed. */
export function discoverDemoPages(options: Omit<DiscoveryOptions, "password"> & { password?: string }): Promise<RolePages[]> {
  return discoverAllPages(demoCrawlRoles(), { password: DEMO_PASSWORD, ...options });
}
