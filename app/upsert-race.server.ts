import { isDuplicateKeyError } from "~/db.server";

/**
 * Runs an upsert by `_id` once more when it lost the race to create the document. Two upserts
 * of a missing document can both try to insert it; MongoDB retries the loser itself, the embedded
 * database answers it with a duplicate key. The second try finds the document and updates it.
 * Answers false if that lost too (the caller decides whether that matters).
 */
export async function upsertWinningRace(write: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await write();
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  return false;
}
