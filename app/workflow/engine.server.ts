/**
 * The workflow engine: drives any pure XState v5 machine over a persisted case.
 *
 *   load case (roll forward from the log) → transition(machine, snapshot, event) (pure)
 *   → insert log row (caseId, seq+1)  ← the serialization point: one concurrent writer wins
 *   → update the case's cached snapshot → run side effects, idempotent per (caseId, seq).
 *
 * The log row's _id is "<caseId>:<seq>", so "is there a row after mine?" is an _id lookup
 * (the one lookup the embedded database pushes down), and the unique (caseId, seq) index
 * serves history queries. See DESIGN.md §4 and ADR 003.
 */
import mongoose from "mongoose";
import { getInitialSnapshot, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from "xstate";
import { NO_DUE_DATE, WorkflowCase, type WorkflowCaseFields } from "@models/workflow-case";
import { WorkflowEffect } from "@models/workflow-effect";
import { WorkflowTransition, type WorkflowTransitionFields } from "@models/workflow-transition";
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
  /** Handlers for the machine's named side-effect actions, run after commit. Must be idempotent. */
  effects?: Record<string, (args: EffectArgs) => Promise<void>>;
  /** When the case's clock is due (for queues), and when the sweeper should next send DEADLINE_PASSED. */
  clock?: (snapshot: AnyMachineSnapshot) => { dueAt: Date | null; wakeAt: Date | null };
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

export function registeredWorkflows(): WorkflowDefinition[] {
  return [...registry.values()];
}

const transitionId = (caseId: string, seq: number) => `${caseId}:${seq}`;
const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === 11000;

function restore(definition: WorkflowDefinition, persisted: unknown): AnyMachineSnapshot {
  return definition.machine.resolveState(persisted as Parameters<AnyStateMachine["resolveState"]>[0]);
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
    if (!isDuplicateKey(error)) throw error;
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
  return { ...(created.toObject() as WorkflowCaseRecord), created: true };
}

/**
 * Loads a case, rolling its cached snapshot forward from the log when a process died between
 * the log insert and the case update. Fails loudly on a snapshot of an unknown machine version.
 */
export async function loadCase(caseId: string): Promise<{ workflowCase: WorkflowCaseRecord; definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }> {
  if (!mongoose.isValidObjectId(caseId)) throw new WorkflowError("notFound", "workflow.error.notFound");
  let workflowCase = (await WorkflowCase.findById(caseId).lean()) as WorkflowCaseRecord | null;
  if (!workflowCase) throw new WorkflowError("notFound", "workflow.error.notFound");
  const definition = workflowDefinition(workflowCase.kind);
  for (;;) {
    const next = (await WorkflowTransition.findById(transitionId(caseId, workflowCase.seq + 1)).lean()) as TransitionRecord | null;
    if (!next) break;
    workflowCase = await applyLoggedTransition(definition, workflowCase, next);
  }
  if (workflowCase.machineVersion !== definition.version) {
    throw new WorkflowError("unknownVersion", "workflow.error.unknownVersion", {
      kind: workflowCase.kind,
      stored: workflowCase.machineVersion,
      current: definition.version,
    });
  }
  return { workflowCase, definition, snapshot: restore(definition, workflowCase.snapshot) };
}

/** Roll-forward: the log row exists, the case update did not happen. Also re-runs its effects. */
async function applyLoggedTransition(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord, logged: TransitionRecord): Promise<WorkflowCaseRecord> {
  if (logged.machineVersion !== definition.version) {
    throw new WorkflowError("unknownVersion", "workflow.error.unknownVersion", {
      kind: workflowCase.kind,
      stored: logged.machineVersion,
      current: definition.version,
    });
  }
  const previous = restore(definition, workflowCase.snapshot);
  const event = { type: logged.event, ...(logged.payload as object) } as EventObject;
  const [, actions] = transition(definition.machine, previous, event as never);
  const snapshot = restore(definition, logged.snapshot);
  const clock = clockOf(definition, snapshot);
  await WorkflowCase.updateOne(
    { _id: workflowCase._id, seq: logged.seq - 1 },
    { $set: { snapshot: logged.snapshot, state: logged.to, seq: logged.seq, ...clock } },
  );
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
  const { workflowCase, definition, snapshot } = await loadCase(caseId);
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
    if (isDuplicateKey(error)) throw new WorkflowError("conflict", "workflow.error.conflict");
    throw error;
  }
  if (options.crashAfterLogInsert) throw new Error("simulated crash after the log insert");
  const clock = clockOf(definition, next as AnyMachineSnapshot);
  await WorkflowCase.updateOne(
    { _id: workflowCase._id, seq: workflowCase.seq },
    { $set: { snapshot: persisted, state: to, seq, ...clock } },
  );
  const updated = { ...workflowCase, snapshot: persisted, state: to, seq, ...clock } as WorkflowCaseRecord;
  await runEffects(definition, updated, logged, actions.map((a) => (a as { type: string }).type));
  return { workflowCase: updated, transition: logged };
}

async function runEffects(definition: WorkflowDefinition, workflowCase: WorkflowCaseRecord, logged: TransitionRecord, actionTypes: string[]): Promise<void> {
  for (const name of actionTypes) {
    const handler = definition.effects?.[name];
    if (!handler) continue;
    try {
      await WorkflowEffect.create({ caseId: workflowCase._id, seq: logged.seq, name, kind: definition.kind, claimedAt: new Date() });
    } catch (error) {
      if (isDuplicateKey(error)) continue; // another process claimed it
      throw error;
    }
    await executeEffect(handler, name, workflowCase, logged);
  }
}

async function executeEffect(handler: NonNullable<WorkflowDefinition["effects"]>[string], name: string, workflowCase: WorkflowCaseRecord, logged: TransitionRecord) {
  const filter = { caseId: workflowCase._id, seq: logged.seq, name };
  try {
    await handler({ caseId: String(workflowCase._id), seq: logged.seq, transition: logged, workflowCase });
    await WorkflowEffect.updateOne(filter, { $set: { doneAt: new Date() }, $unset: { error: 1 } });
  } catch (error) {
    // The transition is committed; the sweeper retries unfinished effects.
    console.error(`workflow effect ${name} for case ${String(workflowCase._id)}#${logged.seq} failed`, error);
    await WorkflowEffect.updateOne(filter, { $set: { error: String((error as Error).message ?? error) } });
  }
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
    await executeEffect(handler, effect.name, workflowCase, logged);
    retried++;
  }
  return retried;
}

/**
 * Sweeper step: sends DEADLINE_PASSED to every case whose clock has run out. Two sweepers at
 * once are safe: the log insert lets one transition through, the other gets a conflict.
 */
export async function sweepDeadlines(now = new Date()): Promise<{ sent: number; skipped: number; failed: number }> {
  const due = await WorkflowCase.find({ wakeAt: mongoose.trusted({ $lte: now }) }, { _id: 1 }).lean();
  const tally = { sent: 0, skipped: 0, failed: 0 };
  for (const row of due) {
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
