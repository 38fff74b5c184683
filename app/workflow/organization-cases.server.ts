import mongoose from "mongoose";
import { WorkflowCase } from "@models/workflow-case";
import type { PageParams } from "~/forms/page-params";
import { readPage } from "~/forms/page-query.server";

/** Every gate case of an organization, newest activity first (the organization page's tab). */
export async function casesOfOrganization(organizationId: string, { page, pageSize }: PageParams) {
  if (!mongoose.isValidObjectId(organizationId)) return { total: 0, items: [] };
  const filter = { organizationId: new mongoose.Types.ObjectId(organizationId) };
  const { total, rows } = await readPage(WorkflowCase.countDocuments(filter), WorkflowCase.find(filter, { kind: 1, title: 1, state: 1, dueAt: 1, updatedAt: 1 }).sort({ updatedAt: -1 }).lean(), { page, pageSize });
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
