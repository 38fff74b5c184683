/**
 * The workflow engine: drives any pure XState v5 machine over a persisted case.
 *
 *   load case (roll forward from the log) → transition(machine, snapshot, event) (pure)
 *   → insert log row (caseId, seq+1)  ← the serialization point: one concurrent writer wins
 *   → update the case's cached snapshot → run side effects, idempotent per (caseId, seq).
 *
 * The log row's _id is derived from (caseId, seq), so "is there a row after mine?" is an _id
 * lookup (the one lookup the embedded database pushes down); the unique (caseId, seq) index
 * is the serialization guarantee and serves history queries. See DESIGN.md §4 and ADR 003.
 */
import { createHash } from "node:crypto";
import mongoose from "mongoose";
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from "xstate";
import { touchReadModel } from "@models/read-model-version";
import { NO_DUE_DATE, WorkflowCase, type WorkflowCaseFields } from "@models/workflow-case";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowTransition, type WorkflowTransitionFields } from "@models/workflow-transition";
import { linkWorkflowDecision } from "~/audit/workflow-link.server";
import { insertIgnoringDuplicates, isDuplicateKeyError } from "~/db.server";
import { isMessageKey, type MessageKey, type Params } from "~/i18n/i18n";
import { guardsBlocking, stateName } from "./describe";

export interface Actor {
  userId: string | null;
  name: string;
  role: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, name: "系统（定时任务）", role: "system" };

export type WorkflowCaseRecord = WorkflowCaseFields & { _id: mongoose.Types.ObjectId };
export type TransitionRecord = WorkflowTransitionFields;

export interface EffectArgs {
  caseId: string;
  seq: number;
  transition: TransitionRecord;
  workflowCase: WorkflowCaseRecord;
}

export interface WorkflowDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  kind: string;
  machine: TMachine;
  version: number;
  /**
   * Upgrades of persisted snapshots from older machine versions: `upgrades[n]` turns a version-n
   * snapshot into a version-(n+1) one (pure, JSON in, JSON out). A stored version with no path to
   * `version` (newer, or a missing step) still fails loudly.
   */
  upgrades?: Record<number, (persisted: Record<string, unknown>) => Record<string, unknown>>;
  /** Handlers for the machine's named side-effect actions, run after commit. Must be idempotent. */
  effects?: Record<string, (args: EffectArgs) => Promise<void>>;
  /** When the case's clock is due (for queues), and when the sweeper should next send DEADLINE_PASSED. */
  clock?: (snapshot: AnyMachineSnapshot) => { dueAt: Date | null; wakeAt: Date | null };
  /**
   * Optional batch versions of `effects` (same names), used by `sendEventToMany` so bulk steps
   * (a campaign's deadline) cost a few round trips per batch. Must be idempotent like `effects`;
   * the per-case handler stays the one the sweeper retries with.
   */
  batchEffects?: Record<string, (args: EffectArgs[]) => Promise<void>>;
  /** Sweep this kind's deadlines in batches (see `sweepDeadlines`) instead of one by one. */
  batchSweep?: boolean;
}

export class WorkflowError extends Error {
  override name = "WorkflowError";
  constructor(
    readonly code: "notFound" | "refused" | "conflict" | "unknownVersion",
    readonly messageKey: MessageKey,
    readonly params: Params = {},
  ) {
    super(`${code}: ${messageKey} ${JSON.stringify(params)}`);
  }

  get status(): number {
    return { notFound: 404, refused: 422, conflict: 409, unknownVersion: 500 }[this.code];
  }
}

const registry = new Map<string, WorkflowDefinition>();

export function defineWorkflow<TMachine extends AnyStateMachine>(definition: WorkflowDefinition<TMachine>): WorkflowDefinition<TMachine> {
  registry.set(definition.kind, definition as unknown as WorkflowDefinition);
  return definition;
}

export function workflowDefinition(kind: string): WorkflowDefinition {
  const definition = registry.get(kind);
  if (!definition) throw new Error(`No workflow is registered for kind "${kind}"`);
  return definition;
}


/**
 * The log row's _id, derived from (caseId, seq): an ObjectId, because the embedded database
 * answers ObjectId lookups (hits and misses alike) without scanning, which a string key's
 * misses are not. The unique (caseId, seq) index remains the guarantee.
 */
/**
 * Name of the read-model token (models/read-model-version.ts) replaced after every write of a
 * kind's cases, so an in-process copy of them (e.g. a campaign's dashboard) knows when to re-read.
 */
export const casesReadModel = (kind: string) => `workflow:${kind}`;
const casesChanged = (kind: string) => touchReadModel(casesReadModel(kind));

/** An effect claim's _id, derived from (caseId, seq, name) like the log row's: marking it done is an _id update. */
export function effectId(caseId: string, seq: number, name: string): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash("sha256").update(`${caseId}:${seq}:${name}`).digest("hex").slice(0, 24));
}

export function transitionId(caseId: string, seq: number): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash("sha256").update(`${caseId}:${seq}`).digest().subarray(0, 12));
}

function restore(definition: WorkflowDefinition, persisted: unknown): AnyMachineSnapshot {
  return definition.machine.resolveState(persisted as Parameters<AnyStateMachine["resolveState"]>[0]);
}

/**
 * A persisted snapshot of `storedVersion` brought to the definition's version through its
 * upgrades, or `unknownVersion` when there is no such path.
 */
function upgradedSnapshot(definition: WorkflowDefinition, kind: string, storedVersion: number, persisted: unknown): unknown {
  let snapshot = persisted as Record<string, unknown>;
  for (let version = storedVersion; version !== definition.version; version++) {
    const upgrade = version < definition.version ? definition.upgrades?.[version] : undefined;
    if (!upgrade) throw new WorkflowError("unknownVersion", "workflow.error.unknownVersion", { kind, stored: storedVersion, current: definition.version });
    snapshot = upgrade(snapshot);
  }
  return snapshot;
}

function persist(definition: WorkflowDefinition, snapshot: AnyMachineSnapshot): Record<string, unknown> {
  return JSON.parse(JSON.stringify(definition.machine.getPersistedSnapshot(snapshot))) as Record<string, unknown>;
}

/** The clock fields written on the case with every snapshot. */
function clockOf(definition: WorkflowDefinition, snapshot: AnyMachineSnapshot) {
  const { dueAt, wakeAt } = definition.clock?.(snapshot) ?? { dueAt: null, wakeAt: null };
  return { dueAt, wakeAt, dueSort: dueAt ?? NO_DUE_DATE };
}

export interface CreateCaseOptions {
  kind: string;
  /** Natural key; creating a case whose key exists returns the existing case instead (idempotent). */
  caseKey?: string;
  input: unknown;
  title: string;
  titleSortKey?: string;
  organizationId?: string | null;
  ownerUserId?: string | null;
  data?: Record<string, unknown>;
  actor: Actor;
  now?: Date;
}

export async function createCase(options: CreateCaseOptions): Promise<WorkflowCaseRecord & { created: boolean }> {
  const definition = workflowDefinition(options.kind);
  const _id = new mongoose.Types.ObjectId();
  const caseKey = options.caseKey ?? `${options.kind}:${String(_id)}`;
  const snapshot = getInitialSnapshot(definition.machine, options.input as never) as AnyMachineSnapshot;
  const state = stateName(snapshot.value);
  const at = options.now ?? new Date();
  const persisted = persist(definition, snapshot);
  const clock = clockOf(definition, snapshot);
  let created;
  try {
    created = await WorkflowCase.create({
      _id,
      caseKey,
      kind: options.kind,
      machineVersion: definition.version,
      seq: 0,
      state,
      snapshot: persisted,
      title: options.title,
      titleSortKey: options.titleSortKey ?? "",
      organizationId: options.organizationId ?? undefined,
      ownerUserId: options.ownerUserId ?? undefined,
      dueAt: clock.dueAt ?? undefined,
      wakeAt: clock.wakeAt ?? undefined,
      dueSort: clock.dueSort,
      data: options.data ?? {},
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = (await WorkflowCase.findOne({ caseKey }).lean()) as WorkflowCaseRecord | null;
    if (!existing) throw error;
    return { ...existing, created: false };
  }
  await WorkflowTransition.create({
    _id: transitionId(String(created._id), 0),
    caseId: created._id,
    seq: 0,
    kind: options.kind,
    event: "CREATE",
    payload: {},
    actor: { userId: options.actor.userId ?? undefined, name: options.actor.name, role: options.actor.role },
    from: "",
    to: state,
    comment: "",
    snapshot: persisted,
    machineVersion: definition.version,
    at,
  });
  await casesChanged(options.kind);
  return { ...(created.toObject() as WorkflowCaseRecord), created: true };
}

/**
 * Loads a case, rolling its cached snapshot forward from the log when a process died between
 * the log insert and the case update. Fails loudly on a snapshot of an unknown machine version.
 */
export async function loadCase(caseId: string): Promise<{ workflowCase: WorkflowCaseRecord; definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }> {
  return readCase(caseId, { rollForward: true });
}

/** Brings a cached case up to the log's last row (normally zero steps). */
async function rollForward(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord): Promise<WorkflowCaseRecord> {
  for (;;) {
    const next = (await WorkflowTransition.findById(transitionId(String(workflowCase._id), workflowCase.seq + 1)).lean()) as TransitionRecord | null;
    if (!next) return workflowCase;
    workflowCase = await applyLoggedTransition(definition, workflowCase, next);
  }
}

/**
 * `rollForward: false` skips the log check: sendEvent finds out at its insert instead (a
 * duplicate key means the log is ahead), which spares the hot path a lookup that the embedded
 * database answers slowly when it misses.
 */
async function readCase(caseId: string, options: { rollForward: boolean }) {
  if (!mongoose.isValidObjectId(caseId)) throw new WorkflowError("notFound", "workflow.error.notFound");
  let workflowCase = (await WorkflowCase.findById(caseId).lean()) as WorkflowCaseRecord | null;
  if (!workflowCase) throw new WorkflowError("notFound", "workflow.error.notFound");
  const definition = workflowDefinition(workflowCase.kind);
  if (options.rollForward) workflowCase = await rollForward(definition, workflowCase);
  if (workflowCase.machineVersion !== definition.version) {
    // An older snapshot is upgraded in memory; the next transition stores the current version.
    const snapshot = upgradedSnapshot(definition, workflowCase.kind, workflowCase.machineVersion, workflowCase.snapshot);
    workflowCase = { ...workflowCase, snapshot, machineVersion: definition.version } as WorkflowCaseRecord;
  }
  return { workflowCase, definition, snapshot: restore(definition, workflowCase.snapshot) };
}

/**
 * Writes the case's cached snapshot, by `_id` alone: the one filter the embedded database
 * answers without scanning the collection. A slow writer may briefly leave the cache one step
 * behind a faster one; the cache is never ahead of the log, and every load rolls it forward.
 */
async function updateCachedSnapshot(workflowCase: WorkflowCaseRecord, fields: Record<string, unknown>): Promise<void> {
  await WorkflowCase.updateOne({ _id: workflowCase._id }, { $set: fields });
  await casesChanged(workflowCase.kind);
}

/** Roll-forward: the log row exists, the case update did not happen. Also re-runs its effects. */
async function applyLoggedTransition(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord, logged: TransitionRecord): Promise<WorkflowCaseRecord> {
  if (logged.machineVersion !== definition.version) {
    logged = { ...logged, snapshot: upgradedSnapshot(definition, workflowCase.kind, logged.machineVersion, logged.snapshot), machineVersion: definition.version } as TransitionRecord;
  }
  if (workflowCase.machineVersion !== definition.version) {
    workflowCase = { ...workflowCase, snapshot: upgradedSnapshot(definition, workflowCase.kind, workflowCase.machineVersion, workflowCase.snapshot), machineVersion: definition.version } as WorkflowCaseRecord;
  }
  const previous = restore(definition, workflowCase.snapshot);
  const event = { type: logged.event, ...(logged.payload as object) } as EventObject;
  const [, actions] = transition(definition.machine, previous, event as never);
  const snapshot = restore(definition, logged.snapshot);
  const clock = clockOf(definition, snapshot);
  await updateCachedSnapshot(workflowCase, { snapshot: logged.snapshot, state: logged.to, seq: logged.seq, machineVersion: definition.version, ...clock });
  const updated = { ...workflowCase, snapshot: logged.snapshot, state: logged.to, seq: logged.seq, ...clock } as WorkflowCaseRecord;
  await runEffects(definition, updated, logged, actions.map((a) => (a as { type: string }).type));
  return updated;
}

export interface SendOptions {
  actor: Actor;
  comment?: string;
  /** The seq the user's page showed; a different current seq means someone acted first (409). */
  expectedSeq?: number;
  now?: Date;
  /** Testing hook for the crash window: stop after the log insert, before the case update. */
  crashAfterLogInsert?: boolean;
}

export interface SendResult {
  workflowCase: WorkflowCaseRecord;
  transition: TransitionRecord;
}

/**
 * Sends one event. Refuses what the machine does not accept (with the reason), and answers a
 * conflict when another request made a transition first.
 */
export async function sendEvent(caseId: string, event: EventObject & Record<string, unknown>, options: SendOptions): Promise<SendResult> {
  const { workflowCase, definition, snapshot } = await readCase(caseId, { rollForward: false });
  if (options.expectedSeq !== undefined && options.expectedSeq !== workflowCase.seq) {
    throw new WorkflowError("conflict", "workflow.error.conflict");
  }
  const at = options.now ?? new Date();
  const fullEvent = { ...event, at: at.toISOString() };
  if (!snapshot.can(fullEvent)) {
    const guards = guardsBlocking(definition.machine, snapshot, fullEvent.type);
    if (guards === null) {
      throw new WorkflowError("refused", "workflow.error.notAllowedHere", { event: fullEvent.type, state: workflowCase.state });
    }
    // Name the rule that failed when we have words for it (workflow.guard.<name>).
    const specific = guards.map((g) => `workflow.guard.${g}`).find(isMessageKey);
    throw new WorkflowError("refused", specific ?? "workflow.error.guardFailed", { event: fullEvent.type, guards: guards.join(",") });
  }
  const [next, actions] = transition(definition.machine, snapshot, fullEvent as never);
  const persisted = persist(definition, next as AnyMachineSnapshot);
  const seq = workflowCase.seq + 1;
  const to = stateName((next as AnyMachineSnapshot).value);
  const { type, at: _at, ...payload } = fullEvent;
  const logged: TransitionRecord = {
    _id: transitionId(caseId, seq),
    caseId: workflowCase._id,
    seq,
    kind: workflowCase.kind,
    event: type,
    payload: { ...payload, at: fullEvent.at },
    actor: { userId: options.actor.userId ? new mongoose.Types.ObjectId(options.actor.userId) : undefined, name: options.actor.name, role: options.actor.role },
    from: workflowCase.state,
    to,
    comment: options.comment?.trim() ?? "",
    snapshot: persisted,
    machineVersion: definition.version,
    at,
  } as TransitionRecord;
  try {
    await WorkflowTransition.create(logged);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Someone else's row n+1 is there: a concurrent winner (who updates the cache itself), or
    // a crash that left the cache behind (the next load rolls it forward). Writing the case
    // here would race the winner's own writes, which the embedded database can lose.
    throw new WorkflowError("conflict", "workflow.error.conflict");
  }
  // A person's decision is linked from the security audit trail (ADR 016). The decision stands
  // if the link cannot be written; `npm run audit:verify` lists decisions without one.
  await linkWorkflowDecision(logged._id as mongoose.Types.ObjectId).catch((error: unknown) => console.error("audit link failed", error));
  if (options.crashAfterLogInsert) throw new Error("simulated crash after the log insert");
  const clock = clockOf(definition, next as AnyMachineSnapshot);
  await updateCachedSnapshot(workflowCase, { snapshot: persisted, state: to, seq, machineVersion: definition.version, ...clock });
  const updated = { ...workflowCase, snapshot: persisted, state: to, seq, ...clock } as WorkflowCaseRecord;
  await runEffects(definition, updated, logged, actions.map((a) => (a as { type: string }).type));
  return { workflowCase: updated, transition: logged };
}

async function runEffects(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord, logged: TransitionRecord, actionTypes: string[]): Promise<void> {
  for (const name of actionTypes) {
    const handler = definition.effects?.[name];
    if (!handler) continue;
    try {
      await WorkflowEffect.create({ _id: effectId(String(workflowCase._id), logged.seq, name), caseId: workflowCase._id, seq: logged.seq, name, kind: definition.kind, claimedAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) continue; // another process claimed it
      throw error;
    }
    await executeEffect(handler, name, workflowCase, logged, effectId(String(workflowCase._id), logged.seq, name));
  }
}

async function executeEffect(
  handler: NonNullable<WorkflowDefinition["effects"]>[string],
  name: string,
  workflowCase: WorkflowCaseRecord,
  logged: TransitionRecord,
  claimId: mongoose.Types.ObjectId,
) {
  const filter = { _id: claimId };
  try {
    await handler({ caseId: String(workflowCase._id), seq: logged.seq, transition: logged, workflowCase });
    await WorkflowEffect.updateOne(filter, { $set: { doneAt: new Date() }, $unset: { error: 1 } });
  } catch (error) {
    // The transition is committed; the sweeper retries unfinished effects.
    console.error(`workflow effect ${name} for case ${String(workflowCase._id)}#${logged.seq} failed`, error);
    await WorkflowEffect.updateOne(filter, { $set: { error: String((error as Error).message ?? error) } });
  }
}

/**
 * For effects that record their result on the case (e.g. the registered organization's id).
 * The embedded database rewrites whole documents on update, so a concurrent roll-forward can
 * drop a field just set; this writes, reads back, and writes again until the fields stick.
 */
export async function setCaseFields(caseId: string, fields: Record<string, unknown>): Promise<void> {
  const projection = Object.fromEntries(Object.keys(fields).map((key) => [key, 1]));
  for (let attempt = 0; attempt < 5; attempt++) {
    await WorkflowCase.updateOne({ _id: caseId }, { $set: fields });
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    const row = (await WorkflowCase.findById(caseId, projection).lean()) as Record<string, unknown> | null;
    const stuck = Object.entries(fields).every(([key, value]) => String(key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], row)) === String(value));
    if (stuck) return;
  }
  throw new Error(`could not record ${Object.keys(fields).join(", ")} on case ${caseId}`);
}

/** Sweeper step: re-runs effects claimed more than `olderThanMs` ago and not done. */
export async function retryUnfinishedEffects(olderThanMs = 60_000, now = Date.now()): Promise<number> {
  const stale = await WorkflowEffect.find(
    { doneAt: null, claimedAt: mongoose.trusted({ $lt: new Date(now - olderThanMs) }) },
    { caseId: 1, seq: 1, name: 1 },
  ).lean();
  let retried = 0;
  for (const effect of stale) {
    const { workflowCase, definition } = await loadCase(String(effect.caseId));
    const handler = definition.effects?.[effect.name];
    const logged = (await WorkflowTransition.findById(transitionId(String(effect.caseId), effect.seq)).lean()) as TransitionRecord | null;
    if (!handler || !logged) continue;
    await WorkflowEffect.updateOne({ _id: effect._id }, { $set: { claimedAt: new Date(now) } });
    await executeEffect(handler, effect.name, workflowCase, logged, effect._id);
    retried++;
  }
  return retried;
}

/**
 * Sweeper step: sends DEADLINE_PASSED to every case whose clock has run out. The due cases are
 * read in one query (every filter but a lone _id scans the collection on the embedded database,
 * and no cursor is held open across the writes: that stalls them there); kinds marked
 * `batchSweep` then move a batch at a time, the others one by one. Two sweepers at once are
 * safe: the log insert lets one transition through, the other is skipped as a conflict.
 */
export async function sweepDeadlines(now = new Date(), batchSize = 2000): Promise<{ sent: number; skipped: number; failed: number }> {
  const due = (await WorkflowCase.find({ wakeAt: mongoose.trusted({ $lte: now }) }).lean()) as WorkflowCaseRecord[];
  const tally = { sent: 0, skipped: 0, failed: 0 };
  const batched = due.filter((c) => registry.get(c.kind)?.batchSweep);
  for (let i = 0; i < batched.length; i += batchSize) {
    const rows = batched.slice(i, i + batchSize);
    const { sent } = await transitionMany(rows, { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now });
    tally.sent += sent;
    tally.skipped += rows.length - sent;
  }
  for (const row of due.filter((c) => !registry.get(c.kind)?.batchSweep)) {
    try {
      await sendEvent(String(row._id), { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now });
      tally.sent++;
    } catch (error) {
      if (error instanceof WorkflowError && (error.code === "conflict" || error.code === "refused")) {
        tally.skipped++; // another sweeper got there first, or nothing is due after all
      } else {
        // One broken case (e.g. an unknown machine version) must not stop the others' clocks.
        console.error(`sweep: case ${String(row._id)} failed`, error);
        tally.failed++;
      }
    }
  }
  return tally;
}

export async function caseHistory(caseId: string): Promise<TransitionRecord[]> {
  return (await WorkflowTransition.find({ caseId }, { snapshot: 0 }).sort({ seq: 1 }).lean()) as unknown as TransitionRecord[];
}

// ---------------------------------------------------------------------------------------------
// Batch paths (campaigns of thousands of cases). Same rules as the single-case calls: the
// natural caseKey and the (caseId, seq) log row stay the serialization points, so a batch run
// twice, or two batches at once, create and transition nothing twice.

export interface BatchCaseInput {
  caseKey: string;
  input: unknown;
  title: string;
  titleSortKey?: string;
  organizationId?: string | null;
  ownerUserId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Creates many cases of one kind at once (insertMany, unordered). Idempotent through the natural
 * `caseKey`: keys that exist already are left alone. Each created case gets its creation log row.
 */
export async function createCases(kind: string, items: BatchCaseInput[], options: { actor: Actor; now?: Date }): Promise<{ created: number; existing: number }> {
  const definition = workflowDefinition(kind);
  const at = options.now ?? new Date();
  const actor = { userId: options.actor.userId ? new mongoose.Types.ObjectId(options.actor.userId) : undefined, name: options.actor.name, role: options.actor.role };
  // Machines are pure: equal inputs (a campaign's thousands of reports share one) start equal.
  const initialByInput = new Map<string, { snapshot: AnyMachineSnapshot; persisted: Record<string, unknown>; clock: ReturnType<typeof clockOf> }>();
  const initialOf = (input: unknown) => {
    const key = JSON.stringify(input) ?? "";
    let initial = initialByInput.get(key);
    if (!initial) {
      const snapshot = getInitialSnapshot(definition.machine, input as never) as AnyMachineSnapshot;
      initialByInput.set(key, (initial = { snapshot, persisted: persist(definition, snapshot), clock: clockOf(definition, snapshot) }));
    }
    return initial;
  };
  const cases = items.map((item) => {
    const { snapshot, persisted, clock } = initialOf(item.input);
    return {
      _id: new mongoose.Types.ObjectId(),
      caseKey: item.caseKey,
      kind,
      machineVersion: definition.version,
      seq: 0,
      state: stateName(snapshot.value),
      snapshot: persisted,
      title: item.title,
      titleSortKey: item.titleSortKey ?? "",
      ...(item.organizationId ? { organizationId: new mongoose.Types.ObjectId(item.organizationId) } : {}),
      ...(item.ownerUserId ? { ownerUserId: new mongoose.Types.ObjectId(item.ownerUserId) } : {}),
      ...(clock.dueAt ? { dueAt: clock.dueAt } : {}),
      dueSort: clock.dueSort,
      ...(clock.wakeAt ? { wakeAt: clock.wakeAt } : {}),
      data: item.data ?? {},
      createdAt: at,
      updatedAt: at,
    };
  });
  const duplicates = await insertIgnoringDuplicates(WorkflowCase.collection, cases);
  const created = cases.filter((_, index) => !duplicates.has(index));
  await insertIgnoringDuplicates(
    WorkflowTransition.collection,
    created.map((c) => ({
      _id: transitionId(String(c._id), 0),
      caseId: c._id,
      seq: 0,
      kind,
      event: "CREATE",
      payload: {},
      actor,
      from: "",
      to: c.state,
      comment: "",
      snapshot: c.snapshot,
      machineVersion: definition.version,
      at,
    })),
  );
  if (created.length) await casesChanged(kind);
  return { created: created.length, existing: duplicates.size };
}

/**
 * Sends one event to many cases (e.g. DEADLINE_PASSED to a campaign's unfiled reports): pure
 * transitions in memory, log rows inserted unordered (a row someone else inserted first means
 * that case is skipped, exactly as a 409), case snapshots updated in one bulk write, then the
 * effects claimed in bulk and run (batch handlers when the definition has them).
 */
export async function sendEventToMany(caseIds: string[], event: EventObject & Record<string, unknown>, options: { actor: Actor; now?: Date }): Promise<{ sent: number; skipped: number }> {
  if (caseIds.length === 0) return { sent: 0, skipped: 0 };
  const rows = (await WorkflowCase.find({ _id: mongoose.trusted({ $in: caseIds.map((id) => new mongoose.Types.ObjectId(id)) }) }).lean()) as WorkflowCaseRecord[];
  const result = await transitionMany(rows, event, options);
  return { sent: result.sent, skipped: caseIds.length - result.sent };
}

/** sendEventToMany on cases already loaded (the sweeper reads them in the same query that finds them). */
async function transitionMany(rows: WorkflowCaseRecord[], event: EventObject & Record<string, unknown>, options: { actor: Actor; now?: Date }): Promise<{ sent: number }> {
  const at = options.now ?? new Date();
  const fullEvent = { ...event, at: at.toISOString() };
  const { type, at: _at, ...payload } = fullEvent;
  const actor = { userId: options.actor.userId ? new mongoose.Types.ObjectId(options.actor.userId) : undefined, name: options.actor.name, role: options.actor.role };
  const planned: { workflowCase: WorkflowCaseRecord; definition: WorkflowDefinition; logged: TransitionRecord; actions: string[]; clock: ReturnType<typeof clockOf> }[] = [];
  // Machines are pure: cases in equal states (a campaign's unfiled reports) move alike, so each
  // distinct (kind, version, snapshot) is restored and transitioned once.
  type Step = { persisted: Record<string, unknown>; to: string; actions: string[]; clock: ReturnType<typeof clockOf> } | null;
  const stepByState = new Map<string, Step>();
  const stepOf = (definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord): Step => {
    const key = `${workflowCase.kind}:${workflowCase.machineVersion}:${JSON.stringify(workflowCase.snapshot)}`;
    if (stepByState.has(key)) return stepByState.get(key)!;
    let stored: unknown;
    try {
      stored = upgradedSnapshot(definition, workflowCase.kind, workflowCase.machineVersion, workflowCase.snapshot);
    } catch {
      stepByState.set(key, null); // an unknown version: left alone, as a single sendEvent would refuse it
      return null;
    }
    const snapshot = restore(definition, stored);
    let step: Step = null;
    if (snapshot.can(fullEvent)) {
      const [next, actions] = transition(definition.machine, snapshot, fullEvent as never);
      step = {
        persisted: persist(definition, next as AnyMachineSnapshot),
        to: stateName((next as AnyMachineSnapshot).value),
        actions: actions.map((a) => (a as { type: string }).type),
        clock: clockOf(definition, next as AnyMachineSnapshot),
      };
    }
    stepByState.set(key, step);
    return step;
  };
  for (const workflowCase of rows) {
    const definition = workflowDefinition(workflowCase.kind);
    const step = stepOf(definition, workflowCase);
    if (!step) continue;
    const { persisted, actions, clock } = step;
    const seq = workflowCase.seq + 1;
    planned.push({
      workflowCase,
      definition,
      actions,
      clock,
      logged: {
        _id: transitionId(String(workflowCase._id), seq),
        caseId: workflowCase._id,
        seq,
        kind: workflowCase.kind,
        event: type,
        payload: { ...payload, at: fullEvent.at },
        actor,
        from: workflowCase.state,
        to: step.to,
        comment: "",
        snapshot: persisted,
        machineVersion: definition.version,
        at,
      } as TransitionRecord,
    });
  }
  const lost = await insertIgnoringDuplicates(WorkflowTransition.collection, planned.map((p) => p.logged as unknown as Record<string, unknown>));
  const won = planned.filter((_, index) => !lost.has(index));
  // One bulk write of _id-only updates: the embedded database finds each by its _id index,
  // where a filter on a list of ids would scan the collection and test every id per document.
  if (won.length) {
    await WorkflowCase.bulkWrite(
      won.map(({ workflowCase, definition, logged, clock }) => ({
        updateOne: { filter: { _id: workflowCase._id }, update: { $set: { snapshot: logged.snapshot, state: logged.to, seq: logged.seq, machineVersion: definition.version, ...clock, updatedAt: at } } },
      })),
      { ordered: false },
    );
    for (const kind of new Set(won.map((w) => w.workflowCase.kind))) await casesChanged(kind);
  }
  // Effects: claim each (caseId, seq, name) once, then run them (in batches where possible).
  const byEffect = new Map<string, { definition: WorkflowDefinition; args: EffectArgs[] }>();
  for (const { workflowCase, definition, logged, actions, clock } of won) {
    const updated = { ...workflowCase, snapshot: logged.snapshot, state: logged.to, seq: logged.seq, ...clock } as WorkflowCaseRecord;
    for (const name of actions) {
      if (!definition.effects?.[name]) continue;
      const key = `${definition.kind}:${name}`;
      if (!byEffect.has(key)) byEffect.set(key, { definition, args: [] });
      byEffect.get(key)!.args.push({ caseId: String(workflowCase._id), seq: logged.seq, transition: logged, workflowCase: updated });
    }
  }
  for (const [key, { definition, args }] of byEffect) {
    const name = key.slice(definition.kind.length + 1);
    const claims = args.map((a) => ({ _id: effectId(a.caseId, a.seq, name), caseId: new mongoose.Types.ObjectId(a.caseId), seq: a.seq, name, kind: definition.kind, claimedAt: new Date() }));
    const taken = await insertIgnoringDuplicates(WorkflowEffect.collection, claims);
    const mine = args.filter((_, index) => !taken.has(index));
    const batch = definition.batchEffects?.[name];
    if (batch && mine.length) {
      const mark = (set: Record<string, unknown>) =>
        WorkflowEffect.bulkWrite(
          mine.map((a) => ({ updateOne: { filter: { _id: effectId(a.caseId, a.seq, name) }, update: { $set: set } } })),
          { ordered: false },
        );
      try {
        await batch(mine);
        await mark({ doneAt: new Date() });
      } catch (error) {
        console.error(`workflow batch effect ${name} failed`, error); // the sweeper retries them one by one
        await mark({ error: String((error as Error).message ?? error) });
      }
    } else {
      for (const a of mine) await executeEffect(definition.effects![name]!, name, a.workflowCase, a.transition, effectId(a.caseId, a.seq, name));
    }
  }
  return { sent: won.length };
}
