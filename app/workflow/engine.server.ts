/**
 * The workflow engine: drives any pure XState v5 machine over a persisted case.
 *
 *   load case → transition(machine, snapshot, event) (pure)
 *   → insert the outbox row (caseId, seq+1, nonce, effects)   ← what this step owes, durable first
 *   → insert log row (caseId, seq+1, nonce)                    ← the serialization point: one writer wins
 *   → write the case's cached snapshot (guarded by seq)
 *   → settle: run the case's owed effects in seq order, each claimed once, then drop the outbox row.
 *
 * A crash anywhere leaves either an outbox row whose log row never came (that step never
 * committed and owes nothing) or a committed step with its outbox row still there, which the
 * recovery pass (start-up and every sweep) or the next write to the case settles. Row ids are
 * derived from their natural keys, so every lookup here is an _id lookup, the one the embedded
 * database pushes down. See ADR 005 (the engine), ADR 012 (crash safety) and docs/workflow.md.
 */
import { createHash, randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from "xstate";
import { touchReadModel } from "@models/read-model-version";
import { NO_DUE_DATE, WorkflowCase, type WorkflowCaseFields } from "@models/workflow-case";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowPendingStep } from "@models/workflow-pending-step";
import { WorkflowTransition, type WorkflowTransitionFields } from "@models/workflow-transition";
import { linkWorkflowDecision } from "~/audit/workflow-link.server";
import { insertIgnoringDuplicates, isDuplicateKeyError } from "~/db.server";
import { env } from "~/env.server";
import { isMessageKey, type MessageKey, type Params } from "~/i18n/i18n";
import { crashPoint, type CrashPoint } from "./crash-points.server";
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
  /** The log row of the step that owes the effect (its event, payload, actor and time). */
  transition: TransitionRecord;
  /** The case as of that step: the step's snapshot and state, the case's other fields as stored now. */
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
  /**
   * Handlers for the machine's named side-effect actions, run after commit, in seq order per case.
   * Must be idempotent: after a crash a handler may run again (exactly once in effect, ADR 012).
   */
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

/** Types a workflow definition. Defining registers nothing: `app/registries.server.ts` does, at start. */
export function defineWorkflow<TMachine extends AnyStateMachine>(definition: WorkflowDefinition<TMachine>): WorkflowDefinition<TMachine> {
  return definition;
}

/** Makes a kind's cases loadable. Registering the same definition again changes nothing; another one for a taken kind throws. */
export function registerWorkflow<TMachine extends AnyStateMachine>(definition: WorkflowDefinition<TMachine>): void {
  const known = registry.get(definition.kind);
  if (known && known !== (definition as unknown)) throw new Error(`A workflow for kind "${definition.kind}" is already registered.`);
  registry.set(definition.kind, definition as unknown as WorkflowDefinition);
}

/** Every kind registered so far (all of them once `installRegistries()` has run at start). */
export function registeredKinds(): string[] {
  return [...registry.keys()];
}

export function workflowDefinition(kind: string): WorkflowDefinition {
  const definition = registry.get(kind);
  if (!definition) throw new Error(`No workflow is registered for kind "${kind}" (installRegistries() runs at start: app/registries.server.ts)`);
  return definition;
}


/**
 * Name of the read-model token (models/read-model-version.ts) replaced after every write of a
 * kind's cases, so an in-process copy of them (e.g. a campaign's dashboard) knows when to re-read.
 */
export const casesReadModel = (kind: string) => `workflow:${kind}`;
/**
 * Replaces a kind's token so the copies of its cases (case lists, workbenches, dashboards) re-read.
 * Steps and case creation call it themselves; so must every other write to a case (a draft's data,
 * an effect's result, a campaign's reminders).
 */
export const casesChanged = (kind: string) => touchReadModel(casesReadModel(kind));

/**
 * The log row's _id, derived from (caseId, seq): an ObjectId, because the embedded database
 * answers ObjectId lookups (hits and misses alike) without scanning, which a string key's
 * misses are not. The unique (caseId, seq) index remains the guarantee.
 */
export function transitionId(caseId: string, seq: number): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash("sha256").update(`${caseId}:${seq}`).digest().subarray(0, 12));
}

/** An outbox row's _id, derived from (caseId, seq, nonce): each writer's attempt has its own. */
export function pendingStepId(caseId: string, seq: number, nonce: string): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash("sha256").update(`${caseId}:${seq}:${nonce}`).digest().subarray(0, 12));
}

/**
 * An effect claim's _id, derived from (caseId, seq, name, attempt) like the log row's, so a claim
 * is an insert only one process can win and marking it done is an _id update. Attempt 0 keeps the
 * key claims had before attempts existed.
 */
export function effectId(caseId: string, seq: number, name: string, attempt = 0): mongoose.Types.ObjectId {
  const key = attempt === 0 ? `${caseId}:${seq}:${name}` : `${caseId}:${seq}:${name}:${attempt}`;
  return new mongoose.Types.ObjectId(createHash("sha256").update(key).digest("hex").slice(0, 24));
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

/** A log row as the engine writes it: every attempt has a nonce and names the effects it owes. */
type LoggedStep = TransitionRecord & { nonce: string; effects: string[] };

/** The machine's actions that are side effects of this definition, in the order the machine lists them. */
function effectNames(definition: WorkflowDefinition, actions: readonly unknown[]): string[] {
  return actions.map((a) => (a as { type: string }).type).filter((name) => Boolean(definition.effects?.[name]));
}

const newNonce = () => randomBytes(8).toString("hex");

/** A log row younger than this belongs to a writer that is presumably still finishing its own step. */
const FRESH_WINNER_MS = 5_000;
/** After this many attempts an effect is left for an operator (its claims keep the errors). */
const MAX_EFFECT_ATTEMPTS = 200;

/**
 * How long a claimed effect may go without a sign of life before another process takes it over:
 * the claim timeout (a live claim never gets that old: its process refreshes it while the handler
 * runs). An attempt that failed waits the timeout doubled per attempt so far, up to 64 times, so
 * a handler that keeps failing is retried ever more slowly instead of on every sweep.
 */
function claimLifetimeMs(attempt: number, failed: boolean): number {
  return env().WORKFLOW_EFFECT_TIMEOUT_SECONDS * 1000 * (failed ? 2 ** Math.min(attempt, 6) : 1);
}

/**
 * Runs `work` while refreshing the claims' `claimedAt` every third of the claim timeout, so a slow
 * handler (a competition moving all its entries) is never mistaken for a dead one; only a process
 * that died stops the heartbeat.
 */
async function withHeartbeat<T>(claims: mongoose.Types.ObjectId[], work: () => Promise<T>): Promise<T> {
  let beating: Promise<unknown> = Promise.resolve();
  const beat = setInterval(() => {
    beating = WorkflowEffect.bulkWrite(claims.map((_id) => ({ updateOne: { filter: { _id, doneAt: null }, update: { $set: { claimedAt: new Date() } } } })), { ordered: false }).catch(() => {});
  }, (env().WORKFLOW_EFFECT_TIMEOUT_SECONDS * 1000) / 3);
  beat.unref();
  try {
    return await work();
  } finally {
    clearInterval(beat);
    // A refresh still on its way lands before the done mark: the embedded database rewrites the
    // whole claim, so a refresh that read it before the mark would write it back unmarked.
    await beating;
  }
}

/**
 * Marks finished claims done and reads them back until the mark sticks (the embedded database
 * rewrites whole documents on update, so a concurrent write can drop it). Only then may the step's
 * outbox row go: recovery reads the outbox alone, so a lost mark with no row would be owed forever.
 */
async function markEffectsDone(claims: mongoose.Types.ObjectId[], doneAt = new Date()): Promise<void> {
  let open = claims;
  for (let attempt = 0; attempt < 5 && open.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    await WorkflowEffect.bulkWrite(open.map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { doneAt } } } })), { ordered: false });
    const marked = await WorkflowEffect.find(open.length === 1 ? { _id: open[0] } : { _id: mongoose.trusted({ $in: open }) }, { doneAt: 1 }).lean();
    const done = new Set(marked.filter((claim) => claim.doneAt).map((claim) => String(claim._id)));
    open = open.filter((_id) => !done.has(String(_id)));
  }
  if (open.length > 0) throw new Error(`could not mark effect claims ${open.map(String).join(", ")} done`);
}

function actorRecord(actor: Actor) {
  return { userId: actor.userId ? new mongoose.Types.ObjectId(actor.userId) : undefined, name: actor.name, role: actor.role };
}

/** What one step of a case did: the part of its log row that differs from step to step. */
interface StepFacts {
  event: string;
  payload: Record<string, unknown>;
  actor: Actor;
  to: string;
  comment: string;
  snapshot: Record<string, unknown>;
  effects: string[];
  at: Date;
}

/** The log row of a case's next step (seq + 1), the one shape the single and the batch path write. */
function nextLogRow(workflowCase: Pick<WorkflowCaseRecord, "_id" | "kind" | "seq" | "state">, definition: WorkflowDefinition, step: StepFacts): LoggedStep {
  const seq = workflowCase.seq + 1;
  return {
    ...step,
    _id: transitionId(String(workflowCase._id), seq),
    caseId: workflowCase._id,
    seq,
    kind: workflowCase.kind,
    actor: actorRecord(step.actor),
    from: workflowCase.state,
    machineVersion: definition.version,
    nonce: newNonce(),
  } as LoggedStep;
}

/** The outbox row of a step: what it owes, written before its log row (ADR 012). */
function outboxRow(logged: LoggedStep) {
  return {
    _id: pendingStepId(String(logged.caseId), logged.seq, logged.nonce),
    caseId: logged.caseId,
    seq: logged.seq,
    nonce: logged.nonce,
    kind: logged.kind,
    effects: logged.effects,
    createdAt: new Date(),
  };
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

/** The creation log row (seq 0) of a case: written before the case, so no case is ever without it. */
function creationRow(definition: WorkflowDefinition, caseId: mongoose.Types.ObjectId, state: string, persisted: Record<string, unknown>, actor: Actor, at: Date) {
  return {
    _id: transitionId(String(caseId), 0),
    caseId,
    seq: 0,
    kind: definition.kind,
    event: "CREATE",
    payload: {},
    actor: actorRecord(actor),
    from: "",
    to: state,
    comment: "",
    snapshot: persisted,
    machineVersion: definition.version,
    at,
    nonce: "",
    effects: [],
  };
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
  await WorkflowTransition.create(creationRow(definition, _id, state, persisted, options.actor, at));
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
    await WorkflowTransition.deleteOne({ _id: transitionId(String(_id), 0) }); // no case of that id will ever exist
    if (!isDuplicateKeyError(error)) throw error;
    const existing = (await WorkflowCase.findOne({ caseKey }).lean()) as WorkflowCaseRecord | null;
    if (!existing) throw error;
    return { ...existing, created: false };
  }
  await casesChanged(options.kind);
  return { ...(created.toObject() as WorkflowCaseRecord), created: true };
}

/**
 * Loads a case, rolling its cached snapshot forward from the log when a process died between
 * the log insert and the case update (and settling what those steps owe). Fails loudly on a
 * snapshot of an unknown machine version.
 */
export async function loadCase(caseId: string): Promise<{ workflowCase: WorkflowCaseRecord; definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }> {
  return readCase(caseId, { rollForward: true });
}

/**
 * `rollForward: false` skips the log check: sendEvent finds out at its insert instead (a
 * duplicate key means the log is ahead), which spares the hot path a lookup.
 */
async function readCase(caseId: string, options: { rollForward: boolean }) {
  if (!mongoose.isValidObjectId(caseId)) throw new WorkflowError("notFound", "workflow.error.notFound");
  let workflowCase = (await WorkflowCase.findById(caseId).lean()) as WorkflowCaseRecord | null;
  if (!workflowCase) throw new WorkflowError("notFound", "workflow.error.notFound");
  const definition = workflowDefinition(workflowCase.kind);
  if (options.rollForward) {
    const seq = workflowCase.seq;
    workflowCase = await rollForward(definition, workflowCase);
    if (workflowCase.seq !== seq) await settleCase(caseId);
  }
  noteSeq(caseId, workflowCase.seq);
  if (workflowCase.machineVersion !== definition.version) {
    // An older snapshot is upgraded in memory; the next transition stores the current version.
    const snapshot = upgradedSnapshot(definition, workflowCase.kind, workflowCase.machineVersion, workflowCase.snapshot);
    workflowCase = { ...workflowCase, snapshot, machineVersion: definition.version } as WorkflowCaseRecord;
  }
  return { workflowCase, definition, snapshot: restore(definition, workflowCase.snapshot) };
}

/** A logged step's snapshot at the definition's version (older rows are upgraded in memory). */
function loggedSnapshot(definition: WorkflowDefinition, logged: TransitionRecord): Record<string, unknown> {
  if (logged.machineVersion === definition.version) return logged.snapshot as Record<string, unknown>;
  return upgradedSnapshot(definition, logged.kind, logged.machineVersion, logged.snapshot) as Record<string, unknown>;
}

/** The cache fields a logged step sets on its case. */
function cacheFields(definition: WorkflowDefinition, logged: TransitionRecord) {
  const snapshot = loggedSnapshot(definition, logged);
  return { snapshot, state: logged.to, seq: logged.seq, machineVersion: definition.version, ...clockOf(definition, restore(definition, snapshot)) };
}

/**
 * Writes a logged step into the case's cache, guarded by the seq it follows: the cache moves from
 * seq-1 to seq and never otherwise. On MongoDB the guard is atomic, so the cache only moves forward.
 * On the embedded database an update reads, changes and writes back the document without a lock,
 * so two writers a few milliseconds apart can still leave the cache one step behind (never ahead:
 * only logged steps are written); every read for writing rolls it forward again (ADR 012).
 * Answers whether the guard matched.
 */
async function writeCache(definition: WorkflowDefinition, caseId: mongoose.Types.ObjectId, logged: TransitionRecord): Promise<boolean> {
  const result = await WorkflowCase.updateOne({ _id: caseId, seq: logged.seq - 1 }, { $set: cacheFields(definition, logged) });
  await casesChanged(definition.kind);
  return result.matchedCount === 1;
}

/** The case as a step left it: that step's snapshot and state, the other fields as given. */
function asOfStep(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord, logged: TransitionRecord): WorkflowCaseRecord {
  const { snapshot, state, seq, machineVersion, dueAt, wakeAt, dueSort } = cacheFields(definition, logged);
  return { ...workflowCase, snapshot, state, seq, machineVersion, dueAt, wakeAt, dueSort } as WorkflowCaseRecord;
}

/**
 * Brings a cached case up to the log's last row (normally zero steps: one _id lookup that misses).
 * Steps logged before the outbox existed have no outbox row, so their effects run here, as they
 * did then; newer steps' effects are settled from their outbox rows.
 */
async function rollForward(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord): Promise<WorkflowCaseRecord> {
  for (;;) {
    const next = (await WorkflowTransition.findById(transitionId(String(workflowCase._id), workflowCase.seq + 1)).lean()) as TransitionRecord | null;
    if (!next) return workflowCase;
    const previous = workflowCase;
    await writeCache(definition, workflowCase._id, next);
    workflowCase = asOfStep(definition, workflowCase, next);
    if (next.effects === undefined || next.effects === null) {
      const before = restore(definition, loggedOrCached(definition, previous));
      const [, actions] = transition(definition.machine, before, { type: next.event, ...(next.payload as object) } as never);
      await runStepEffects(definition, workflowCase, next, effectNames(definition, actions));
    }
  }
}

/** A cached snapshot at the definition's version. */
function loggedOrCached(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord): unknown {
  if (workflowCase.machineVersion === definition.version) return workflowCase.snapshot;
  return upgradedSnapshot(definition, workflowCase.kind, workflowCase.machineVersion, workflowCase.snapshot);
}

export interface SendOptions {
  actor: Actor;
  comment?: string;
  /**
   * The seq the user's page showed; a different current seq means someone acted first (409).
   * Without it (system steps: the sweeper, a competition moving its entries) a step that finds the
   * case moved on is recomputed on the case as it now is, a few times, before answering conflict.
   */
  expectedSeq?: number;
  now?: Date;
  /** Tests only: throw a SimulatedCrash at this window, leaving the database as a crash would. */
  crashAt?: CrashPoint;
}

export interface SendResult {
  workflowCase: WorkflowCaseRecord;
  transition: TransitionRecord;
}

const SYSTEM_STEP_TRIES = 3;

// ---------------------------------------------------------------------------------------------
// One step at a time per case in this process. The log row stays the guarantee (across processes
// too); this only spares a double click's losers the database: they wait for the step in flight,
// then find their page out of date in memory and are answered at once.

const stepInFlight = new Map<string, Promise<void>>();
/** The last seq this process saw committed per case (bounded: oldest forgotten first). */
const knownSeq = new Map<string, number>();
const KNOWN_SEQ_LIMIT = 10_000;
/** The cases this process moved last, as its step left them (bounded like knownSeq). */
const committedHere = new Map<string, Awaited<ReturnType<typeof loadCase>>>();
const COMMITTED_HERE_LIMIT = 1_000;

function noteSeq(caseId: string, seq: number): void {
  if ((knownSeq.get(caseId) ?? -1) >= seq) return;
  knownSeq.delete(caseId);
  knownSeq.set(caseId, seq);
  if (knownSeq.size > KNOWN_SEQ_LIMIT) knownSeq.delete(knownSeq.keys().next().value!);
}

function noteCommitted(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord): void {
  committedHere.delete(String(workflowCase._id));
  committedHere.set(String(workflowCase._id), { workflowCase, definition, snapshot: restore(definition, workflowCase.snapshot) });
  if (committedHere.size > COMMITTED_HERE_LIMIT) committedHere.delete(committedHere.keys().next().value!);
}

/**
 * The case as a step this process committed left it, when that is the latest seq known here: what
 * a double click's losers are checked against (who may see the case) without a database read,
 * before being told their page is out of date. Null when this process has nothing so recent.
 */
export function caseAsCommittedHere(caseId: string): Awaited<ReturnType<typeof loadCase>> | null {
  const copy = committedHere.get(caseId);
  return copy && copy.workflowCase.seq === knownSeq.get(caseId) ? copy : null;
}

async function oneAtATime<T>(caseId: string, work: () => Promise<T>): Promise<T> {
  for (let running = stepInFlight.get(caseId); running; running = stepInFlight.get(caseId)) await running;
  let release!: () => void;
  stepInFlight.set(caseId, new Promise<void>((resolve) => (release = resolve)));
  try {
    return await work();
  } finally {
    stepInFlight.delete(caseId);
    release();
  }
}

/**
 * Is a page showing `seq` certainly out of date? Waits for a step this process is taking on the
 * case, then answers from memory (seqs only grow): no database read. False means "not known here";
 * the log insert still decides.
 */
export async function outdatedHere(caseId: string, seq: number): Promise<boolean> {
  for (let running = stepInFlight.get(caseId); running; running = stepInFlight.get(caseId)) await running;
  return (knownSeq.get(caseId) ?? -1) > seq;
}

/**
 * Sends one event. Refuses what the machine does not accept (with the reason), and answers a
 * conflict when another request made a transition first.
 */
export async function sendEvent(caseId: string, event: EventObject & Record<string, unknown>, options: SendOptions): Promise<SendResult> {
  for (let tries = 1; ; tries++) {
    const attempt = await oneAtATime(caseId, () => attemptStep(caseId, event, options));
    if (attempt.committed) {
      // Settled outside the one-at-a-time section: the step is committed, and an effect may itself
      // send events (to other cases, or to this one).
      await settleCase(caseId, options.crashAt);
      return attempt.committed;
    }
    if (attempt.rolledForward) await settleCase(caseId);
    if ((attempt.pageAhead || options.expectedSeq === undefined) && tries < SYSTEM_STEP_TRIES) continue;
    throw new WorkflowError("conflict", "workflow.error.conflict");
  }
}

type Attempt = { committed: SendResult; rolledForward?: never; pageAhead?: never } | { committed?: never; rolledForward: boolean; pageAhead?: boolean };

/** One attempt at a step: committed, or lost to another writer (after rolling the case forward when that writer is gone). */
async function attemptStep(caseId: string, event: EventObject & Record<string, unknown>, options: SendOptions): Promise<Attempt> {
  if (options.expectedSeq !== undefined && (knownSeq.get(caseId) ?? -1) > options.expectedSeq) {
    throw new WorkflowError("conflict", "workflow.error.conflict");
  }
  const { workflowCase, definition, snapshot } = await readCase(caseId, { rollForward: false });
  if (options.expectedSeq !== undefined && options.expectedSeq > workflowCase.seq) {
    // The page saw a step the cache lacks: its writer died between the log row and the cache.
    // Roll forward (settled outside this section) and try again: the page may be current.
    const rolled = await rollForward(definition, workflowCase);
    return { rolledForward: rolled.seq !== workflowCase.seq, pageAhead: rolled.seq !== workflowCase.seq };
  }
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
  const { type, at: _at, ...payload } = fullEvent;
  const logged = nextLogRow(workflowCase, definition, {
    event: type,
    payload: { ...payload, at: fullEvent.at },
    actor: options.actor,
    to: stateName((next as AnyMachineSnapshot).value),
    comment: options.comment?.trim() ?? "",
    snapshot: persist(definition, next as AnyMachineSnapshot),
    effects: effectNames(definition, actions),
    at,
  });
  const seq = logged.seq;
  const pending = outboxRow(logged);
  const pendingId = pending._id;
  // What this step owes is durable before the step is: the outbox row first, then the log row.
  await WorkflowPendingStep.create(pending);
  crashPoint("afterPending", type, options.crashAt);
  try {
    await WorkflowTransition.create(logged);
  } catch (error) {
    // This attempt did not commit: its outbox row goes (left behind, settling drops it anyway).
    await WorkflowPendingStep.deleteOne({ _id: pendingId }).catch(() => {});
    if (!isDuplicateKeyError(error)) throw error;
    // Someone else's row `seq` is there: a concurrent winner, or a crash that left the cache behind.
    if (options.expectedSeq !== undefined && !(await winnerAbandoned(caseId, seq))) return { rolledForward: false };
    const rolled = await rollForward(definition, workflowCase);
    noteSeq(caseId, rolled.seq);
    return { rolledForward: true };
  }
  // A person's decision is linked from the security audit trail (ADR 016). The decision stands
  // if the link cannot be written; `npm run audit:verify` lists decisions without one.
  await linkWorkflowDecision(logged._id as mongoose.Types.ObjectId).catch((error: unknown) => console.error("audit link failed", error));
  crashPoint("afterLog", type, options.crashAt);
  if (!(await writeCache(definition, workflowCase._id, logged))) {
    // The cache was not at seq-1: behind (a roll-forward will bring it) or already past it.
    const current = (await WorkflowCase.findById(caseId).lean()) as WorkflowCaseRecord | null;
    if (current && current.seq < seq) await rollForward(definition, current);
  }
  // Known here only once the cache has it: a page refused from memory never meets a cache left
  // behind by this process (which only a roll-forward, i.e. a database read, would heal).
  noteSeq(caseId, seq);
  crashPoint("afterCache", type, options.crashAt);
  const updated = asOfStep(definition, workflowCase, logged);
  noteCommitted(definition, updated);
  return { committed: { workflowCase: updated, transition: logged } };
}

/**
 * Did the writer of log row `seq` die before writing the cache? Its row is older than a live writer
 * needs to finish. A loser answers at once while the winner is fresh (it writes the cache itself,
 * and two writers of one document are what the embedded database can lose).
 */
async function winnerAbandoned(caseId: string, seq: number): Promise<boolean> {
  const winner = await WorkflowTransition.findById(transitionId(caseId, seq), { at: 1 }).lean();
  return !winner || Date.now() - winner.at.getTime() > FRESH_WINNER_MS;
}

// ---------------------------------------------------------------------------------------------
// Settling: what committed steps owe (the cache and the effects), from the outbox, in seq order.

/**
 * Settles a case's outbox rows in seq order: a row whose log row carries another nonce lost its
 * race and is dropped; a row whose log row is missing never committed (nothing after it can have
 * either), so settling stops there; a committed row gets the cache brought up to it and its effects
 * run, then it goes. Effects of step n never start before those of step n-1 are done: a step
 * blocked by an effect another process is running, or one that failed, stops the case there (that
 * process, or a later pass, carries on). Answers whether nothing is left to do.
 */
export async function settleCase(caseId: string, crashAt?: CrashPoint): Promise<boolean> {
  const rows = (await WorkflowPendingStep.find({ caseId: new mongoose.Types.ObjectId(caseId) }).lean()).sort((a, b) => a.seq - b.seq);
  if (rows.length === 0) return true;
  const stored = (await WorkflowCase.findById(caseId).lean()) as WorkflowCaseRecord | null;
  if (!stored) {
    await WorkflowPendingStep.deleteMany({ _id: mongoose.trusted({ $in: rows.map((r) => r._id) }) });
    return true;
  }
  const definition = workflowDefinition(stored.kind);
  const logged = new Map<number, TransitionRecord | null>();
  for (const seq of new Set(rows.map((r) => r.seq))) logged.set(seq, (await WorkflowTransition.findById(transitionId(caseId, seq)).lean()) as TransitionRecord | null);
  // Losing attempts first: their slot holds another nonce, so they can never commit.
  const committed = [];
  for (const row of rows) {
    const step = logged.get(row.seq);
    if (step && (step.nonce ?? "") !== row.nonce) await WorkflowPendingStep.deleteOne({ _id: row._id });
    else committed.push({ row, step });
  }
  let workflowCase = stored;
  for (const { row, step } of committed) {
    if (!step) return false; // never committed (yet): nothing after it can have either
    if (workflowCase.seq < row.seq) workflowCase = await rollForward(definition, workflowCase);
    if (!(await runStepEffects(definition, workflowCase, step, row.effects, crashAt))) return false;
    await WorkflowPendingStep.deleteOne({ _id: row._id });
  }
  return true;
}

/**
 * Runs a committed step's effects in order, each claimed first; answers false when one is held by
 * another process or failed (the step is not settled yet).
 */
async function runStepEffects(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord, logged: TransitionRecord, names: readonly string[], crashAt?: CrashPoint): Promise<boolean> {
  const caseId = String(logged.caseId);
  for (const name of names) {
    const handler = definition.effects?.[name];
    if (!handler) continue;
    const claim = await claimEffect(caseId, logged.seq, name, definition.kind);
    if (claim === "done") continue;
    if (claim === "busy") return false;
    crashPoint("effectClaimed", logged.event, crashAt);
    try {
      await withHeartbeat([claim], () => handler({ caseId, seq: logged.seq, transition: logged, workflowCase: asOfStep(definition, workflowCase, logged) }));
    } catch (error) {
      console.error(`workflow effect ${name} for case ${caseId}#${logged.seq} failed`, error);
      await WorkflowEffect.updateOne({ _id: claim }, { $set: { error: String((error as Error).message ?? error) } });
      return false;
    }
    crashPoint("effectRan", logged.event, crashAt);
    await markEffectsDone([claim]);
  }
  return true;
}

/**
 * Claims one effect of one step: the claim id of an attempt this process won, "done" when an
 * attempt finished, "busy" when a live attempt holds it (or failed recently). An attempt past its
 * lifetime is superseded by the next one: an insert, which exactly one process wins.
 */
async function claimEffect(caseId: string, seq: number, name: string, kind: string): Promise<mongoose.Types.ObjectId | "done" | "busy"> {
  for (let attempt = 0; attempt < MAX_EFFECT_ATTEMPTS; attempt++) {
    const _id = effectId(caseId, seq, name, attempt);
    try {
      await WorkflowEffect.create({ _id, caseId: new mongoose.Types.ObjectId(caseId), seq, name, kind, attempt, claimedAt: new Date() });
      return _id;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await WorkflowEffect.findById(_id, { doneAt: 1, claimedAt: 1, error: 1 }).lean();
    if (!held) continue;
    if (held.doneAt) return "done";
    if (Date.now() - held.claimedAt.getTime() < claimLifetimeMs(attempt, Boolean(held.error))) return "busy";
  }
  return "busy";
}

/**
 * For effects that record their result on the case (e.g. the registered organization's id).
 * The embedded database rewrites whole documents on update, so a concurrent cache write can
 * drop a field just set; this writes, reads back, and writes again until the fields stick.
 */
export async function setCaseFields(caseId: string, fields: Record<string, unknown>): Promise<void> {
  const projection = { kind: 1, ...Object.fromEntries(Object.keys(fields).map((key) => [key, 1])) };
  for (let attempt = 0; attempt < 5; attempt++) {
    await WorkflowCase.updateOne({ _id: caseId }, { $set: fields });
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    const row = (await WorkflowCase.findById(caseId, projection).lean()) as Record<string, unknown> | null;
    const stuck = Object.entries(fields).every(([key, value]) => String(key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], row)) === String(value));
    if (stuck) return casesChanged(String(row!.kind));
  }
  throw new Error(`could not record ${Object.keys(fields).join(", ")} on case ${caseId}`);
}

/**
 * The recovery pass (at start-up and in every sweep): settles every case with an outbox row. It
 * reads only the outbox, which holds what is in flight or owed, never the log. One case that fails
 * (an unknown machine version, a handler that throws) is counted and the pass goes on.
 */
export async function recoverPendingSteps(): Promise<{ cases: number; settled: number; waiting: number; failed: number }> {
  const rows = await WorkflowPendingStep.find({}, { caseId: 1 }).lean();
  const caseIds = [...new Set(rows.map((r) => String(r.caseId)))];
  const tally = { cases: caseIds.length, settled: 0, waiting: 0, failed: 0 };
  for (const caseId of caseIds) {
    try {
      if (await settleCase(caseId)) tally.settled++;
      else tally.waiting++;
    } catch (error) {
      console.error(`workflow recovery: case ${caseId} failed`, error);
      tally.failed++;
    }
  }
  return tally;
}

/**
 * Sweeper step: sends DEADLINE_PASSED to every case whose clock has run out. The due cases are
 * read in one query (every filter but a lone _id scans the collection on the embedded database,
 * and no cursor is held open across the writes: that stalls them there); kinds marked
 * `batchSweep` then move a batch at a time, the others one by one. Two sweepers at once are
 * safe: the log insert lets one transition through, the other rolls the case forward and finds
 * nothing left to do.
 */
export async function sweepDeadlines(now = new Date(), batchSize = 2000): Promise<{ sent: number; skipped: number; failed: number }> {
  const due = (await WorkflowCase.find({ wakeAt: mongoose.trusted({ $lte: now }) }).lean()) as WorkflowCaseRecord[];
  const tally = { sent: 0, skipped: 0, failed: 0 };
  const batched = due.filter((c) => registry.get(c.kind)?.batchSweep);
  for (let i = 0; i < batched.length; i += batchSize) {
    const rows = batched.slice(i, i + batchSize);
    try {
      const { sent } = await transitionMany(rows, { type: "DEADLINE_PASSED" }, { actor: SYSTEM_ACTOR, now });
      tally.sent += sent;
      tally.skipped += rows.length - sent;
    } catch (error) {
      console.error("sweep: a batch failed", error);
      tally.failed += rows.length;
    }
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

/**
 * A case's transition log, oldest first, by `_id` lookups (rows are keyed by (caseId, seq),
 * `transitionId`): the embedded database answers those without reading the whole log, which
 * grows with every step of every case and which a filter on `caseId` scans. Rows 0..seq of the
 * stored case are read together, then any later rows a crash left the cache behind on.
 */
export async function caseHistory(caseId: string): Promise<TransitionRecord[]> {
  const stored = await WorkflowCase.findById(caseId, { seq: 1 }).lean();
  if (!stored) return [];
  const row = (seq: number) => WorkflowTransition.findById(transitionId(caseId, seq), { snapshot: 0 }).lean() as Promise<TransitionRecord | null>;
  const rows = await Promise.all(Array.from({ length: stored.seq + 1 }, (_, seq) => row(seq)));
  for (let next = await row(stored.seq + 1); next; next = await row(next.seq + 1)) rows.push(next);
  return rows.filter((r): r is TransitionRecord => r !== null);
}

// ---------------------------------------------------------------------------------------------
// Batch paths (campaigns of thousands of cases). Same rules as the single-case calls: the
// natural caseKey and the (caseId, seq) log row stay the serialization points, the outbox rows
// go first, so a batch run twice, two batches at once, or a batch cut short by a crash create,
// transition and owe nothing twice.

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
 * `caseKey`: keys that exist already are left alone. Each case's creation log row is written
 * first (those of keys that existed are removed again), so no case is ever without it.
 */
export async function createCases(kind: string, items: BatchCaseInput[], options: { actor: Actor; now?: Date }): Promise<{ created: number; existing: number }> {
  const definition = workflowDefinition(kind);
  const at = options.now ?? new Date();
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
  await insertIgnoringDuplicates(
    WorkflowTransition.collection,
    cases.map((c) => creationRow(definition, c._id, c.state, c.snapshot, options.actor, at)),
  );
  const duplicates = await insertIgnoringDuplicates(WorkflowCase.collection, cases);
  const created = cases.filter((_, index) => !duplicates.has(index));
  if (duplicates.size) {
    await WorkflowTransition.bulkWrite(
      cases.filter((_, index) => duplicates.has(index)).map((c) => ({ deleteOne: { filter: { _id: transitionId(String(c._id), 0) } } })),
      { ordered: false },
    );
  }
  if (created.length) await casesChanged(kind);
  return { created: created.length, existing: duplicates.size };
}

/**
 * Sends one event to many cases (e.g. DEADLINE_PASSED to a campaign's unfiled reports): pure
 * transitions in memory, outbox rows then log rows inserted unordered (a log row someone else
 * inserted first means that case is rolled forward and skipped, exactly as a 409), case snapshots
 * updated in one bulk write, then the effects claimed in bulk and run (batch handlers when the
 * definition has them).
 */
export async function sendEventToMany(caseIds: string[], event: EventObject & Record<string, unknown>, options: { actor: Actor; now?: Date; crashAt?: CrashPoint }): Promise<{ sent: number; skipped: number }> {
  if (caseIds.length === 0) return { sent: 0, skipped: 0 };
  const rows = (await WorkflowCase.find({ _id: mongoose.trusted({ $in: caseIds.map((id) => new mongoose.Types.ObjectId(id)) }) }).lean()) as WorkflowCaseRecord[];
  const result = await transitionMany(rows, event, options);
  return { sent: result.sent, skipped: caseIds.length - result.sent };
}

type PlannedStep = { workflowCase: WorkflowCaseRecord; definition: WorkflowDefinition; logged: LoggedStep };

/** sendEventToMany on cases already loaded (the sweeper reads them in the same query that finds them). */
async function transitionMany(rows: WorkflowCaseRecord[], event: EventObject & Record<string, unknown>, options: { actor: Actor; now?: Date; crashAt?: CrashPoint }): Promise<{ sent: number }> {
  const at = options.now ?? new Date();
  const fullEvent = { ...event, at: at.toISOString() };
  const { type, at: _at, ...payload } = fullEvent;
  const planned: PlannedStep[] = [];
  // Machines are pure: cases in equal states (a campaign's unfiled reports) move alike, so each
  // distinct (kind, version, snapshot) is restored and transitioned once.
  type Step = { persisted: Record<string, unknown>; to: string; effects: string[] } | null;
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
      step = { persisted: persist(definition, next as AnyMachineSnapshot), to: stateName((next as AnyMachineSnapshot).value), effects: effectNames(definition, actions) };
    }
    stepByState.set(key, step);
    return step;
  };
  for (const workflowCase of rows) {
    const definition = workflowDefinition(workflowCase.kind);
    const step = stepOf(definition, workflowCase);
    if (!step) continue;
    planned.push({
      workflowCase,
      definition,
      logged: nextLogRow(workflowCase, definition, { event: type, payload: { ...payload, at: fullEvent.at }, actor: options.actor, to: step.to, comment: "", snapshot: step.persisted, effects: step.effects, at }),
    });
  }
  if (planned.length === 0) return { sent: 0 };
  await WorkflowPendingStep.collection.insertMany(planned.map((p) => outboxRow(p.logged)), { ordered: false });
  crashPoint("afterPending", type, options.crashAt);
  const lost = await insertIgnoringDuplicates(WorkflowTransition.collection, planned.map((p) => p.logged as unknown as Record<string, unknown>));
  const won = planned.filter((_, index) => !lost.has(index));
  const beaten = planned.filter((_, index) => lost.has(index));
  if (beaten.length) {
    // Those attempts did not commit; their cases are read for writing, so they roll forward.
    await WorkflowPendingStep.bulkWrite(beaten.map((p) => ({ deleteOne: { filter: { _id: pendingStepId(String(p.logged.caseId), p.logged.seq, p.logged.nonce) } } })), { ordered: false });
    for (const { definition, workflowCase } of beaten) {
      try {
        await rollForward(definition, workflowCase);
        await settleCase(String(workflowCase._id));
      } catch (error) {
        console.error(`batch step: rolling case ${String(workflowCase._id)} forward failed`, error);
      }
    }
  }
  crashPoint("afterLog", type, options.crashAt);
  // One bulk write of _id updates guarded by seq: the embedded database finds each by its _id
  // index, where a filter on a list of ids would scan the collection and test every id per document.
  if (won.length) {
    const result = await WorkflowCase.bulkWrite(
      won.map(({ workflowCase, definition, logged }) => ({
        updateOne: { filter: { _id: workflowCase._id, seq: logged.seq - 1 }, update: { $set: { ...cacheFields(definition, logged), updatedAt: at } } },
      })),
      { ordered: false },
    );
    for (const kind of new Set(won.map((w) => w.workflowCase.kind))) await casesChanged(kind);
    if (result.matchedCount < won.length) {
      // Some caches were not where this batch read them: bring each up to its log.
      for (const { definition, workflowCase } of won) {
        const current = (await WorkflowCase.findById(workflowCase._id).lean()) as WorkflowCaseRecord | null;
        if (current && current.seq < workflowCase.seq + 1) await rollForward(definition, current);
      }
    }
  }
  crashPoint("afterCache", type, options.crashAt);
  await settleBatch(won, options.crashAt);
  return { sent: won.length };
}

/**
 * The effects of a batch's steps: claimed in bulk and run with the definition's batch handler
 * where it has one. A case with an earlier step still unsettled (rare: a crash left it) is settled
 * on its own, in order, instead.
 */
async function settleBatch(won: PlannedStep[], crashAt?: CrashPoint): Promise<void> {
  if (won.length === 0) return;
  const seqOf = new Map(won.map((w) => [String(w.workflowCase._id), w.logged.seq]));
  const outbox = await WorkflowPendingStep.find({ caseId: mongoose.trusted({ $in: won.map((w) => w.workflowCase._id) }) }, { caseId: 1, seq: 1 }).lean();
  const earlier = new Set(outbox.filter((r) => r.seq < (seqOf.get(String(r.caseId)) ?? 0)).map((r) => String(r.caseId)));
  const inOrder = won.filter((w) => !earlier.has(String(w.workflowCase._id)));
  const byEffect = new Map<string, { definition: WorkflowDefinition; steps: PlannedStep[] }>();
  const withoutEffects: PlannedStep[] = [];
  for (const step of inOrder) {
    if (step.logged.effects.length === 0) withoutEffects.push(step);
    for (const name of step.logged.effects) {
      const key = `${step.definition.kind}:${name}`;
      if (!byEffect.has(key)) byEffect.set(key, { definition: step.definition, steps: [] });
      byEffect.get(key)!.steps.push(step);
    }
  }
  const unsettled = new Set<string>();
  for (const [key, { definition, steps: all }] of byEffect) {
    const name = key.slice(definition.kind.length + 1);
    const steps = all.filter((s) => !unsettled.has(String(s.workflowCase._id))); // an earlier effect of the step is not done
    const claims = steps.map(({ logged }) => ({ _id: effectId(String(logged.caseId), logged.seq, name), caseId: logged.caseId, seq: logged.seq, name, kind: definition.kind, attempt: 0, claimedAt: new Date() }));
    const taken = await insertIgnoringDuplicates(WorkflowEffect.collection, claims);
    for (const index of taken) unsettled.add(String(steps[index]!.workflowCase._id)); // someone else holds it: they, or recovery, settle it
    const mine = steps.filter((_, index) => !taken.has(index));
    if (mine.length === 0) continue;
    crashPoint("effectClaimed", mine[0]!.logged.event, crashAt);
    const argsOf = ({ definition: d, workflowCase, logged }: PlannedStep): EffectArgs => ({ caseId: String(logged.caseId), seq: logged.seq, transition: logged, workflowCase: asOfStep(d, workflowCase, logged) });
    const claimOf = ({ logged }: PlannedStep) => effectId(String(logged.caseId), logged.seq, name);
    const failed = (step: PlannedStep, error: unknown) => {
      unsettled.add(String(step.workflowCase._id)); // its claim times out and is retried one by one
      return { updateOne: { filter: { _id: claimOf(step) }, update: { $set: { error: String((error as Error).message ?? error) } } } };
    };
    const marks: mongoose.AnyBulkWriteOperation[] = [];
    const batch = definition.batchEffects?.[name];
    await withHeartbeat(mine.map(claimOf), async () => {
      if (batch) {
        try {
          await batch(mine.map(argsOf));
        } catch (error) {
          console.error(`workflow batch effect ${name} failed`, error);
          marks.push(...mine.map((step) => failed(step, error)));
        }
        return;
      }
      for (const step of mine) {
        try {
          await definition.effects![name]!(argsOf(step));
        } catch (error) {
          console.error(`workflow effect ${name} for case ${String(step.logged.caseId)}#${step.logged.seq} failed`, error);
          marks.push(failed(step, error));
        }
      }
    });
    crashPoint("effectRan", mine[0]!.logged.event, crashAt);
    if (marks.length) await WorkflowEffect.bulkWrite(marks as never, { ordered: false });
    await markEffectsDone(mine.filter((s) => !unsettled.has(String(s.workflowCase._id))).map(claimOf));
  }
  const settled = inOrder.filter((w) => !unsettled.has(String(w.workflowCase._id)));
  if (settled.length) {
    await WorkflowPendingStep.bulkWrite(
      settled.map(({ logged }) => ({ deleteOne: { filter: { _id: pendingStepId(String(logged.caseId), logged.seq, logged.nonce) } } })),
      { ordered: false },
    );
  }
  for (const step of won.filter((w) => earlier.has(String(w.workflowCase._id)))) {
    try {
      await settleCase(String(step.workflowCase._id), crashAt);
    } catch (error) {
      console.error(`batch step: settling case ${String(step.workflowCase._id)} failed`, error);
    }
  }
}

/**
 * Data migration (ADR 012): effect claims written before the outbox existed. Their unique
 * (caseId, seq, name) index would refuse a second attempt, so it goes; each claim never finished
 * gets an outbox row (nonce "", as its log row has none), so recovery finds and finishes it.
 */
export async function adoptLegacyEffectClaims(): Promise<number> {
  const indexes = await WorkflowEffect.collection.indexes().catch(() => [] as { name?: string; unique?: boolean }[]);
  for (const index of indexes) {
    if (index.unique && index.name === "caseId_1_seq_1_name_1") await WorkflowEffect.collection.dropIndex(index.name);
  }
  const open = await WorkflowEffect.find({ doneAt: null }, { caseId: 1, seq: 1, name: 1, kind: 1 }).lean();
  const steps = new Map<string, { caseId: mongoose.Types.ObjectId; seq: number; kind: string; effects: string[] }>();
  for (const claim of open) {
    const key = `${String(claim.caseId)}:${claim.seq}`;
    const step = steps.get(key) ?? { caseId: claim.caseId, seq: claim.seq, kind: claim.kind, effects: [] };
    if (!step.effects.includes(claim.name)) step.effects.push(claim.name);
    steps.set(key, step);
  }
  const rows = [...steps.values()].map((s) => ({ _id: pendingStepId(String(s.caseId), s.seq, ""), ...s, nonce: "", createdAt: new Date() }));
  const duplicates = await insertIgnoringDuplicates(WorkflowPendingStep.collection, rows);
  return rows.length - duplicates.size;
}
