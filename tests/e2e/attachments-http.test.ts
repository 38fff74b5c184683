import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Attachment } from "@models/attachment";
import { User } from "@models/user";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";
import { sampleDocx, sampleExecutable, sampleJpeg, samplePdf, samplePng, sampleXlsx } from "../support/sample-files";

const baseUrl = inject("baseUrl");
const filesDir = path.join(inject("appDataDir"), "files");
const cookies: Record<string, string> = {};
let orgCase = "";

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
  const org = await User.findOne({ username: "org" }, { organizationId: 1 }).lean();
  orgCase = String(org!.organizationId);
  for (const username of ["org", "org2", "regulator", "judge", "instructor"]) {
    cookies[username] = cookiesOf(await postForm(baseUrl, "/login", { username, password: DEMO_PASSWORD }));
  }
});
afterAll(async () => {
  await mongoose.disconnect();
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function uploadPath(caseId = orgCase, use = "organizationDocument") {
  return `/files/upload?${new URLSearchParams({ caseKind: "organization", caseId, use, redirectTo: "/org" })}`;
}

async function upload(files: { name: string; bytes: Buffer }[], options: { cookie?: string; json?: boolean; caseId?: string } = {}) {
  const form = new FormData();
  for (const file of files) form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
  return fetch(`${baseUrl}${uploadPath(options.caseId)}`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Origin: baseUrl, Cookie: options.cookie ?? cookies.org!, ...(options.json === false ? {} : { Accept: "application/json" }) },
  });
}

function tempFiles(): string[] {
  const dir = path.join(filesDir, "tmp");
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".part")) : [];
}

/** Nothing of a refused upload may remain: no metadata row, no stored blob, no temp file. */
async function expectNothingLeftBehind(bytes: Buffer) {
  const hash = sha256(bytes);
  expect(await Attachment.countDocuments({ sha256: hash })).toBe(0);
  expect(existsSync(path.join(filesDir, "sha256", hash.slice(0, 2), hash))).toBe(false);
  for (let i = 0; i < 20 && tempFiles().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect(tempFiles()).toEqual([]);
}

describe("valid files upload and download back byte-identical", () => {
  const cases = [
    ["社会组织章程.pdf", "application/pdf", () => samplePdf("round trip")],
    ["成立大会纪要.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", () => sampleDocx("round trip")],
    ["经费预算表.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sampleXlsx],
    ["登记证书.jpg", "image/jpeg", sampleJpeg],
    ["印章备案.png", "image/png", samplePng],
  ] as const;
  for (const [name, type, make] of cases) {
    it(`round-trips ${name} with its detected type and a safe Chinese file name`, async () => {
      const bytes = await make();
      const response = await upload([{ name, bytes }]);
      expect(response.status).toBe(201);
      const { ids } = (await response.json()) as { ids: string[] };
      expect(ids).toHaveLength(1);

      const download = await fetch(`${baseUrl}/files/${ids[0]}`, { headers: { Cookie: cookies.org! } });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
      expect(download.headers.get("content-type")).toBe(type);
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      expect(download.headers.get("content-disposition")).toBe(
        `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );

      const row = await Attachment.findById(ids[0]).lean();
      expect(row).toMatchObject({ caseKind: "organization", caseId: orgCase, use: "organizationDocument", originalName: name, adapter: "local", size: bytes.length, sha256: sha256(bytes), detectedType: type, status: "active" });
      expect(String(row!.organizationId)).toBe(orgCase);
      expect(existsSync(path.join(filesDir, "sha256", row!.sha256.slice(0, 2), row!.sha256))).toBe(true);
    });
  }

  it("stores identical content once and keeps it while another record still uses it", async () => {
    const bytes = samplePdf("stored once");
    const first = ((await (await upload([{ name: "甲.pdf", bytes }])).json()) as { ids: string[] }).ids[0]!;
    const second = ((await (await upload([{ name: "乙.pdf", bytes }])).json()) as { ids: string[] }).ids[0]!;
    const blob = path.join(filesDir, "sha256", sha256(bytes).slice(0, 2), sha256(bytes));
    const deleted = await postForm(baseUrl, `/files/${first}/delete`, { redirectTo: "/org" }, { cookie: cookies.org });
    expect(deleted.status).toBe(302);
    expect(existsSync(blob)).toBe(true);
    const again = await fetch(`${baseUrl}/files/${second}`, { headers: { Cookie: cookies.org! } });
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    await postForm(baseUrl, `/files/${second}/delete`, { redirectTo: "/org" }, { cookie: cookies.org });
    expect(existsSync(blob)).toBe(false);
    expect((await fetch(`${baseUrl}/files/${second}`, { headers: { Cookie: cookies.org! } })).status).toBe(404);
  });
});

describe("bad files are refused with a clear message and leave nothing behind", () => {
  it("refuses an executable renamed to .pdf", async () => {
    const bytes = sampleExecutable();
    const response = await upload([{ name: "章程.pdf", bytes }]);
    expect(response.status).toBe(415);
    expect(((await response.json()) as { message: string }).message).toBe("文件“章程.pdf”的内容与扩展名不符（实际为：可执行程序），已拒收。");
    await expectNothingLeftBehind(bytes);
  });

  it("refuses an empty file", async () => {
    const response = await upload([{ name: "空白.pdf", bytes: Buffer.alloc(0) }]);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe("文件“空白.pdf”是空文件，未上传。");
    expect(tempFiles()).toEqual([]);
  });

  it("refuses a file name carrying a path", async () => {
    const bytes = samplePdf("traversal");
    const response = await upload([{ name: "../../etc/passwd.pdf", bytes }]);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe("文件名“../../etc/passwd.pdf”含有路径，请改名后再上传。");
    await expectNothingLeftBehind(bytes);
  });

  it("refuses a type the use does not allow, in English when English is chosen", async () => {
    const bytes = sampleExecutable();
    const english = cookiesOf(await postForm(baseUrl, "/set-locale", { locale: "en", redirectTo: "/" }));
    const response = await upload([{ name: "setup.exe", bytes }], { cookie: `${cookies.org}; ${english}` });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { message: string }).message).toBe("“setup.exe” is not an allowed format. Allowed: .pdf, .docx, .xlsx, .jpg, .jpeg, .png.");
    await expectNothingLeftBehind(bytes);
  });

  it("refuses the whole upload when one of several files is bad", async () => {
    const good = samplePdf("good one of two");
    const response = await upload([
      { name: "好.pdf", bytes: good },
      { name: "坏.docx", bytes: sampleExecutable() },
    ]);
    expect(response.status).toBe(415);
    await expectNothingLeftBehind(good);
  });

  it("stops reading an oversized file at the limit and answers 413 before the body ends", async () => {
    const limit = 32 * 1024 * 1024;
    const planned = 256 * 1024 * 1024;
    const result = await streamUpload(planned);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ error: "attachments.error.tooLarge", message: "文件“大文件.pdf”超过 32 MB 的上限，未上传。" });
    // The server answered after the limit, long before the planned body was sent.
    expect(result.sent).toBeGreaterThan(limit);
    expect(result.sent).toBeLessThan(limit + 24 * 1024 * 1024);
    expect(tempFiles()).toEqual([]);
    expect(await Attachment.countDocuments({ originalName: "大文件.pdf" })).toBe(0);
  });

  it("refuses a body declared larger than the limits before reading it", async () => {
    const result = await streamUpload(0, 1024 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ error: "attachments.error.requestTooLarge" });
  });
});

/** Streams a multipart upload of `size` bytes (chunked, or with a declared length) and stops as soon as the server answers. */
function streamUpload(size: number, declaredLength?: number): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const boundary = "----sop-stream-test";
    const request = http.request(`${baseUrl}${uploadPath()}`, {
      method: "POST",
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        Cookie: cookies.org!,
        Origin: baseUrl,
        Accept: "application/json",
        ...(declaredLength ? { "Content-Length": String(declaredLength) } : { "Transfer-Encoding": "chunked" }),
      },
    });
    let sent = 0;
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body, sent });
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error); // writing after the server closed is expected once it has answered
    });
    request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="大文件.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const pump = () => {
      while (!answered && sent < size) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered && !declaredLength) request.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

describe("every download and upload is authorized", () => {
  let fileId = "";
  beforeAll(async () => {
    const response = await upload([{ name: "内部文件.pdf", bytes: samplePdf("private") }]);
    fileId = ((await response.json()) as { ids: string[] }).ids[0]!;
  });

  it("lets the owner organization and regulators download", async () => {
    for (const user of ["org", "regulator"]) {
      expect((await fetch(`${baseUrl}/files/${fileId}`, { headers: { Cookie: cookies[user]! } })).status, user).toBe(200);
    }
  });

  it("answers another organization, a judge and an unassigned instructor with 404", async () => {
    for (const user of ["org2", "judge"]) {
      const response = await fetch(`${baseUrl}/files/${fileId}`, { headers: { Cookie: cookies[user]! } });
      expect(response.status, user).toBe(404);
      expect(Buffer.from(await response.arrayBuffer()).includes("%PDF")).toBe(false);
    }
  });

  it("sends an anonymous visitor to sign in", async () => {
    const response = await fetch(`${baseUrl}/files/${fileId}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("answers nonsense and unknown ids with 404", async () => {
    for (const id of ["nonsense", "0123456789abcdef01234567", "../../etc/passwd"]) {
      expect((await fetch(`${baseUrl}/files/${encodeURIComponent(id)}`, { headers: { Cookie: cookies.regulator! } })).status, id).toBe(404);
    }
  });

  it("refuses another organization's upload to this case, storing nothing", async () => {
    const bytes = samplePdf("from org2");
    const response = await upload([{ name: "越权.pdf", bytes }], { cookie: cookies.org2 });
    expect(response.status).toBe(404);
    await expectNothingLeftBehind(bytes);
  });

  it("does not let another organization delete the file", async () => {
    const response = await postForm(baseUrl, `/files/${fileId}/delete`, { redirectTo: "/org" }, { cookie: cookies.org2 });
    expect(response.status).toBe(404);
    expect((await Attachment.findById(fileId, { status: 1 }).lean())!.status).toBe("active");
  });

  it("never deletes a file a decision relied on", async () => {
    await Attachment.updateOne({ _id: fileId }, { $set: { reliedOn: true } });
    const response = await postForm(baseUrl, `/files/${fileId}/delete`, { redirectTo: "/org" }, { cookie: cookies.org });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("fileError=attachments.error.notDeletable");
    expect((await Attachment.findById(fileId, { status: 1 }).lean())!.status).toBe("active");
  });
});

describe("the plain form works without JavaScript", () => {
  it("uploads, redirects back with a notice, and lists the file", async () => {
    const response = await upload([{ name: "无脚本上传.pdf", bytes: samplePdf("no js") }], { json: false });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/org?uploaded=1");
    const page = await (await fetch(`${baseUrl}/org?uploaded=1`, { headers: { Cookie: cookies.org! } })).text();
    expect(page).toContain("已上传 1 个文件。");
    expect(page).toContain("无脚本上传.pdf");
  });

  it("redirects back with the refusal shown on the page", async () => {
    const response = await upload([{ name: "病毒.pdf", bytes: sampleExecutable() }], { json: false });
    expect(response.status).toBe(302);
    const page = await (await fetch(`${baseUrl}${response.headers.get("location")}`, { headers: { Cookie: cookies.org! } })).text();
    expect(page).toContain("文件“病毒.pdf”的内容与扩展名不符（实际为：可执行程序），已拒收。");
  });
});
