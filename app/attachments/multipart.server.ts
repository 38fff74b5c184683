/**
 * A streaming multipart/form-data reader. Each part's bytes are handed on as they arrive, so
 * a size limit can stop the upload after the limit, not after the whole body is buffered.
 * Written here (rather than Remix's parser) because that parser drops the path from a file
 * name before we can see it, and a name with a path must be refused, not silently trimmed.
 */

export class MultipartError extends Error {
  override name = "MultipartError";
}

export interface MultipartPart {
  name: string;
  /** Exactly as the client sent it (may contain a path); null for plain fields. */
  filename: string | null;
  contentType: string;
  /** Must be read to the end (or the whole upload abandoned) before asking for the next part. */
  data: AsyncGenerator<Buffer, void, undefined>;
}

export interface MultipartLimits {
  maxHeaderBytes: number;
  maxParts: number;
}

const DEFAULT_LIMITS: MultipartLimits = { maxHeaderBytes: 16 * 1024, maxParts: 50 };
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function boundaryOf(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

class ByteReader {
  buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** The next chunk as it came (a view, not a copy); null at the end of the body. */
  async next(): Promise<Buffer | null> {
    if (this.ended) return null;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return null;
    }
    return Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
  }

  /** Appends the next chunk; false at the end of the body. */
  async fill(): Promise<boolean> {
    const chunk = await this.next();
    if (!chunk) return false;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    return true;
  }

  async need(bytes: number): Promise<void> {
    while (this.buffer.length < bytes) if (!(await this.fill())) throw new MultipartError("unexpected end of body");
  }
}

function parseHeaders(block: string): { name: string; filename: string | null; contentType: string } {
  let disposition: string | null = null;
  let contentType = "application/octet-stream";
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new MultipartError("malformed part header");
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === "content-disposition") disposition = value;
    else if (header === "content-type") contentType = value;
  }
  if (!disposition || !/^form-data\b/i.test(disposition)) throw new MultipartError("part without form-data disposition");
  const params = new Map<string, string>();
  // Browsers percent-encode `"` (and CR/LF) inside quoted names and leave backslashes alone,
  // so a quoted value runs to the next quote and a backslash stays what it is.
  for (const match of disposition.matchAll(/;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g)) {
    params.set(match[1]!.toLowerCase(), match[2] ?? match[3]!.trim());
  }
  const name = params.get("name");
  if (name === undefined) throw new MultipartError("part without a name");
  let filename = params.get("filename") ?? null;
  const extended = params.get("filename*");
  if (extended !== undefined) {
    const rfc5987 = /^utf-8'[^']*'(.*)$/i.exec(extended);
    if (!rfc5987) throw new MultipartError("unsupported filename* encoding");
    try {
      filename = decodeURIComponent(rfc5987[1]!);
    } catch {
      throw new MultipartError("malformed filename*");
    }
  }
  return { name, filename, contentType };
}

export async function* readMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  limits: Partial<MultipartLimits> = {},
): AsyncGenerator<MultipartPart, void, undefined> {
  const { maxHeaderBytes, maxParts } = { ...DEFAULT_LIMITS, ...limits };
  const reader = new ByteReader(body[Symbol.asyncIterator]());
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);

  // Preamble: skip to the first boundary.
  for (;;) {
    const at = reader.buffer.indexOf(dashBoundary);
    if (at >= 0) {
      reader.buffer = reader.buffer.subarray(at + dashBoundary.length);
      break;
    }
    if (reader.buffer.length > maxHeaderBytes) throw new MultipartError("no boundary found");
    if (!(await reader.fill())) throw new MultipartError("no boundary found");
  }

  for (let count = 0; ; count++) {
    await reader.need(2);
    if (reader.buffer[0] === 0x2d && reader.buffer[1] === 0x2d) return; // "--": the closing boundary; the epilogue is never read
    let lineEnd: number;
    while ((lineEnd = reader.buffer.indexOf(CRLF)) < 0) {
      if (reader.buffer.length > 256) throw new MultipartError("malformed boundary line");
      if (!(await reader.fill())) throw new MultipartError("unexpected end of body");
    }
    if (reader.buffer.subarray(0, lineEnd).toString("latin1").trim() !== "") throw new MultipartError("malformed boundary line");
    reader.buffer = reader.buffer.subarray(lineEnd + 2);
    if (count >= maxParts) throw new MultipartError("too many parts");

    let headerEnd: number;
    while ((headerEnd = reader.buffer.indexOf(HEADER_END)) < 0) {
      if (reader.buffer.length > maxHeaderBytes) throw new MultipartError("part headers too large");
      if (!(await reader.fill())) throw new MultipartError("unexpected end of body");
    }
    const headers = parseHeaders(reader.buffer.subarray(0, headerEnd).toString("utf8"));
    reader.buffer = reader.buffer.subarray(headerEnd + HEADER_END.length);

    let finished = false;
    // Part data is passed on as views of the incoming chunks: no chunk is copied, so a large
    // file makes no garbage beyond the chunks themselves (memory stays flat while streaming).
    const data = (async function* () {
      for (;;) {
        const at = reader.buffer.indexOf(delimiter);
        if (at >= 0) {
          const last = reader.buffer.subarray(0, at);
          reader.buffer = reader.buffer.subarray(at + delimiter.length);
          finished = true;
          if (last.length) yield last;
          return;
        }
        // Everything except a possible start of the delimiter is safely part data.
        const keep = Math.min(reader.buffer.length, delimiter.length - 1);
        if (reader.buffer.length > keep) {
          const chunk = reader.buffer.subarray(0, reader.buffer.length - keep);
          reader.buffer = reader.buffer.subarray(reader.buffer.length - keep);
          yield chunk;
        }
        const next = await reader.next();
        if (!next) throw new MultipartError("unexpected end of body");
        if (reader.buffer.length === 0) {
          reader.buffer = next;
        } else if (next.length < delimiter.length - 1) {
          reader.buffer = Buffer.concat([reader.buffer, next]); // tiny chunk: rare, cheap
        } else {
          // Does a delimiter start in the few kept bytes and run on into the new chunk?
          const join = Buffer.concat([reader.buffer, next.subarray(0, delimiter.length - 1)]);
          const spanning = join.indexOf(delimiter);
          if (spanning >= 0 && spanning < reader.buffer.length) {
            const last = reader.buffer.subarray(0, spanning);
            reader.buffer = next.subarray(spanning + delimiter.length - reader.buffer.length);
            finished = true;
            if (last.length) yield last;
            return;
          }
          const kept = reader.buffer;
          reader.buffer = next;
          yield kept;
        }
      }
    })();
    yield { ...headers, data };
    if (!finished) {
      for await (const _chunk of data) {
        // the caller skipped this part: discard it
      }
      if (!finished) throw new MultipartError("part abandoned");
    }
  }
}
