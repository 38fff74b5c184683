/**
 * Looks at a file while it streams past: counts and hashes it, stops at the size limit, keeps
 * its first bytes and its tail (where a ZIP's central directory lives), then tells what it
 * really is by magic bytes. Used by the local upload route (writing to a temp file as it goes)
 * and by UploadThing's completion callback (reading the stored file back).
 */
import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { FILE_KINDS, type FileKind } from "~/domain/attachment-uses";
import { AttachmentRefusal } from "./refusal";

export type DetectedKind = FileKind | "executable" | "zip" | "unknown";

const HEAD_BYTES = 4096;
/** A ZIP's central directory must sit in the last this-many bytes; Office files' are far smaller. */
const TAIL_BYTES = 256 * 1024;

export interface Inspection {
  size: number;
  sha256: string;
  kind: DetectedKind;
}

export interface InspectOptions {
  maxBytes: number;
  /** The name to quote in refusals. */
  name: string;
  maxMiB: number;
  /** Where the bytes go as they arrive (the local store's temp file); nothing when only inspecting. */
  sink?: FileHandle;
}

/** Reads the stream to its end or to the limit; refuses too-large and empty files. */
export async function inspectStream(data: AsyncIterable<Uint8Array>, options: InspectOptions): Promise<Inspection> {
  const hash = createHash("sha256");
  let size = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  let tail: Buffer[] = [];
  let tailLength = 0;
  for await (const piece of data) {
    const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    size += chunk.length;
    if (size > options.maxBytes) {
      throw new AttachmentRefusal("attachments.error.tooLarge", { name: options.name, maxMiB: options.maxMiB }, 413);
    }
    hash.update(chunk);
    if (headLength < HEAD_BYTES) {
      head.push(chunk.subarray(0, HEAD_BYTES - headLength));
      headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
    }
    tail.push(chunk);
    tailLength += chunk.length;
    while (tail.length > 1 && tailLength - tail[0]!.length >= TAIL_BYTES) tailLength -= tail.shift()!.length;
    if (options.sink) await options.sink.write(chunk);
  }
  if (size === 0) throw new AttachmentRefusal("attachments.error.empty", { name: options.name });
  const tailBuffer = Buffer.concat(tail);
  tail = [];
  return { size, sha256: hash.digest("hex"), kind: detectKind(Buffer.concat(head), tailBuffer, size) };
}

function startsWith(buffer: Buffer, ...bytes: number[]): boolean {
  return bytes.every((byte, i) => buffer[i] === byte);
}

/** What the bytes are, whatever the name says. `tail` is the file's last bytes, `size` its length. */
export function detectKind(head: Buffer, tail: Buffer, size: number): DetectedKind {
  if (head.subarray(0, 1024).includes("%PDF-")) return "pdf";
  if (startsWith(head, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (startsWith(head, 0xff, 0xd8, 0xff)) return "jpeg";
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) {
    const names = zipEntryNames(tail, size);
    if (names?.includes("[Content_Types].xml")) {
      if (names.some((n) => n.startsWith("word/"))) return "docx";
      if (names.some((n) => n.startsWith("xl/"))) return "xlsx";
    }
    return "zip";
  }
  if (
    startsWith(head, 0x4d, 0x5a) || // MZ: Windows PE
    startsWith(head, 0x7f, 0x45, 0x4c, 0x46) || // ELF
    startsWith(head, 0xcf, 0xfa, 0xed, 0xfe) || // Mach-O 64
    startsWith(head, 0xce, 0xfa, 0xed, 0xfe) ||
    startsWith(head, 0xfe, 0xed, 0xfa, 0xce) ||
    startsWith(head, 0xfe, 0xed, 0xfa, 0xcf) ||
    startsWith(head, 0xca, 0xfe, 0xba, 0xbe) || // fat Mach-O / Java class
    startsWith(head, 0x23, 0x21) // "#!" script
  ) {
    return "executable";
  }
  return "unknown";
}

/**
 * Names in a ZIP's central directory, read from the file's tail; null when the directory is
 * not there (not a ZIP, ZIP64, or a directory bigger than the tail we keep).
 */
export function zipEntryNames(tail: Buffer, size: number): string[] | null {
  const tailStart = size - tail.length;
  // End of central directory: 22 bytes plus a comment of up to 65535.
  for (let at = tail.length - 22; at >= Math.max(0, tail.length - 22 - 65535); at--) {
    if (tail.readUInt32LE(at) !== 0x06054b50) continue;
    const entries = tail.readUInt16LE(at + 10);
    const directorySize = tail.readUInt32LE(at + 12);
    const directoryOffset = tail.readUInt32LE(at + 16);
    if (directoryOffset === 0xffffffff || directoryOffset < tailStart || directoryOffset + directorySize > size) return null;
    const names: string[] = [];
    let p = directoryOffset - tailStart;
    for (let i = 0; i < entries && p + 46 <= tail.length; i++) {
      if (tail.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLength = tail.readUInt16LE(p + 28);
      const extraLength = tail.readUInt16LE(p + 30);
      const commentLength = tail.readUInt16LE(p + 32);
      names.push(tail.subarray(p + 46, p + 46 + nameLength).toString("utf8"));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return null;
}

export function mimeOf(kind: DetectedKind): string {
  return kind in FILE_KINDS ? FILE_KINDS[kind as FileKind].mime : "application/octet-stream";
}

/** Refuses a file whose content is not the kind its extension claims. */
export function assertKindMatches(claimed: FileKind, inspection: Inspection, name: string): void {
  if (inspection.kind !== claimed) {
    throw new AttachmentRefusal("attachments.error.contentMismatch", { name, detected: `attachments.kind.${inspection.kind}` }, 415);
  }
}
