import type { PageParams } from "~/forms/page-params";
import { pageOf } from "~/forms/page-query.server";
import { byUpdatedNewest, caseList } from "./case-lists.server";

const everyCase = caseList("all");

/** Every gate case of an organization, newest activity first (the organization page's tab). */
export async function casesOfOrganization(organizationId: string, pageParams: PageParams) {
  const { total, rows } = pageOf((await everyCase()).filter((c) => String(c.organizationId ?? "") === organizationId).sort(byUpdatedNewest), pageParams);
  return {
    total,
    items: rows.map((c) => ({
      id: String(c._id),
      kind: c.kind,
      title: c.title,
      state: c.state,
      dueAt: c.dueAt?.toISOString() ?? null,
      updatedAt: c.updatedAt?.toISOString() ?? null,
    })),
  };
}
