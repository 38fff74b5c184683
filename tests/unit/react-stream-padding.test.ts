/**
 * React 18's streaming renderer pads a chunk with zero bytes when a multi-byte character meets
 * its 2048-byte view boundary; the filter in front of every server-rendered page removes them.
 */
import { PassThrough, type Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { reactPaddingFilter, stripNulBytes } from "~/http/react-stream-padding.server";

const MESSAGE = "该案件刚刚已被他人处理，请刷新页面查看最新状态后再操作。";

/** A page whose Chinese message starts `offset` bytes in, rendered through `through`. */
function render(offset: number, through: () => Writable & NodeJS.ReadableStream): Promise<Buffer> {
  const filler = Array.from({ length: Math.floor(offset / 500) }, (_, i) => createElement("p", { key: i }, "y".repeat(490)));
  const page = createElement("main", null, createElement("p", null, "x".repeat(offset % 500)), filler, createElement("p", null, MESSAGE));
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page, {
      onShellReady() {
        const out = through();
        const chunks: Buffer[] = [];
        out.on("data", (chunk: Uint8Array) => chunks.push(Buffer.from(chunk)));
        out.on("end", () => resolve(Buffer.concat(chunks)));
        out.on("error", reject);
        pipe(out);
      },
      onShellError: reject,
    });
  });
}

const OFFSETS = Array.from({ length: 120 }, (_, i) => 1_940 + i);

describe("zero bytes in streamed pages", () => {
  it("React 18 alone pads some pages with zero bytes inside the Chinese text (remove the filter once this fails)", async () => {
    const padded = [];
    for (const offset of OFFSETS) if ((await render(offset, () => new PassThrough())).includes(0)) padded.push(offset);
    expect(padded.length).toBeGreaterThan(0);
  });

  it("every page through the filter is valid UTF-8 without a zero byte and keeps the message whole", async () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (const offset of OFFSETS) {
      const bytes = await render(offset, reactPaddingFilter);
      expect(bytes.includes(0), `offset ${offset}`).toBe(false);
      expect(decoder.decode(bytes)).toContain(MESSAGE);
    }
  });

  it("leaves chunks without zero bytes untouched and removes only the zeros", () => {
    const clean = new TextEncoder().encode("他人");
    expect(stripNulBytes(clean)).toBe(clean);
    const padded = Uint8Array.from([...new TextEncoder().encode("他"), 0, 0]);
    expect(Buffer.from(stripNulBytes(padded)).toString("utf8")).toBe("他");
  });
});
