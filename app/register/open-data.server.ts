/**
 * Open data about organizations: the public fields plus their credit lists, which are public
 * (信用信息公示) and are not a registration status (ADR 008). Shared by the directory and the API.
 */
import { withCreditLists } from "~/daily-gate/credit-lists.server";
import { toPublicItem, type RegisterEntry } from "./register-index.server";

export async function publicItems(entries: RegisterEntry[]) {
  // One lookup for all the rows; no internal id leaves the server.
  const listed = await withCreditLists(entries, (entry) => entry.id);
  return listed.map((entry) => ({ ...toPublicItem(entry), creditLists: entry.creditLists }));
}
