import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { readPageParams } from "~/forms/page-params";
import { formFile, type SubmittedForm } from "~/forms/parse-form";
import { readUpload } from "~/forms/read-upload.server";
import { formatDateTime } from "~/i18n/format";
import type { MessageKey, Params } from "~/i18n/i18n";
import { getTranslator } from "~/i18n/locale.server";
import { useTranslation } from "~/i18n/use-translation";
import { COLUMN_BY_KEY, EXCEL_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/register/excel-columns";
import { importOrganizations, importReport } from "~/register/organization-import.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const MB = MAX_IMPORT_BYTES / 1024 / 1024;
const PROBLEMS_PER_PAGE = 100;

/** The import form, and after an import its report (`?run=<id>`), rejected rows paginated. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  const url = new URL(request.url);
  const { page } = readPageParams(url);
  const [report, t] = await Promise.all([importReport(url.searchParams.get("run")), getTranslator(request)]);
  if (url.searchParams.has("run") && !report) throw new Response("Not Found", { status: 404 });
  const problems = report?.problems.slice((page - 1) * PROBLEMS_PER_PAGE, page * PROBLEMS_PER_PAGE) ?? [];
  return {
    title: `${t("register.import.title")} · ${t("app.shortName")}`,
    report: report ? { ...report, problems, problemCount: report.problems.length } : null,
    page,
  };
}

type Failure = { error: MessageKey; params?: Params };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const tooLarge = data<Failure>({ error: "register.import.error.fileTooLarge", params: { mb: MB } }, { status: 413 });
  // Refuse an oversized upload from its declared length before reading it.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024) return tooLarge;
  let form: SubmittedForm;
  try {
    form = await readUpload(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge;
    return data<Failure>({ error: "register.import.error.notXlsx" }, { status: 400 });
  }
  const file = formFile(form, "file");
  if (!file || file.size === 0) return data<Failure>({ error: "register.import.error.fileMissing" }, { status: 400 });
  const fileName = "name" in file && typeof file.name === "string" ? file.name : "import.xlsx";
  const outcome = await importOrganizations({ buffer: new Uint8Array(await file.arrayBuffer()), fileName, actor: user });
  if (!outcome.ok) return data<Failure>({ error: outcome.error, params: outcome.params }, { status: 400 });
  throw redirect(`/regulator/organizations/import?run=${outcome.importId}`);
}

export default function ImportPage() {
  const { t, locale } = useTranslation();
  const { report, page } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/regulator/organizations">{t("register.backToList")}</Link>
      </p>
      <h1>{t("register.import.title")}</h1>
      <p className="lead">{t("register.import.lead")}</p>
      {report ? (
        <section className="panel" aria-labelledby="summary-title">
          <h2 id="summary-title">{t("register.import.summary")}</h2>
          <p>
            {t("register.import.summaryText", {
              file: report.fileName,
              total: report.totalRows,
              actor: report.actorName,
              at: formatDateTime(report.finishedAt, locale),
            })}
          </p>
          <dl className="stat-grid import-counts">
            {(["inserted", "updated", "unchanged", "rejected"] as const).map((key) => (
              <div key={key} className={`stat${key === "rejected" && report.rejected > 0 ? " stat--warn" : ""}`}>
                <dt className="stat__label">{t(`register.import.${key}`)}</dt>
                <dd className="stat__value">{report[key]}</dd>
              </div>
            ))}
          </dl>
          {report.problemCount === 0 ? (
            <p className="notice">{t("register.import.noProblems")}</p>
          ) : (
            <>
              <h3>{t("register.import.problems")}</h3>
              <div className="table-wrap" tabIndex={0}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("register.import.row")}</th>
                      <th scope="col">{t("register.import.column")}</th>
                      <th scope="col">{t("register.import.reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.problems.map((p, i) => (
                      <tr key={`${p.row}-${p.column}-${i}`}>
                        <td className="number">{p.row}</td>
                        <td>{p.column ? (COLUMN_BY_KEY.get(p.column)?.header ?? p.column) : ""}</td>
                        <td>
                          {t(p.message, { value: p.value, row: p.otherRow ?? "" })}
                          {p.value && !p.message.startsWith("register.import.problem") ? <span className="muted">（{p.value}）</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={page} pageSize={PROBLEMS_PER_PAGE} total={report.problemCount} />
            </>
          )}
        </section>
      ) : null}
      <section className="panel" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("register.import.submit")}</h2>
        <p className="muted">
          {t("register.import.columns", {
            columns: EXCEL_COLUMNS.map((c) => c.header).join("、"),
            required: EXCEL_COLUMNS.filter((c) => c.required)
              .map((c) => c.header)
              .join("、"),
          })}{" "}
          {t("register.import.template")}
        </p>
        {failure ? (
          <p className="alert" role="alert" id="file-error">
            {t(failure.error, failure.params)}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" aria-busy={busy}>
          <div className="field">
            <label htmlFor="file">{t("register.import.file")}</label>
            <input
              id="file"
              name="file"
              type="file"
              required
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={failure ? "file-hint file-error" : "file-hint"}
            />
            <span id="file-hint" className="muted">
              {t("register.import.fileHint", { mb: MB, rows: MAX_IMPORT_ROWS })}
            </span>
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t("register.import.submit")}
          </button>
          {busy ? (
            <div className="import-progress" role="status">
              <progress aria-label={t("register.import.progress")} />
              <span>{t("register.import.progress")}</span>
            </div>
          ) : null}
        </Form>
      </section>
    </>
  );
}
