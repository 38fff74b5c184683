/**
 * The UploadThing file router, called directly: its middleware against real sessions and
 * policies, and onUploadComplete against a stand-in for UploadThing's network (the file host
 * and the delete API), so no request leaves the machine.
 */
import { UploadThingError, UTFiles } from "uploadthing/server";
import { beforeAll, describe, expect, it } from "vitest";
import { Attachment } from "@models/attachment";
import { Organization } from "@models/organization";
import { PartyInstructor } from "@models/party-instructor";
import { User } from "@models/user";
import { createAttachmentFileRouter } from "~/attachments/uploadthing.server";
import { UploadThingFileStore } from "~/attachments/storage.server";
import { sessionStorage } from "~/auth/session.server";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { demoOrganizations } from "../../scripts/seed/demo-data";
import { seededRandom } from "../../scripts/seed/random";
import { sampleDocx, sampleExecutable, samplePdf } from "../support/sample-files";

/** What UploadThing holds, and what it was asked to delete. */
const hosted = new Map<string, Buffer>();
const deletedKeys: string[] = [];
const network: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  if (url.hostname.endsWith(".ufs.sh") && url.pathname.startsWith("/f/")) {
    const bytes = hosted.get(decodeURIComponent(url.pathname.slice(3)));
    return bytes ? new Response(new Uint8Array(bytes)) : new Response("not found", { status: 404 });
  }
  if (url.hostname === "api.uploadthing.com" && url.pathname === "/v6/deleteFiles") {
    const { fileKeys } = (await request.json()) as { fileKeys: string[] };
    for (const key of fileKeys) hosted.delete(key);
    deletedKeys.push(...fileKeys);
    return Response.json({ success: true, deletedCount: fileKeys.length });
  }
  return new Response("unexpected request", { status: 500 });
};
const token = Buffer.from(JSON.stringify({ apiKey: "sk_test_attachments", appId: "sopapp", regions: ["sea1"] })).toString("base64");
const router = createAttachmentFileRouter(new UploadThingFileStore({ token, fetch: network }));
const route = router.organizationDocument;

const ids: Record<"orgA" | "orgB" | "closed", string> = { orgA: "", orgB: "", closed: "" };
const cookies: Record<"orgUser" | "otherOrgUser" | "instructor" | "regulator", string> = { orgUser: "", otherOrgUser: "", instructor: "", regulator: "" };

async function cookieFor(userId: unknown): Promise<string> {
  const session = await sessionStorage().getSession();
  session.set("userId", String(userId));
  return (await sessionStorage().commitSession(session)).split(";")[0]!;
}

beforeAll(async () => {
  const [instructor] = await PartyInstructor.insertMany([{ name: "丙指导员", nameSortKey: pinyinSortKey("丙指导员"), agency: "银川市委社会工作部", phone: "13900000003" }]);
  const plans = demoOrganizations(seededRandom(11)).slice(0, 3);
  const [a, b, c] = await Organization.insertMany(
    plans.map(({ party: _party, ...o }, i) => ({
      ...o,
      status: i === 2 ? "deregistered" : "registered",
      nameSortKey: pinyinSortKey(o.name),
      nameInitials: pinyinInitials(o.name),
      party: { form: "none", instructorId: i === 0 ? instructor!._id : undefined },
    })),
  );
  ids.orgA = String(a!._id);
  ids.orgB = String(b!._id);
  ids.closed = String(c!._id);
  const users = await User.insertMany([
    { username: "ut-org", displayName: "组织用户", role: "org", organizationId: a!._id, passwordHash: "x" },
    { username: "ut-org-b", displayName: "他组织用户", role: "org", organizationId: b!._id, passwordHash: "x" },
    { username: "ut-instructor", displayName: "指导员", role: "instructor", partyInstructorId: instructor!._id, passwordHash: "x" },
    { username: "ut-regulator", displayName: "监管员", role: "regulator", passwordHash: "x" },
  ]);
  cookies.orgUser = await cookieFor(users[0]!._id);
  cookies.otherOrgUser = await cookieFor(users[1]!._id);
  cookies.instructor = await cookieFor(users[2]!._id);
  cookies.regulator = await cookieFor(users[3]!._id);
});

function event(cookie?: string) {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  return { request: new Request("http://local/api/uploadthing?slug=organizationDocument", { method: "POST", headers }), params: {}, context: {} };
}

const pdfClaim = (name = "章程.pdf", size = 1000) => ({ name, size, type: "application/pdf" });

async function middleware(cookie: string | undefined, files: { name: string; size: number; type: string }[], caseId = ids.orgA) {
  return route.middleware({ event: event(cookie), files, input: { caseKind: "organization", caseId } });
}

async function refusalOf(work: Promise<unknown>): Promise<UploadThingError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadThingError);
  return error as UploadThingError;
}

describe("UploadThing middleware", () => {
  it("lets the organization's own user attach and passes the case on as metadata", async () => {
    const metadata = await middleware(cookies.orgUser, [pdfClaim(), { name: "纪要.docx", size: 10, type: "application/octet-stream" }]);
    expect(metadata).toMatchObject({ caseKind: "organization", caseId: ids.orgA, organizationId: ids.orgA, locale: "zh-CN" });
    expect((metadata[UTFiles] as { name: string }[]).map((f) => f.name)).toEqual(["章程.pdf", "纪要.docx"]);
  });

  it("lets a regulator attach to any organization", async () => {
    await expect(middleware(cookies.regulator, [pdfClaim()], ids.orgB)).resolves.toMatchObject({ organizationId: ids.orgB });
  });

  const refusals: [string, () => Promise<unknown>, string, string][] = [
    ["nobody signed in", () => middleware(undefined, [pdfClaim()]), "FORBIDDEN", "该页面需要登录后访问。"],
    ["another organization's user", () => middleware(cookies.otherOrgUser, [pdfClaim()]), "NOT_FOUND", "您访问的页面不存在，或您无权查看该内容。"],
    ["the assigned instructor, who may only read", () => middleware(cookies.instructor, [pdfClaim()]), "FORBIDDEN", "您无权向此事项上传文件。"],
    ["a deregistered organization", () => middleware(cookies.regulator, [pdfClaim()], ids.closed), "BAD_REQUEST", "此事项当前不能修改文件。"],
    ["an unknown case", () => middleware(cookies.regulator, [pdfClaim()], "0123456789abcdef01234567"), "NOT_FOUND", "您访问的页面不存在，或您无权查看该内容。"],
    ["a type the use does not allow", () => middleware(cookies.orgUser, [{ name: "setup.exe", size: 10, type: "application/x-msdownload" }]), "BAD_REQUEST", "文件“setup.exe”的格式不允许。允许的格式：.pdf, .docx, .xlsx, .jpg, .jpeg, .png。"],
    ["a file over the use's limit", () => middleware(cookies.orgUser, [pdfClaim("扫描件.pdf", 33 * 1024 * 1024)]), "TOO_LARGE", "文件“扫描件.pdf”超过 32 MB 的上限，未上传。"],
    ["a name with a path", () => middleware(cookies.orgUser, [pdfClaim("../../etc/passwd.pdf")]), "BAD_REQUEST", "文件名“../../etc/passwd.pdf”含有路径，请改名后再上传。"],
    ["more files than the use allows", () => middleware(cookies.orgUser, Array.from({ length: 31 }, (_, i) => pdfClaim(`${i}.pdf`))), "BAD_REQUEST", "此类文件最多 30 个，目前已有 0 个。"],
  ];
  for (const [label, attempt, code, message] of refusals) {
    it(`refuses ${label}`, async () => {
      const error = await refusalOf(attempt());
      expect([error.code, error.message]).toEqual([code, message]);
    });
  }
});

function uploaded(key: string, name: string, bytes: Buffer) {
  hosted.set(key, bytes);
  return { key, name, size: bytes.length, type: "application/octet-stream", customId: null, url: "", appUrl: "", ufsUrl: "", fileHash: "", lastModified: Date.now() };
}

async function complete(key: string, name: string, bytes: Buffer, caseId = ids.orgA) {
  const metadata = await middleware(cookies.orgUser, [{ name, size: bytes.length, type: "" }], caseId);
  return route.onUploadComplete({ event: event(), metadata, file: uploaded(key, name, bytes) }) as Promise<{ id: string }>;
}

describe("UploadThing onUploadComplete", () => {
  it("reads the stored file back and records the same metadata as the local adapter", async () => {
    const bytes = sampleDocx("via UploadThing");
    const { id } = await complete("ut-key-docx", "会议纪要.docx", bytes);
    const row = await Attachment.findById(id).lean();
    expect(row).toMatchObject({
      caseKind: "organization",
      caseId: ids.orgA,
      use: "organizationDocument",
      originalName: "会议纪要.docx",
      storedName: "ut-key-docx",
      adapter: "uploadthing",
      size: bytes.length,
      detectedType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      status: "active",
    });
    expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(String(row!.organizationId)).toBe(ids.orgA);
  });

  it("records a retried callback once", async () => {
    const bytes = samplePdf("retried");
    const first = await complete("ut-key-retry", "重试.pdf", bytes);
    const again = await route.onUploadComplete({ event: event(), metadata: { ...(await middleware(cookies.orgUser, [pdfClaim()])) }, file: uploaded("ut-key-retry", "重试.pdf", bytes) });
    expect(again).toEqual(first);
    expect(await Attachment.countDocuments({ storedName: "ut-key-retry" })).toBe(1);
  });

  it("refuses an executable renamed to .pdf and deletes it from UploadThing", async () => {
    const error = await refusalOf(complete("ut-key-exe", "章程.pdf", sampleExecutable()));
    expect(error.message).toBe("文件“章程.pdf”的内容与扩展名不符（实际为：可执行程序），已拒收。");
    expect(deletedKeys).toContain("ut-key-exe");
    expect(hosted.has("ut-key-exe")).toBe(false);
    expect(await Attachment.countDocuments({ storedName: "ut-key-exe" })).toBe(0);
  });

  it("refuses an empty stored file and deletes it", async () => {
    const metadata = await middleware(cookies.orgUser, [pdfClaim()]);
    const error = await refusalOf(Promise.resolve(route.onUploadComplete({ event: event(), metadata, file: uploaded("ut-key-empty", "空白.pdf", Buffer.alloc(0)) })));
    expect(error.message).toBe("文件“空白.pdf”是空文件，未上传。");
    expect(deletedKeys).toContain("ut-key-empty");
  });

  it("refuses a file whose case was closed while it uploaded, and deletes it", async () => {
    const metadata = await middleware(cookies.orgUser, [pdfClaim()]);
    await Organization.updateOne({ _id: ids.orgA }, { $set: { status: "deregistered" } });
    try {
      const error = await refusalOf(Promise.resolve(route.onUploadComplete({ event: event(), metadata, file: uploaded("ut-key-late", "迟到.pdf", samplePdf("late")) })));
      expect(error.message).toBe("此事项当前不能修改文件。");
      expect(deletedKeys).toContain("ut-key-late");
      expect(await Attachment.countDocuments({ storedName: "ut-key-late" })).toBe(0);
    } finally {
      await Organization.updateOne({ _id: ids.orgA }, { $set: { status: "registered" } });
    }
  });

  it("answers in English to an English-speaking uploader", async () => {
    const { localeCookie } = await import("~/i18n/locale.server");
    const english = (await localeCookie.serialize("en")).split(";")[0]!;
    const metadata = await middleware(`${cookies.orgUser}; ${english}`, [pdfClaim()]);
    const error = await refusalOf(Promise.resolve(route.onUploadComplete({ event: event(), metadata, file: uploaded("ut-key-en", "charter.pdf", sampleExecutable()) })));
    expect(error.message).toBe("The content of “charter.pdf” does not match its extension (it is: executable program) and was refused.");
  });
});
