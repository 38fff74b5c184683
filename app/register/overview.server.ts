/** Read-only figures about the register, for the home page and workspaces, from the register's copy (ADR 007). */
import { DISTRICTS, ORGANIZATION_TYPES } from "~/domain/organization";
import { registerIndex, type RegisterEntry } from "./register-index.server";

export interface RegisterOverview {
  organizations: number;
  directlyManaged: number;
  instructors: number;
  byType: { type: (typeof ORGANIZATION_TYPES)[number]; count: number }[];
  byDistrict: { district: string; count: number }[];
}

/** On the register now: registered or exiting (applications, deregistered and revoked ones are not counted). */
export const isOnRegister = (entry: Pick<RegisterEntry, "status">) => entry.status === "registered" || entry.status === "exiting";

export async function registerOverview(): Promise<RegisterOverview> {
  const index = await registerIndex();
  const current = index.entries.filter(isOnRegister);
  const count = (test: (e: RegisterEntry) => boolean) => current.reduce((n, e) => (test(e) ? n + 1 : n), 0);
  return {
    organizations: current.length,
    directlyManaged: count((e) => e.directlyManaged),
    instructors: index.instructors.filter((i) => i.active).length,
    byType: ORGANIZATION_TYPES.map((type) => ({ type, count: count((e) => e.type === type) })),
    byDistrict: DISTRICTS.map((d) => ({ district: d.code, count: count((e) => e.district === d.code) })),
  };
}
