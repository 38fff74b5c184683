/**
 * Gives judge assignments and score sheets written before ADR 009 their derived `_id`
 * (`judgeEntryId(entryId, judgeId)`): the judge's pages find them only by that id. A data
 * migration (app/data-migrations.server.ts): runs at start until it has finished once.
 */
import type mongoose from "mongoose";
import { JudgeAssignment } from "@models/judge-assignment";
import { judgeEntryId } from "@models/judge-entry-key";
import { touchReadModel } from "@models/read-model-version";
import { ScoreSheet } from "@models/score-sheet";
import { JUDGING_READ_MODEL } from "~/domain/competition";

export async function rekeyJudgeEntryDocuments(): Promise<number> {
  let moved = 0;
  for (const collection of [JudgeAssignment.collection, ScoreSheet.collection] as mongoose.Collection[]) {
    const documents = await collection.find({}).toArray();
    for (const document of documents) {
      const _id = judgeEntryId(document.entryId, document.judgeId);
      if (_id.equals(document._id as mongoose.Types.ObjectId)) continue;
      // (entryId, judgeId) is unique, so the old row goes first; it is held here until re-inserted.
      await collection.deleteOne({ _id: document._id });
      await collection.insertOne({ ...document, _id });
      moved++;
    }
  }
  if (moved) await touchReadModel(JUDGING_READ_MODEL);
  return moved;
}
