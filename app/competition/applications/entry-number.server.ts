/**
 * The visible number of a competition entry (YC2026-017): titles repeat (three 特困老人居家照护项目
 * in one year), numbers never do. Claimed once, when the entry is created, and stored in the
 * case's data; unique per competition through the claim row's `_id` (models/entry-number.ts).
 */
import { Competition } from "@models/competition";
import { EntryNumber } from "@models/entry-number";
import { WorkflowCase } from "@models/workflow-case";
import { isDuplicateKeyError } from "~/db.server";
import { setCaseFields } from "~/workflow/engine.server";
import { ENTRY_KIND } from "~/domain/competition";
import { formatEntryNumber } from "./entry-numbers";
import { entryCases } from "../case-shapes";

/**
 * Claims the competition's next free number and answers its label. Claimed before the entry is
 * written: a process dying in between leaves a gap in the numbers, never a duplicate.
 */
export async function claimEntryNumber(competitionId: string, year: number): Promise<string> {
  const hint = await EntryNumber.findById(`${competitionId}:last`, { last: 1 }).lean();
  let n = (hint?.last ?? 0) + 1;
  for (;;) {
    try {
      await EntryNumber.create({ _id: `${competitionId}:${n}` });
      break;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      n++;
    }
  }
  await EntryNumber.updateOne({ _id: `${competitionId}:last` }, { $max: { last: n } }, { upsert: true });
  return formatEntryNumber(year, n);
}

/**
 * Numbers the entries written before numbers existed, in the order they were created (the data
 * migration's step; idempotent: an entry with a number is left alone).
 */
export async function numberUnnumberedEntries(): Promise<number> {
  const entries = await WorkflowCase.find({ kind: ENTRY_KIND }, { data: 1, createdAt: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
  const competitions = await Competition.find({}, { year: 1 }).lean();
  const yearOf = new Map(competitions.map((c) => [String(c._id), Number(c.year)]));
  let changed = 0;
  for (const entry of entries) {
    const data = entryCases.dataOf(entry);
    if (data.entryNumber || !data.competitionId || !yearOf.has(data.competitionId)) continue;
    const number = await claimEntryNumber(data.competitionId, yearOf.get(data.competitionId)!);
    await setCaseFields(String(entry._id), { "data.entryNumber": number });
    changed++;
  }
  return changed;
}
