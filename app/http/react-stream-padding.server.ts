/**
 * Removes the zero bytes React 18's streaming renderer leaves inside server-rendered pages.
 *
 * Why: react-dom 18.3.1 (`renderToPipeableStream`, ReactServerStreamConfigNode
 * `writeStringChunk`) encodes text into a 2048-byte view; when the next character does not fit
 * in what is left of the view (a 3-byte Chinese character with 1 or 2 bytes left), it sends the
 * *whole* view instead of the written part, so the unwritten, zero-filled tail (1–3 bytes)
 * lands in the page — e.g. "他\0\0人" in the 409 page. It is deterministic, not a concurrency
 * race: it happens whenever a multi-byte character meets a 2048-byte boundary, so it showed
 * up only when the page's content (which shifts with the test data) put one there. Known
 * upstream (facebook/react#31134, #24985); React 19 no longer has this code path, React 18
 * gets no fix, and Remix v2 with its classic compiler stays on React 18 here.
 *
 * Stripping every 0x00 byte is exact: in UTF-8 no character but U+0000 contains a zero byte,
 * React output never carries U+0000 legitimately (HTML parsers drop it in text; JSON in
 * Remix's inline scripts escapes it as \u0000), and the padding itself never splits a
 * character (the character that did not fit is written whole into the next view).
 */
import { Transform, type TransformCallback } from "node:stream";

export function stripNulBytes(chunk: Uint8Array): Uint8Array {
  let zero = chunk.indexOf(0);
  if (zero === -1) return chunk;
  // Copies the runs between zero bytes: a per-byte filter (a function call per byte) cost about
  // 70 µs per padded 2,048-byte chunk, several per Chinese page.
  const out = new Uint8Array(chunk.length);
  let length = 0;
  let from = 0;
  while (zero !== -1) {
    out.set(chunk.subarray(from, zero), length);
    length += zero - from;
    from = zero + 1;
    zero = chunk.indexOf(0, from);
  }
  out.set(chunk.subarray(from), length);
  length += chunk.length - from;
  return out.subarray(0, length);
}

/** A pass-through for React's pipe that drops the zero-byte padding (see above). */
export function reactPaddingFilter(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      done(null, stripNulBytes(chunk));
    },
  });
}
