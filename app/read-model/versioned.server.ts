/**
 * An in-process copy of some collection's data, kept current by a version token (ADR 007): one
 * `_id` lookup of the token decides whether the copy is still good, and a write anywhere
 * replaces the token (`touchReadModel`). Writes in this process are seen by the next read here;
 * another process's writes within RECHECK_MS. Concurrent callers share one token check and one
 * build. The token is read before the documents, so a write landing during a build changes the
 * token again and is noticed next time.
 */
import { localWriteCount, readModelToken } from "@models/read-model-version";

/** How long a checked copy is trusted before the token is read again (other processes' writes). */
export const RECHECK_MS = 200;

/**
 * `recheckMs: 0` reads the token on every call (no sharing of checks): every write committed
 * before the call is seen, in any process — for copies that authorize or show a user their own
 * writes. The token row is tiny, so the check is far cheaper than the lookups it replaces.
 */
export function versionedReadModel<T>(names: string | readonly string[], build: () => Promise<T>, options: { recheckMs?: number } = {}): () => Promise<T> {
  const recheckMs = options.recheckMs ?? RECHECK_MS;
  // A copy built from several sources follows each source's token.
  const sources = typeof names === "string" ? [names] : names;
  const readToken = async () => (await Promise.all(sources.map(readModelToken))).join(" ");
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
