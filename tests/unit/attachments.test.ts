import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentDisposition } from "~/attachments/content-disposition";
import { detectKind, inspectStream } from "~/attachments/inspect.server";
import { boundaryOf, MultipartError, readMultipart } from "~/attachments/multipart.server";
import { readFileNotice, withFileNotice } from "~/attachments/notices";
import { AttachmentRefusal } from "~/attachments/refusal";
import { checkFileClaim, sanitizeFileName } from "~/domain/attachment-uses";
import { sampleDocx, sampleExecutable, sampleJpeg, samplePdf, samplePng, sampleXlsx, zip } from "../support/sample-files";

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes.length ? sizes[i % sizes.length]! : bytes.length);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** Serializes a FormData exactly as a browser would send it (undici's encoder). */
async function encode(form: FormData): Promise<{ body: Uint8Array; boundary: string }> {
  const request = new Request("http://local/", { method: "POST", body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), boundary: boundaryOf(request.headers.get("Content-Type"))! };
}

async function collect(body: AsyncIterable<Uint8Array>, boundary: string) {
  const parts: { name: string; filename: string | null; data: Buffer }[] = [];
  for await (const part of readMultipart(body, boundary)) {
    const chunks: Buffer[] = [];
    for await (const chunk of part.data) chunks.push(Buffer.from(chunk));
    parts.push({ name: part.name, filename: part.filename, data: Buffer.concat(chunks) });
  }
  return parts;
}

describe("streaming multipart reader", () => {
  it("yields the same fields and file bytes however the body is split into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 3000 }),
        fc.string({ maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 197 }), { minLength: 1, maxLength: 8 }),
        async (content, field, sizes) => {
          const form = new FormData();
          form.append("note", field);
          // Content that contains the delimiter's prefix must not end the part early.
          const tricky = Buffer.concat([Buffer.from(content), Buffer.from("\r\n--"), Buffer.from(content)]);
          form.append("file", new Blob([tricky]), "报告.pdf");
          const { body, boundary } = await encode(form);
          const parts = await collect(chunked(body, sizes), boundary);
          expect(parts.map((p) => p.name)).toEqual(["note", "file"]);
          expect(parts[0]!.data.toString("utf8")).toBe(field.replace(/\r?\n|\r/g, "\r\n"));
          expect(parts[1]!.filename).toBe("报告.pdf");
          expect(parts[1]!.data.equals(tricky)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps a file name's path as sent, so it can be refused", async () => {
    const boundary = "XyZ";
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="..\\..\\windows\\evil.pdf"\r\n\r\n%PDF-1.4\r\n--${boundary}--\r\n`,
    );
    const parts = await collect(chunked(body, [5]), boundary);
    expect(parts[0]!.filename).toBe("..\\..\\windows\\evil.pdf");
  });

  it("rejects a body that ends in the middle of a part", async () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 and then nothing');
    await expect(collect(chunked(body, [7]), "b")).rejects.toBeInstanceOf(MultipartError);
  });

  it("reads only multipart/form-data boundaries", () => {
    expect(boundaryOf('multipart/form-data; boundary="abc"')).toBe("abc");
    expect(boundaryOf("multipart/form-data; boundary=----x1")).toBe("----x1");
    expect(boundaryOf("application/json")).toBeNull();
    expect(boundaryOf(null)).toBeNull();
  });
});

describe("content detection by magic bytes", () => {
  const kinds = async () =>
    [
      ["pdf", samplePdf()],
      ["docx", sampleDocx()],
      ["xlsx", await sampleXlsx()],
      ["jpeg", sampleJpeg()],
      ["png", samplePng()],
      ["executable", sampleExecutable()],
      ["executable", Buffer.from("\x7fELF\x02\x01\x01", "latin1")],
      ["zip", zip({ "readme.txt": "not an office file" })],
      ["unknown", Buffer.from("just some text")],
    ] as const;

  it("tells each accepted kind, executables, plain ZIPs and unknown content apart", async () => {
    for (const [kind, bytes] of await kinds()) {
      const inspection = await inspectStream(chunked(bytes, [100]), { maxBytes: 1e6, maxMiB: 1, name: "x" });
      expect(inspection.kind, kind).toBe(kind);
      expect(inspection.size).toBe(bytes.length);
    }
  });

  it("does not take a ZIP for a Word file because of its name alone", () => {
    const fake = zip({ "[Content_Types].xml": "<Types/>", "document.xml": "<x/>" });
    expect(detectKind(fake.subarray(0, 4096), fake, fake.length)).toBe("zip");
  });

  it("stops reading at the size limit instead of consuming the whole stream", async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(1024);
      }
    }
    const refused = await inspectStream(endless(), { maxBytes: 10 * 1024, maxMiB: 1, name: "big.pdf" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AttachmentRefusal);
    expect((refused as AttachmentRefusal).key).toBe("attachments.error.tooLarge");
    expect(pulled).toBe(11);
  });

  it("refuses an empty file", async () => {
    const refused = await inspectStream(chunked(new Uint8Array(0), []), { maxBytes: 10, maxMiB: 1, name: "empty.pdf" }).catch((e: unknown) => e);
    expect((refused as AttachmentRefusal).key).toBe("attachments.error.empty");
  });
});

describe("file names", () => {
  it("refuses names carrying a path and cleans the rest", () => {
    for (const raw of ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "C:\\Users\\a.pdf", "docs/a.pdf", "..", "."]) {
      expect(sanitizeFileName(raw), raw).toEqual({ ok: false, problem: "attachments.error.namePath" });
    }
    expect(sanitizeFileName("  章程 (2024)\u0007.pdf ")).toEqual({ ok: true, name: "章程 (2024).pdf" });
    expect(sanitizeFileName('a<b>:"c"|?*.pdf')).toEqual({ ok: true, name: "a_b___c____.pdf" });
    expect(sanitizeFileName("x".repeat(300) + ".pdf")).toEqual({ ok: false, problem: "attachments.error.nameTooLong" });
  });

  it("checks the extension and declared size against the use's rules", () => {
    expect(checkFileClaim("organizationDocument", "章程.PDF", 10)).toMatchObject({ ok: true, kind: "pdf" });
    expect(checkFileClaim("budget", "预算.docx", 10)).toMatchObject({ ok: false, key: "attachments.error.wrongType" });
    expect(checkFileClaim("budget", "预算.xlsx", 9 * 1024 * 1024)).toMatchObject({ ok: false, key: "attachments.error.tooLarge", params: { maxMiB: 8 } });
    expect(checkFileClaim("proposal", "setup.exe", 10)).toMatchObject({ ok: false, key: "attachments.error.wrongType" });
    expect(checkFileClaim("proposal", "申报书.pdf", 0)).toMatchObject({ ok: false, key: "attachments.error.empty" });
  });
});

describe("download headers and notices", () => {
  it("gives Chinese names as RFC 5987 filename* with a harmless ASCII fallback", () => {
    expect(contentDisposition("章程.pdf")).toBe("attachment; filename=\"__.pdf\"; filename*=UTF-8''%E7%AB%A0%E7%A8%8B.pdf");
    const header = contentDisposition('a"; filename="evil.html');
    expect(header.startsWith('attachment; filename="a__ filename=_evil.html"; ')).toBe(true);
    expect(header).not.toMatch(/[\r\n]/);
  });

  it("round-trips a refusal through the address and ignores foreign message keys", () => {
    const path = withFileNotice("/org?page=2&uploaded=3", { error: { key: "attachments.error.tooLarge", params: { name: "a.pdf", maxMiB: 32 } } });
    const notice = readFileNotice(new URL(path, "http://x").searchParams);
    expect(notice).toEqual({ error: { key: "attachments.error.tooLarge", params: { name: "a.pdf", maxMiB: 32 } } });
    expect(new URL(path, "http://x").searchParams.get("page")).toBe("2");
    expect(readFileNotice(new URLSearchParams("fileError=auth.login.failed"))).toEqual({});
  });
});
