import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { Notice } from "~/components/notice";
import { Pagination } from "~/components/pagination";
import { readPageParams } from "~/forms/page-params";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { organizationChanges, organizationRecord } from "~/register/organization-facts.server";
import { factLabel, showFactValue } from "~/register/organization-fields";

/** Change history tab (变更记录): newest first, paginated. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const { id } = await organizationRecord(user, params.id);
  const pageParams = readPageParams(new URL(request.url));
  return { ...(await organizationChanges(id, pageParams)), ...pageParams };
}

const NOTICES = { saved: "register.edit.saved" } as const;

export default function OrganizationChangesTab() {
  const { t, locale } = useTranslation();
  const { items, total, page, pageSize } = useLoaderData<typeof loader>();
  return (
    <>
      <Notice notices={NOTICES} />
      <section aria-labelledby="changes-title">
        <h2 id="changes-title">{t("register.changes.title")}</h2>
        {items.length === 0 ? (
          <p className="empty">{t("register.changes.empty")}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="changes">
              <thead>
                <tr>
                  <th scope="col">{t("register.changes.when")}</th>
                  <th scope="col">{t("register.changes.who")}</th>
                  <th scope="col">{t("register.changes.what")}</th>
                  <th scope="col">{t("register.changes.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((change) => (
                  <tr key={change.id}>
                    <td>{formatDateTime(change.changedAt, locale)}</td>
                    <td>{change.actorName}</td>
                    <td>
                      <ul className="change-list">
                        {change.fields.map((f) => (
                          <li key={f.field}>
                            <strong>{factLabel(f.field, t)}</strong>：
                            <del aria-label={t("register.changes.before")}>{showFactValue(f.field, f.before, t, locale)}</del> →{" "}
                            <ins aria-label={t("register.changes.after")}>{showFactValue(f.field, f.after, t, locale)}</ins>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{change.importId ? t("register.changes.importReason") : change.reason || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageSize={pageSize} total={total} />
      </section>
    </>
  );
}
