/**
 * Lists of cases (a gate's queue, an applicant's applications, an organization's cases) read
 * from in-process copies (ADR 007) rather than a filter on the case collection, which the
 * embedded database answers by reading every case of every kind, snapshots included. A copy
 * follows its kinds' tokens, which the engine replaces after every write of one of their cases,
 * and is checked on every read (`recheckMs: 0`): a list shows a step at once, in any process.
 * Callers filter, sort and page the rows in memory (`pageOf`).
 */
import mongoose from "mongoose";
import { WorkflowCase } from "@models/workflow-case";
import { versionedReadModel } from "~/read-model/versioned.server";
import { casesReadModel, registeredKinds } from "./engine.server";

/** What every listed case carries; `fields` adds a list's own (dotted paths into data or snapshot). */
export interface ListedCase {
  _id: mongoose.Types.ObjectId;
  kind: string;
  title: string;
  state: string;
  organizationId?: mongoose.Types.ObjectId | null;
  ownerUserId?: mongoose.Types.ObjectId | null;
  dueAt?: Date | null;
  dueSort: Date;
  updatedAt?: Date;
  data?: unknown;
  snapshot?: { context?: Record<string, unknown> };
}

const BASE_FIELDS = { kind: 1, title: 1, state: 1, organizationId: 1, ownerUserId: 1, dueAt: 1, dueSort: 1, updatedAt: 1 } as const;

/**
 * A copy of the cases of `kinds` (every registered kind for "all"), made on first use: kinds
 * are known once the registries are installed at start.
 */
export function caseList(kinds: readonly string[] | "all", fields: Record<string, 1> = {}): () => Promise<ListedCase[]> {
  let read: (() => Promise<ListedCase[]>) | null = null;
  return () => {
    if (!read) {
      const listed = kinds === "all" ? registeredKinds() : kinds;
      read = versionedReadModel(
        listed.map(casesReadModel),
        () => WorkflowCase.find({ kind: mongoose.trusted({ $in: [...listed] }) }, { ...BASE_FIELDS, ...fields }).lean<ListedCase[]>().exec(),
        { recheckMs: 0 },
      );
    }
    return read();
  };
}

/** Earliest deadline first (cases without one last), then the given tie-break on `updatedAt`. */
export function byDueThenUpdated(updated: "oldest" | "newest") {
  const sign = updated === "oldest" ? 1 : -1;
  return (a: ListedCase, b: ListedCase) => a.dueSort.getTime() - b.dueSort.getTime() || sign * ((a.updatedAt?.getTime() ?? 0) - (b.updatedAt?.getTime() ?? 0));
}

/** Most recent activity first. */
export const byUpdatedNewest = (a: ListedCase, b: ListedCase) => (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0);
