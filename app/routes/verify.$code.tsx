/**
 * /verify/:code — public, no sign-in: what the document with this verification code is (kind,
 * 文号, organization and credit code, date, current or corrected) and the SHA-256 of the PDF as
 * issued. A file, or its pasted hash, is checked against it. Unknown codes are 404.
 */
import { createHash } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { documentByCode } from "~/documents/access.server";
import { formFile, formValues, readForm } from "~/forms/parse-form";
import { ensureRendered } from "~/documents/documents.server";
import { DOCUMENT_KIND_INFO, formatVerificationCode, normalizeVerificationCode, SHA256_HEX } from "~/domain/document-kinds";
import { takePublicFormSlot } from "~/http/public-rate-limit.server";
import { formatDate } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";

/** A document is tens of kilobytes; anything far larger is not one of ours. */
const MAX_FILE_MIB = 8;
/** Checks per address and hour (each may carry a file to hash). */
const CHECKS_PER_HOUR = 120;

/** The document's title and 文号 as the page title (an unknown code keeps the site's); never indexed. */
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...(data ? [{ title: `${data.title} · ${data.number}` }] : (matches.find((m) => m.id === "root")?.meta ?? [])),
  { name: "robots", content: "noindex" },
];

async function verified(codeParam: string | undefined) {
  const code = normalizeVerificationCode(codeParam ?? "");
  const found = code ? await documentByCode(code) : null;
  if (!found) throw new Response("Not Found", { status: 404 });
  const row = await ensureRendered(found.row);
  return { row, supersededBy: found.supersededBy, supersedes: found.supersedes };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const { row, supersededBy, supersedes } = await verified(params.code);
  return {
    code: row.verificationCode,
    kind: row.kind as keyof typeof DOCUMENT_KIND_INFO,
    title: row.content.title,
    number: row.number,
    organizationName: row.organizationName,
    uscc: row.uscc,
    issuedAt: row.issuedAt.toISOString(),
    authority: row.authority,
    sha256: row.sha256!,
    supersededBy: supersededBy ? { number: supersededBy.number, code: supersededBy.verificationCode } : null,
    supersedes: supersedes ? { number: supersedes.number } : null,
  };
}

const hashSchema = z.object({ sha256: z.string().trim().toLowerCase().regex(SHA256_HEX) });

type CheckResult = { ok: true; match: boolean; hash: string } | { ok: false; error: MessageKey; params?: Record<string, number>; sha256?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { row } = await verified(params.code);
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_FILE_MIB * 1024 * 1024 + 64 * 1024) {
    return data<CheckResult>({ ok: false, error: "verify.error.tooLarge", params: { maxMiB: MAX_FILE_MIB } }, { status: 413, headers: { Connection: "close" } });
  }
  if (!(await takePublicFormSlot(`verify:${context.clientAddress}`, CHECKS_PER_HOUR))) throw new Response("Too Many Requests", { status: 429 });
  const form = await readForm(request);
  const file = formFile(form, "file");
  let hash: string;
  if (file && file.size > 0) {
    if (file.size > MAX_FILE_MIB * 1024 * 1024) return data<CheckResult>({ ok: false, error: "verify.error.tooLarge", params: { maxMiB: MAX_FILE_MIB } }, { status: 413 });
    hash = createHash("sha256").update(Buffer.from(await file.arrayBuffer())).digest("hex");
  } else {
    const typed = formValues(form, ["sha256"]).sha256 ?? "";
    if (!typed.trim()) return data<CheckResult>({ ok: false, error: "verify.error.nothing" }, { status: 400 });
    const parsed = hashSchema.safeParse({ sha256: typed });
    if (!parsed.success) return data<CheckResult>({ ok: false, error: "verify.error.hash", sha256: typed.slice(0, 200) }, { status: 400 });
    hash = parsed.data.sha256;
  }
  return data<CheckResult>({ ok: true, match: hash === row.sha256, hash });
}

export default function VerifyDocument() {
  const { t, locale } = useTranslation();
  const doc = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const failed = result && !result.ok ? result : null;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">{t("verify.title")}</p>
          <h1>{doc.title}</h1>
        </div>
      </div>
      <p className="muted">{t("verify.lead")}</p>
      {doc.supersededBy ? (
        <p className="alert" role="status">
          {t("verify.superseded", { number: doc.supersededBy.number })} <Link to={`/verify/${doc.supersededBy.code}`}>{t("verify.supersededLink")}</Link>
        </p>
      ) : (
        <p className="notice" role="status">
          {t("verify.current")}
        </p>
      )}
      <section className="panel" aria-labelledby="verify-facts">
        <h2 id="verify-facts" className="visually-hidden">
          {t("verify.title")}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t("verify.kind")}</dt>
            <dd>{t(DOCUMENT_KIND_INFO[doc.kind].label)}</dd>
          </div>
          <div>
            <dt>{t("verify.number")}</dt>
            <dd>{doc.number}</dd>
          </div>
          {doc.organizationName ? (
            <div>
              <dt>{t("verify.organization")}</dt>
              <dd>{doc.organizationName}</dd>
            </div>
          ) : null}
          {doc.uscc ? (
            <div>
              <dt>{t("verify.uscc")}</dt>
              <dd className="mono">{doc.uscc}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("verify.issuedAt")}</dt>
            <dd>{formatDate(doc.issuedAt, locale)}</dd>
          </div>
          <div>
            <dt>{t("verify.authority")}</dt>
            <dd>{doc.authority}</dd>
          </div>
          <div>
            <dt>{t("documents.field.code")}</dt>
            <dd className="mono">{formatVerificationCode(doc.code)}</dd>
          </div>
        </dl>
        <dl className="facts facts--wide">
          <div>
            <dt>{t("verify.sha256")}</dt>
            <dd className="mono verify-hash" data-testid="sha256">
              {doc.sha256}
            </dd>
          </div>
        </dl>
        {doc.supersedes ? <p className="muted">{t("verify.correctionOf", { number: doc.supersedes.number })}</p> : null}
      </section>

      <section className="panel" aria-labelledby="verify-check">
        <h2 id="verify-check">{t("verify.checkTitle")}</h2>
        <p className="muted">{t("verify.checkLead")}</p>
        <Form method="post" encType="multipart/form-data" className="form-grid">
          <div className="field">
            <label htmlFor="verify-file">{t("verify.file")}</label>
            <input id="verify-file" type="file" name="file" accept="application/pdf,.pdf" />
          </div>
          <div className="field">
            <label htmlFor="verify-sha256">{t("verify.hash")}</label>
            <input id="verify-sha256" type="text" name="sha256" className="mono" spellCheck={false} autoComplete="off" defaultValue={failed?.sha256 ?? ""} aria-invalid={failed?.error === "verify.error.hash" ? true : undefined} />
          </div>
          <div className="form-grid__wide">
            <button type="submit" className="button" disabled={navigation.state !== "idle"}>
              {t("verify.check")}
            </button>
          </div>
        </Form>
        {failed ? (
          <p className="alert" role="alert">
            {t(failed.error, failed.params)}
          </p>
        ) : null}
        {result?.ok ? (
          <div className={result.match ? "notice" : "alert"} role="status" data-testid="verify-result">
            <p>{t(result.match ? "verify.match" : "verify.mismatch")}</p>
            <p className="mono verify-hash">{t("verify.computed", { hash: result.hash })}</p>
          </div>
        ) : null}
      </section>
    </>
  );
}
