/**
 * Reads a machine's definition (never a hand-drawn copy): its states and transitions for the
 * case-page diagram, the events a snapshot accepts, and which guards block an event.
 * Pure; flat (non-nested) machines, which is what our gates and competition use.
 */
import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from "xstate";

export interface MachineEdge {
  event: string;
  target: string | null;
  guards: string[];
  effects: string[];
}

export interface MachineStateInfo {
  id: string;
  final: boolean;
  edges: MachineEdge[];
}

export interface MachineDescription {
  id: string;
  initial: string;
  states: MachineStateInfo[];
}

export function stateName(value: StateValue): string {
  if (typeof value === "string") return value;
  return Object.entries(value)
    .map(([key, child]) => (child && typeof child === "object" && Object.keys(child).length ? `${key}.${stateName(child)}` : key))
    .join(",");
}

function guardName(guard: unknown): string[] {
  if (!guard) return [];
  if (typeof guard === "string") return [guard];
  if (typeof guard === "object" && guard && "type" in guard && typeof (guard as { type: unknown }).type === "string") {
    return [(guard as { type: string }).type];
  }
  return ["inline"];
}

function actionName(action: unknown): string | null {
  if (typeof action === "string") return action;
  if (action && typeof action === "object" && "type" in action && typeof (action as { type: unknown }).type === "string") {
    return (action as { type: string }).type;
  }
  return null;
}

type StateNodeLike = {
  key: string;
  type: string;
  transitions: Map<string, { target?: ReadonlyArray<{ key: string }>; guard?: unknown; actions: readonly unknown[] }[]>;
  states: Record<string, StateNodeLike>;
  initial?: { target?: ReadonlyArray<{ key: string }> };
};

/**
 * States in breadth-first order from the initial state (so the diagram reads top to bottom
 * the way a case usually flows), final states last.
 * `effectNames` lists the side-effect action names worth showing on edges.
 */
export function describeMachine(machine: AnyStateMachine, effectNames: readonly string[] = []): MachineDescription {
  const root = machine.root as unknown as StateNodeLike;
  const initial = root.initial?.target?.[0]?.key ?? Object.keys(root.states)[0]!;
  const infos = new Map<string, MachineStateInfo>();
  for (const [id, node] of Object.entries(root.states)) {
    const edges: MachineEdge[] = [];
    for (const [event, definitions] of node.transitions) {
      for (const definition of definitions) {
        edges.push({
          event,
          target: definition.target?.[0]?.key ?? null,
          guards: guardName(definition.guard),
          effects: definition.actions.map(actionName).filter((name): name is string => !!name && effectNames.includes(name)),
        });
      }
    }
    infos.set(id, { id, final: node.type === "final", edges });
  }
  const order: string[] = [];
  const queue = [initial];
  while (queue.length) {
    const id = queue.shift()!;
    if (order.includes(id) || !infos.has(id)) continue;
    order.push(id);
    for (const edge of infos.get(id)!.edges) if (edge.target && !order.includes(edge.target)) queue.push(edge.target);
  }
  for (const id of infos.keys()) if (!order.includes(id)) order.push(id);
  // Final states close the diagram, so the working path reads as one column above them.
  const states = order.map((id) => infos.get(id)!);
  return { id: machine.id, initial, states: [...states.filter((s) => !s.final), ...states.filter((s) => s.final)] };
}

/** Every event type the machine handles in some state: the intents a case page may send. */
export function machineEvents(machine: AnyStateMachine): string[] {
  return (machine.events as string[]).filter((type) => !type.startsWith("xstate.") && type !== "*");
}

/** Event types the current state handles at all (guards not evaluated). */
export function eventsHandledIn(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): string[] {
  const node = (machine.root as unknown as StateNodeLike).states[stateName(snapshot.value)];
  return node ? [...node.transitions.keys()] : [];
}

/**
 * Why an event was refused: null when the current state does not handle it at all, else the
 * names of the guards on its transitions (every one of which evaluated false).
 */
export function guardsBlocking(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, eventType: string): string[] | null {
  const node = (machine.root as unknown as StateNodeLike).states[stateName(snapshot.value)];
  const definitions = node?.transitions.get(eventType);
  if (!definitions || definitions.length === 0) return null;
  return [...new Set(definitions.flatMap((d) => guardName(d.guard)))];
}
