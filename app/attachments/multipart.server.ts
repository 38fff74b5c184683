/**
 * Reads a multipart/form-data body part by part with busboy (ADR 006), so each file's bytes are
 * handed on as they arrive and a size limit stops the upload after the limit, not after the
 * whole body is buffered. Busboy is told to keep paths in file names (`preservePath`): a name
 * with a path must be refused, not silently trimmed, which Remix's own parser cannot do.
 */
import type { Readable } from "node:stream";
import busboy from "busboy";

export class MultipartError extends Error {
  override name = "MultipartError";
}

export interface MultipartPart {
  name: string;
  /** Exactly as the client sent it (may contain a path); null for plain fields and empty file inputs. */
  filename: string | null;
  contentType: string;
  /** Must be read to the end (or the whole upload abandoned) before asking for the next part. */
  data: AsyncIterable<Buffer>;
}

export interface MultipartLimits {
  maxParts: number;
  /** A plain field longer than this reaches the caller cut to this length. */
  maxFieldBytes: number;
}

const DEFAULT_LIMITS: MultipartLimits = { maxParts: 50, maxFieldBytes: 64 * 1024 };

export function boundaryOf(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

type Next = { part: MultipartPart } | { end: true } | { error: MultipartError };

export async function* readMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  limits: Partial<MultipartLimits> = {},
): AsyncGenerator<MultipartPart, void, undefined> {
  const { maxParts, maxFieldBytes } = { ...DEFAULT_LIMITS, ...limits };
  const parser = busboy({
    headers: { "content-type": `multipart/form-data; boundary="${boundary}"` },
    preservePath: true,
    defParamCharset: "utf8", // browsers send UTF-8 names in a plain filename=
    limits: { parts: maxParts, fieldSize: maxFieldBytes },
  });

  // Busboy pushes events while it parses; the caller pulls parts. The queue sits between.
  const queue: Next[] = [];
  let wake: (() => void) | null = null;
  let settled = false;
  const push = (next: Next) => {
    if (settled) return;
    if (!("part" in next)) settled = true;
    queue.push(next);
    wake?.();
  };
  const fail = (error: unknown) => push({ error: error instanceof MultipartError ? error : new MultipartError(error instanceof Error ? error.message : String(error)) });

  parser.on("file", (name: string, stream: Readable, info: busboy.FileInfo) => {
    push({ part: { name, filename: info.filename ?? null, contentType: info.mimeType, data: bytesOf(stream) } });
  });
  parser.on("field", (name: string, value: string, info: busboy.FieldInfo) => {
    push({ part: { name, filename: null, contentType: info.mimeType, data: once(Buffer.from(value, "utf8")) } });
  });
  parser.on("partsLimit", () => fail(new MultipartError("too many parts")));
  parser.on("error", fail);
  parser.on("close", () => push({ end: true }));

  let stopped = false;
  // Feeds the body in as the parser takes it: a file part nobody reads holds the next write back.
  // Once stopped it just stops asking for more. It does not cancel the body (as `break` in a
  // for-await would), which would reset the connection before a refusal (413) is answered.
  const source = body[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const next = await source.next();
      if (stopped) return;
      if (next.done) break;
      if (!parser.write(next.value)) await new Promise<void>((resolve) => parser.once("drain", resolve).once("close", resolve));
    }
    parser.end();
  })().catch(fail);

  try {
    for (;;) {
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const next = queue.shift()!;
      if ("error" in next) throw next.error;
      if ("end" in next) return;
      yield next.part;
      // A part the caller skipped is read past, so the parser can go on to the next one.
      for await (const _chunk of next.part.data) {
        // discarded
      }
    }
  } finally {
    stopped = true;
    parser.destroy();
  }
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer, void, undefined> {
  yield bytes;
}

/** A file part's bytes, with busboy's errors (a body cut short) as MultipartErrors. */
async function* bytesOf(stream: Readable): AsyncGenerator<Buffer, void, undefined> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new MultipartError(error instanceof Error ? error.message : String(error));
  }
}
