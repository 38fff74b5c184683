/**
 * GET /documents/:id — an issued document's PDF, to those who may read it (the organization
 * concerned, the applicant of its application, regulators; a public notice to anyone), checked on
 * every download; others get 404, signed-out visitors the sign-in page.
 * POST /documents/:id — a regulator's correction: a new document supersedes this one (ADR 015).
 */
import { createReadableStreamFromReadable, data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { contentDisposition } from "~/attachments/content-disposition";
import { recordAudit } from "~/audit/audit-trail.server";
import { getUser, requireRole, requireUser } from "~/auth/guards.server";
import { readableDocument } from "~/documents/access.server";
import { loadDocument, openDocumentPdf, supersede } from "~/documents/documents.server";
import { factsForCorrection } from "~/documents/sources.server";
import type { MessageKey } from "~/i18n/i18n";
import { formFields, readForm } from "~/forms/parse-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const row = await readableDocument(user, params.id ?? "").catch(async (error: unknown) => {
    if (!user) await requireUser(request); // signed out: sign in first, then come back
    throw error;
  });
  const { row: rendered, stream } = await openDocumentPdf(row);
  // A signed-in download of an official document is an export (ADR 016); public notices are not recorded per reader.
  if (user) await recordAudit({ actor: user, action: "export.pdf", object: { kind: "document", id: params.id, label: rendered.number } });
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(rendered.size),
      "Content-Disposition": contentDisposition(`${rendered.number}.pdf`),
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}

const correctionSchema = z.object({ reason: z.string().trim().min(1).max(500) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const form = correctionSchema.safeParse(formFields(await readForm(request)));
  if (!form.success) return data({ ok: false, error: "documents.error.reason" satisfies MessageKey }, { status: 400 });
  const row = await loadDocument(params.id ?? "");
  if (!row) throw new Response("Not Found", { status: 404 });
  if (row.supersededBy) return data({ ok: false, error: "documents.error.alreadySuperseded" satisfies MessageKey }, { status: 409 });
  await supersede(row, await factsForCorrection(row), form.data.reason, user.displayName);
  return data({ ok: true });
}
