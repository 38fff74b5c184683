/**
 * The competition's and its entries' stored cases, typed once (`~/workflow/case-shape`): readers
 * ask `competitionCases` or `entryCases` instead of casting at every read.
 */
import type { EntryContext } from "@machines/competition-entry.machine";
import type { CompetitionContext } from "@machines/competition.machine";
import { caseShape } from "~/workflow/case-shape";
import type { EntryApplication } from "./applications/application-form";
import type { ReportDraft, ReportStage } from "./funding/report-form";

/** A competition's case keeps no data of its own: the Competition row shares its id. */
export const competitionCases = caseShape<CompetitionContext>();

/** An entry's data beside its machine. */
export interface EntryData {
  competitionId: string;
  /** Entries started before numbers existed get one from a data migration. */
  entryNumber?: string;
  /** The application as drafted (every field a string, blank until filled). */
  application: EntryApplication;
  requestedFen: number;
  /** The funding reports as drafted, by stage. */
  reports?: Partial<Record<ReportStage, ReportDraft>>;
}

export const entryCases = caseShape<EntryContext, EntryData>();
