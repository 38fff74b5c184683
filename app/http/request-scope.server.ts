/**
 * Per-request memo (AsyncLocalStorage) for facts several loaders of one request need, such
 * as the signed-in user: Remix hands each loader its own Request object, so a WeakMap on the
 * request would not be shared. The storage lives on globalThis because the HTTP server (run
 * from source) and the Remix build each load their own copy of this module.
 */
import { AsyncLocalStorage } from "node:async_hooks";

type Scope = Map<string, unknown>;
const KEY = Symbol.for("yinchuan-sop.request-scope");
const globals = globalThis as unknown as Record<symbol, AsyncLocalStorage<Scope> | undefined>;
const storage: AsyncLocalStorage<Scope> = (globals[KEY] ??= new AsyncLocalStorage<Scope>());

const CLIENT_ADDRESS = "request:clientAddress";

/** Runs `next` (the rest of the request's handling) inside a fresh scope. */
export function withRequestScope<T>(next: () => T, clientAddress?: string): T {
  const scope: Scope = new Map();
  if (clientAddress) scope.set(CLIENT_ADDRESS, clientAddress);
  return storage.run(scope, next);
}

/** The address the current request came from (for the audit trail), or "" outside a request. */
export function requestClientAddress(): string {
  return String(storage.getStore()?.get(CLIENT_ADDRESS) ?? "");
}

/** The value for `key` in this request, computed once; outside a request it is simply computed. */
export function memoInRequest<T>(key: string, compute: () => T): T {
  const scope = storage.getStore();
  if (!scope) return compute();
  if (!scope.has(key)) scope.set(key, compute());
  return scope.get(key) as T;
}

/** This request's scope (for memos with their own validity rule), or undefined outside a request. */
export function requestScope(): Scope | undefined {
  return storage.getStore();
}
