/**
 * The post-award parts of an entry's pages, shared by the organization's page and the
 * regulator's: the tranche plan with what was paid, a submitted report (spending against the
 * budget per line, with its files), and the review results.
 */
import type { ReactNode } from "react";
import type { FundingPanel } from "~/competition/funding/funding.server";
import type { ReportStage } from "~/competition/funding/report-form";
import { REPORT_USE } from "~/competition/funding/report-form";
import { FileUpload } from "~/components/file-upload";
import { formatDate, formatDateTime } from "~/i18n/format";
import { useMoney, useTranslation } from "~/i18n/use-translation";
import { vocabularyLabel } from "~/i18n/labels";
import { BUDGET_LINE_CATEGORIES } from "~/domain/competition";

type Files = FundingPanel["files"];

/** The case's files of one use, as the upload component shows them (uploading only where allowed). */
export function FilesOfUse({ files, use, title }: { files: Files; use: Files["attachableUses"][number]; title: string }) {
  return <FileUpload panel={{ ...files, items: files.items.filter((item) => item.use === use) }} use={use} title={title} />;
}

export function TrancheTable({ funding, children }: { funding: FundingPanel; children?: ReactNode }) {
  const { t, locale } = useTranslation();
  const yuan = useMoney();
  return (
    <section className="panel" aria-labelledby="tranches-title">
      <h2 id="tranches-title">{t("funding.tranches.title")}</h2>
      <p>
        {t("entry.award")}：{yuan(funding.awardFen)} · {t("funding.tranches.paidTotal")}：{yuan(funding.paidFen)}
      </p>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("funding.tranches.tranche")}</th>
              <th scope="col">{t("funding.tranches.trigger")}</th>
              <th scope="col">{t("funding.tranches.amount")}</th>
              <th scope="col">{t("funding.tranches.status")}</th>
            </tr>
          </thead>
          <tbody>
            {funding.tranches.map((tranche) => (
              <tr key={tranche.index}>
                <td>{t("funding.tranches.nth", { n: tranche.index + 1, percent: tranche.percent })}</td>
                <td>{t(`competition.trigger.${tranche.trigger}`)}</td>
                <td>{yuan(tranche.amountFen)}</td>
                <td>
                  {tranche.paid
                    ? t("funding.tranches.paidOn", { date: formatDate(tranche.paid.paidOn, locale), voucher: tranche.paid.voucherNumber })
                    : t(tranche.due ? "funding.tranches.due" : "funding.tranches.notDue")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {children}
      {funding.termination ? (
        <p className="alert">
          {t("funding.terminated", { date: formatDateTime(funding.termination.at, locale), reason: funding.termination.reason, clawback: yuan(funding.termination.clawbackFen) })}
        </p>
      ) : null}
      {funding.completedAt ? <p className="notice">{t("funding.completed", { date: formatDateTime(funding.completedAt, locale) })}</p> : null}
    </section>
  );
}

/** Spending against the budget, line by line, with the totals. */
function SpendingTable({ spending }: { spending: NonNullable<FundingPanel["reports"][ReportStage]>["spending"] }) {
  const { t } = useTranslation();
  const yuan = useMoney();
  const budget = spending.reduce((sum, l) => sum + l.budgetFen, 0);
  const spent = spending.reduce((sum, l) => sum + l.spentFen, 0);
  const share = (spentFen: number, budgetFen: number) => (budgetFen > 0 ? `${((spentFen / budgetFen) * 100).toFixed(1)}%` : "—");
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="spending-table">
        <caption className="visually-hidden">{t("funding.report.spending")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("entry.budget.item")}</th>
            <th scope="col">{t("entry.budget.category")}</th>
            <th scope="col">{t("funding.report.budget")}</th>
            <th scope="col">{t("funding.report.spent")}</th>
            <th scope="col">{t("funding.report.share")}</th>
          </tr>
        </thead>
        <tbody>
          {spending.map((line, i) => (
            <tr key={i} className={line.spentFen > line.budgetFen ? "spending-table__over" : undefined}>
              <td>{line.item}</td>
              <td>{vocabularyLabel(t, BUDGET_LINE_CATEGORIES, (category) => `competition.budgetCategory.${category}`, line.category)}</td>
              <td>{yuan(line.budgetFen)}</td>
              <td>
                {yuan(line.spentFen)}
                {line.spentFen > line.budgetFen ? <span className="badge badge--over">{t("funding.report.overBudget")}</span> : null}
              </td>
              <td>{share(line.spentFen, line.budgetFen)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t("funding.report.total")}
            </th>
            <td>{yuan(budget)}</td>
            <td>{yuan(spent)}</td>
            <td>{share(spent, budget)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** A submitted report as the organization sent it, with its review if there is one. */
export function ReportView({ funding, stage }: { funding: FundingPanel; stage: ReportStage }) {
  const { t, locale } = useTranslation();
  const report = funding.reports[stage];
  const review = funding.reviews[stage];
  if (!report) return null;
  return (
    <section className="panel" aria-labelledby={`report-${stage}-title`}>
      <h2 id={`report-${stage}-title`}>{t(`funding.report.title.${stage}`)}</h2>
      <p className="muted">{t("funding.report.submittedAt", { date: formatDateTime(report.at, locale) })}</p>
      <dl className="facts">
        <div>
          <dt>{t("funding.report.beneficiaries")}</dt>
          <dd>{report.beneficiaries}</dd>
        </div>
      </dl>
      <h3>{t("funding.report.narrative")}</h3>
      <p className="prewrap">{report.narrative}</p>
      <h3>{t("funding.report.spending")}</h3>
      <SpendingTable spending={report.spending} />
      <FilesOfUse files={funding.files} use={REPORT_USE[stage]} title={t(`attachments.use.${REPORT_USE[stage]}`)} />
      {review ? (
        <p className={review.passed ? "notice" : "alert"}>
          {t(review.passed ? "funding.review.passed" : "funding.review.failed", { date: formatDateTime(review.at, locale) })}
          {review.comment ? `：${review.comment}` : ""}
        </p>
      ) : (
        <p className="muted">{t("funding.review.pending")}</p>
      )}
    </section>
  );
}
