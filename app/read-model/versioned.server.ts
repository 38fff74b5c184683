/**
 * An in-process copy of some collection's data, kept current by a version token (ADR 007): a
 * read of the token decides whether the copy is still good, and a write anywhere
 * replaces the token (`touchReadModel`). Writes in this process are seen by the next read here;
 * another process's writes within RECHECK_MS. Concurrent callers share one token check and one
 * build. The token is read before the documents, so a write landing during a build changes the
 * token again and is noticed next time.
 *
 * Tokens are read together (`readTokens`, ADR 011): one query reads every token this process
 * follows, started after the caller asked (callers waiting at the same moment share it), and
 * within an HTTP request the first check's read serves the request's later checks — unless this
 * process wrote to a read model since. A request thus sees every write committed before its
 * first check, in any process.
 */
import { localWriteCount, localWriteTotal, readModelTokens } from "@models/read-model-version";
import { requestScope } from "~/http/request-scope.server";

/** How long a checked copy is trusted before the token is read again (other processes' writes). */
export const RECHECK_MS = 200;

/** Every token this process has checked: each token query reads them all. */
const followed = new Set<string>();

/**
 * One token query at a time per process, shared by every caller that arrived before it started:
 * a caller never takes a query already under way (it might predate a write the caller must
 * see), but joins the next one, which starts as soon as the current one ends. Under load a
 * handful of requests share each query instead of sending one each.
 */
let running: Promise<void> | null = null; // settles (never rejects) when the query under way ends
let queued: Promise<Map<string, string>> | null = null;

function freshTokens(): Promise<Map<string, string>> {
  if (queued) return queued;
  if (!running) return startTokenQuery();
  queued = running.then(startTokenQuery);
  return queued;
}

function startTokenQuery(): Promise<Map<string, string>> {
  queued = null;
  const query = readModelTokens([...followed]);
  const done: Promise<void> = query.then(
    () => settle(done),
    () => settle(done),
  );
  running = done;
  return query;
}

function settle(done: Promise<void>): void {
  if (running === done) running = null;
}

const REQUEST_TOKENS = Symbol("read-model tokens");
type RequestTokens = { writes: number; tokens: Promise<Map<string, string>> };

/**
 * The current tokens of `names`, read after the call (see above). In a request, the first call
 * reads them for the whole request and later calls reuse that read — unless this process wrote
 * to a read model since (an action before its loaders), which reads them again.
 */
export async function readTokens(names: readonly string[]): Promise<string[]> {
  const known = names.every((name) => followed.has(name));
  for (const name of names) followed.add(name);
  const scope = requestScope() as Map<unknown, unknown> | undefined;
  const writes = localWriteTotal();
  let read = scope?.get(REQUEST_TOKENS) as RequestTokens | undefined;
  if (!read || read.writes !== writes || !known) {
    read = { writes, tokens: freshTokens() };
    scope?.set(REQUEST_TOKENS, read);
  }
  const tokens = await read.tokens;
  // A name first followed while the query it joined was being sent: read on its own.
  if (names.some((name) => !tokens.has(name))) return [...(await readModelTokens(names)).values()];
  return names.map((name) => tokens.get(name)!);
}

/** Every token this process follows, read as `readTokens` reads them (shared with the request's other checks). */
export async function followedTokens(): Promise<Map<string, string>> {
  const names = [...followed].sort();
  const tokens = await readTokens(names);
  return new Map(names.map((name, i) => [name, tokens[i]!]));
}

/**
 * `recheckMs: 0` reads the token on every call (in a request: the request's token read, see
 * above): every write committed before the call — before the request, for calls in one — is
 * seen, in any process — for copies that authorize or show a user their own writes. The token
 * row is tiny, so the check is far cheaper than the lookups it replaces.
 */
export function versionedReadModel<T>(names: string | readonly string[], build: () => Promise<T>, options: { recheckMs?: number } = {}): () => Promise<T> {
  const recheckMs = options.recheckMs ?? RECHECK_MS;
  // A copy built from several sources follows each source's token.
  const sources = typeof names === "string" ? [names] : names;
  for (const name of sources) followed.add(name);
  const readToken = async () => (await readTokens(sources)).join(" ");
  const localWrites = () => sources.reduce((n, name) => n + localWriteCount(name), 0);
  let current: { token: string; value: T; checkedAt: number; writes: number } | null = null;
  let loading: { token: string; promise: Promise<T> } | null = null;
  let checking: { writes: number; promise: Promise<T> } | null = null;

  async function check(writes: number): Promise<T> {
    const checkedAt = Date.now();
    const token = await readToken();
    if (current?.token === token) {
      current = { ...current, checkedAt, writes };
      return current.value;
    }
    if (loading?.token !== token) {
      const promise = build();
      loading = { token, promise };
      promise
        .then((value) => {
          if (loading?.promise === promise) {
            current = { token, value, checkedAt, writes };
            loading = null;
          }
        })
        .catch(() => {
          if (loading?.promise === promise) loading = null;
        });
    }
    return loading.promise;
  }

  return function read(): Promise<T> {
    const writes = localWrites();
    if (recheckMs === 0) return check(writes);
    if (current && current.writes === writes && Date.now() - current.checkedAt < recheckMs) return Promise.resolve(current.value);
    if (checking?.writes !== writes) {
      const promise = check(writes).finally(() => {
        if (checking?.promise === promise) checking = null;
      });
      checking = { writes, promise };
    }
    return checking.promise;
  };
}
