/**
 * The UploadThing file router (used when UPLOADTHING_TOKEN is set): one route per use, each
 * with that use's types, size and count limits. The middleware asks the case's policy whether
 * the signed-in user may attach to it now; onUploadComplete reads the stored file back, checks
 * its magic bytes against its extension exactly as the local route does, and records the same
 * metadata. A refused file is deleted from UploadThing again.
 */
import { createUploadthing, type FileRouter } from "uploadthing/remix";
import { UploadThingError, UTFiles } from "uploadthing/server";
import { z } from "zod";
import { Attachment } from "@models/attachment";
import { getUser } from "~/auth/guards.server";
import { getLocale } from "~/i18n/locale.server";
import { isLocale, translator, type Locale } from "~/i18n/i18n";
import { authorizeAttach, checkDeclaredFile, recordAttachment, refuseTooMany } from "./attachments.server";
import { assertKindMatches, inspectStream } from "./inspect.server";
import { attachmentPolicy } from "./policy.server";
import { AttachmentRefusal, describeRefusal } from "./refusal";
import { uploadThingStore, type UploadThingFileStore } from "./storage.server";
import { FILE_KINDS, maxBytes, USE_RULES, type AttachmentUse } from "~/domain/attachment-uses";

const inputSchema = z.object({ caseKind: z.string().min(1).max(40), caseId: z.string().min(1).max(64) });

function routeConfig(use: AttachmentUse) {
  const rule = USE_RULES[use];
  const limits = { maxFileSize: `${rule.maxMiB}MB` as const, maxFileCount: rule.maxCount };
  return Object.fromEntries(rule.kinds.map((kind) => [FILE_KINDS[kind].mime, limits])) as Partial<
    Record<(typeof FILE_KINDS)[keyof typeof FILE_KINDS]["mime"], typeof limits>
  >;
}

const CODES: Record<number, "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND" | "TOO_LARGE"> = { 401: "FORBIDDEN", 403: "FORBIDDEN", 404: "NOT_FOUND", 413: "TOO_LARGE" };

function toUploadThingError(error: unknown, locale: Locale): unknown {
  if (!(error instanceof AttachmentRefusal)) return error;
  return new UploadThingError({
    code: CODES[error.status] ?? "BAD_REQUEST",
    message: describeRefusal(translator(locale), error.key, error.params),
    data: { key: error.key },
  });
}

export function createAttachmentFileRouter(store: UploadThingFileStore) {
  const f = createUploadthing();
  const route = (use: AttachmentUse) =>
    f(routeConfig(use), { awaitServerData: true })
      .input(inputSchema)
      .middleware(async ({ event, files, input }) => {
        const locale = await getLocale(event.request);
        try {
          const user = await getUser(event.request);
          if (!user) throw new AttachmentRefusal("error.text.401", {}, 401);
          const permit = await authorizeAttach(user, input, use);
          if (permit.existing + files.length > USE_RULES[use].maxCount) throw refuseTooMany(use, permit.existing);
          const named = files.map((file) => ({ ...file, name: checkDeclaredFile(use, file.name, file.size).name }));
          return {
            userId: user.id,
            caseKind: input.caseKind,
            caseId: input.caseId,
            organizationId: permit.organizationId,
            locale,
            [UTFiles]: named,
          };
        } catch (error) {
          throw toUploadThingError(error, locale);
        }
      })
      .onUploadComplete(async ({ metadata, file }) => {
        const locale = isLocale(metadata.locale) ? metadata.locale : "zh-CN";
        const already = await Attachment.findOne({ adapter: "uploadthing", storedName: file.key }, { _id: 1 }).lean();
        if (already) return { id: String(already._id) }; // UploadThing retried its callback
        let record: Parameters<typeof recordAttachment>[0];
        try {
          const { name, kind } = checkDeclaredFile(use, file.name);
          // The case may have moved on (e.g. been submitted) while the file was uploading.
          if (!(await (await attachmentPolicy(metadata.caseKind))?.isEditable(metadata.caseId))) {
            throw new AttachmentRefusal("attachments.error.notEditable", {}, 409);
          }
          const inspection = await inspectStream(await store.open(file.key), { maxBytes: maxBytes(use), maxMiB: USE_RULES[use].maxMiB, name });
          assertKindMatches(kind, inspection, name);
          record = { ...metadata, use, name, storedName: file.key, adapter: "uploadthing", inspection, uploaderId: metadata.userId };
        } catch (error) {
          await store.remove(file.key).catch(() => {});
          throw toUploadThingError(error, locale);
        }
        return { id: await recordAttachment(record) };
      });

  return {
    organizationDocument: route("organizationDocument"),
    registrationFile: route("registrationFile"),
    annualReport: route("annualReport"),
    proposal: route("proposal"),
    budget: route("budget"),
    evaluationReport: route("evaluationReport"),
    agreement: route("agreement"),
    midtermReport: route("midtermReport"),
    finalReport: route("finalReport"),
    liquidationReport: route("liquidationReport"),
    sponsorConsent: route("sponsorConsent"),
  } satisfies FileRouter & Record<AttachmentUse, unknown>;
}

export type AttachmentFileRouter = ReturnType<typeof createAttachmentFileRouter>;

let router: AttachmentFileRouter | undefined;
/** The app's router, on the configured UploadThing store; null when UploadThing is not configured. */
export function attachmentFileRouter(): AttachmentFileRouter | null {
  const store = uploadThingStore();
  if (!store) return null;
  router ??= createAttachmentFileRouter(store);
  return router;
}
