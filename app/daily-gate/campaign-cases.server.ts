/**
 * A campaign's cases as the dashboard and its lists read them: an in-process copy of one year's
 * annual-report cases (light fields only), kept while the kind's read-model token is unchanged
 * (`versionedReadModel`, ADR 007's pattern; ADR 008). On the embedded database every filter but a lone `_id` scans the
 * collection, so counting by state, district and type and paging a sorted list straight from it
 * cost two or three full reads per page view; here it is one `_id` lookup of the token, and one
 * read after each change. The engine replaces the token after every write of a case of the kind.
 */
import { WorkflowCase } from "@models/workflow-case";
import { versionedReadModel } from "~/read-model/versioned.server";
import { casesReadModel } from "~/workflow/engine.server";
import { ANNUAL_REPORT_KIND } from "./annual-report-workflow.server";

export interface CampaignCaseRow {
  id: string;
  title: string;
  titleSortKey: string;
  state: string;
  organizationId: string | null;
  district: string;
  orgType: string;
  reminded: number;
  /** The conclusion (合格 / 基本合格 / 不合格) once given; a rectification keeps the one it came from. */
  result: string | null;
}

type StoredRow = {
  _id: unknown;
  title: string;
  titleSortKey?: string;
  state: string;
  organizationId?: unknown;
  data?: { district?: string; orgType?: string; reminders?: unknown[] };
  snapshot?: { context?: { result?: string | null } };
};

async function readRows(year: number): Promise<CampaignCaseRow[]> {
  const stored = (await WorkflowCase.find(
    { kind: ANNUAL_REPORT_KIND, "data.year": year },
    { title: 1, titleSortKey: 1, state: 1, organizationId: 1, "data.district": 1, "data.orgType": 1, "data.reminders": 1, "snapshot.context.result": 1 },
  ).lean()) as unknown as StoredRow[];
  return stored
    .map((c) => ({
      id: String(c._id),
      title: c.title,
      titleSortKey: c.titleSortKey ?? "",
      state: c.state,
      organizationId: c.organizationId ? String(c.organizationId) : null,
      district: c.data?.district ?? "",
      orgType: c.data?.orgType ?? "",
      reminded: c.data?.reminders?.length ?? 0,
      result: c.snapshot?.context?.result ?? null,
    }))
    .sort((a, b) => (a.titleSortKey < b.titleSortKey ? -1 : a.titleSortKey > b.titleSortKey ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const copies = new Map<number, () => Promise<CampaignCaseRow[]>>();

/** The year's cases in pinyin order of the organization's name; every write before the call is seen. */
export function campaignCaseRows(year: number): Promise<CampaignCaseRow[]> {
  let copy = copies.get(year);
  if (!copy) {
    copy = versionedReadModel(casesReadModel(ANNUAL_REPORT_KIND), () => readRows(year), { recheckMs: 0 });
    copies.set(year, copy);
  }
  return copy();
}
