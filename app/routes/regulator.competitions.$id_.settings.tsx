import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { requireRole } from "~/auth/guards.server";
import { DataTable, type Column } from "~/components/data-table";
import { ChoiceOptions, FieldError } from "~/components/field";
import { DEFAULT_CATEGORIES, TRANCHE_TRIGGERS } from "~/domain/competition";
import {
  categoryField,
  CRITERION_CELLS,
  criterionField,
  filledRows,
  JUDGING_NUMBERS,
  JUDGING_SWITCHES,
  MAX_CRITERIA,
  MAX_TRANCHES,
  TRANCHE_CELLS,
  trancheField,
  type CriterionCell,
  type SettingsValues,
  type TrancheCell,
} from "~/competition/setup/settings-form";
import { saveCompetitionSettings, settingsPage } from "~/competition/setup/settings.server";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import { formFields, readForm } from "~/forms/parse-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "regulator");
  return settingsPage(params.id!);
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "regulator");
  const result = await saveCompetitionSettings(params.id!, formFields(await readForm(request)));
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/regulator/competitions/${params.id}/settings?saved=1`);
}

type Row<C extends string> = { key: number; cells: Record<C, string> };

/** Numbered rows as editable state (add and remove without a round trip); names follow position. */
function useRows<C extends string>(values: SettingsValues, cells: readonly C[], field: (cell: C, i: number) => string, max: number) {
  const [rows, setRows] = useState<Row<C>[]>(() => {
    const count = Math.max(1, ...cells.map((c) => filledRows(values, (i) => field(c, i), max)));
    return Array.from({ length: count }, (_, i) => ({ key: i, cells: Object.fromEntries(cells.map((c) => [c, values[field(c, i)] ?? ""])) as Record<C, string> }));
  });
  const [next, setNext] = useState(max);
  return {
    rows,
    set: (key: number, cell: C, value: string) => setRows((all) => all.map((r) => (r.key === key ? { ...r, cells: { ...r.cells, [cell]: value } } : r))),
    add: () => {
      setRows((all) => (all.length >= max ? all : [...all, { key: next, cells: Object.fromEntries(cells.map((c) => [c, ""])) as Record<C, string> }]));
      setNext(next + 1);
    },
    remove: (key: number) => setRows((all) => all.filter((r) => r.key !== key)),
  };
}

type RowsEditor<C extends string> = ReturnType<typeof useRows<C>>;

/** The numbered rows as a table, a remove button on each, their sum, and the add button while there is room. */
function SettingsRows<C extends string>({
  editor,
  columns,
  kept,
  removeLabel,
  sum,
  max,
  addLabel,
}: {
  editor: RowsEditor<C>;
  columns: Column<Row<C>>[];
  /** Hidden inputs a row carries (beside its remove button). */
  kept?: (row: Row<C>, i: number) => ReactNode;
  removeLabel: (n: number) => string;
  sum: { ok: boolean; text: string };
  max: number;
  addLabel: string;
}) {
  const { t } = useTranslation();
  const remove: Column<Row<C>> = {
    header: <span className="visually-hidden">{t("competitionSetup.settings.remove")}</span>,
    cell: (row, i) => (
      <>
        {kept?.(row, i)}
        <button type="button" className="button button--secondary button--small" onClick={() => editor.remove(row.key)} aria-label={removeLabel(i + 1)}>
          {t("competitionSetup.settings.remove")}
        </button>
      </>
    ),
  };
  return (
    <>
      <DataTable className="settings-rows" rows={editor.rows} rowKey={(row) => row.key} columns={[...columns, remove]} />
      <p className={sum.ok ? "muted" : "settings-form__sum--off"} aria-live="polite">
        {sum.text}
      </p>
      {editor.rows.length < max ? (
        <button type="button" className="button button--secondary" onClick={editor.add}>
          {addLabel}
        </button>
      ) : null}
    </>
  );
}

const sumOf = (numbers: string[]) => numbers.reduce((sum, n) => sum + (Number.isFinite(Number(n)) ? Number(n) : 0), 0);

export default function CompetitionSettings() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const values: SettingsValues = failed && !failed.ok ? failed.values : page.values;
  const errors: Partial<Record<string, MessageKey>> = failed && !failed.ok ? failed.errors : {};
  const criteria = useRows<CriterionCell>(values, CRITERION_CELLS, criterionField, MAX_CRITERIA);
  const tranches = useRows<TrancheCell>(values, TRANCHE_CELLS, trancheField, MAX_TRANCHES);
  const weightSum = sumOf(criteria.rows.map((r) => r.cells.Weight));
  const percentSum = sumOf(tranches.rows.map((r) => r.cells.Percent));
  const invalid = (name: string) => ({ "aria-invalid": errors[name] ? true : undefined, "aria-describedby": `${name}-error` });
  /** A cell of a numbered row: an input whose name follows the row's position, with its error. */
  const rowInput =
    <C extends string,>(editor: RowsEditor<C>, field: (cell: C, i: number) => string, c: C, label: MessageKey, props: { inputMode?: "numeric"; size?: number } = {}) =>
    (row: Row<C>, i: number) => {
      const name = field(c, i);
      return (
        <>
          <input
            name={name}
            value={row.cells[c]}
            onChange={(e) => editor.set(row.key, c, e.target.value)}
            aria-label={t("competitionSetup.settings.rowCell", { n: i + 1, cell: t(label) })}
            {...props}
            {...invalid(name)}
          />
          <FieldError id={`${name}-error`} error={errors[name]} />
        </>
      );
    };
  const input = (name: string, label: MessageKey, extra: { type?: string; inputMode?: "decimal" | "numeric" } = {}) => (
    <div className="field" key={name}>
      <label htmlFor={name}>{t(label)}</label>
      <input id={name} name={name} type={extra.type ?? "text"} inputMode={extra.inputMode} defaultValue={values[name] ?? ""} {...invalid(name)} />
      <FieldError id={`${name}-error`} error={errors[name]} />
    </div>
  );
  const checkbox = (name: string, label: string) => (
    <div className="field field--checkbox" key={name}>
      <label>
        <input type="checkbox" name={name} defaultChecked={values[name] === "on"} /> {label}
      </label>
    </div>
  );
  return (
    <>
      <p className="muted">
        <Link to="/regulator/competitions">{t("competitionAdmin.list.title")}</Link> · <Link to={`/regulator/competitions/${page.id}`}>{page.title}</Link>
      </p>
      <h1>{t("competitionSetup.settings.title")}</h1>
      <p className="lead">{t("competitionSetup.settings.lead")}</p>
      {search.get("saved") && !failed ? (
        <p className="notice" role="status">
          {t("competitionSetup.settings.saved")}
        </p>
      ) : null}
      {!page.editable ? (
        <p className="alert" role="alert">
          {t("competitionSetup.error.notDraft")}
        </p>
      ) : null}
      {errors._form && page.editable ? (
        <p className="alert" role="alert">
          {t(errors._form)}
        </p>
      ) : null}
      {failed && !failed.ok && !errors._form ? (
        <p className="alert" role="alert">
          {t("competitionSetup.settings.failed")}
        </p>
      ) : null}
      <Form method="post" noValidate aria-label={t("competitionSetup.settings.title")}>
        <fieldset disabled={!page.editable} className="settings-form">
          <section className="panel" aria-labelledby="basics-title">
            <h2 id="basics-title">{t("competitionSetup.settings.basics")}</h2>
            <div className="form-grid">
              {input("title", "competition.field.title")}
              {input("theme", "competition.field.theme")}
              {input("budget", "competitionAdmin.field.budgetYuan", { inputMode: "decimal" })}
              {input("cap", "competitionAdmin.field.capYuan", { inputMode: "decimal" })}
              {input("opensOn", "competitionAdmin.field.opensOn", { type: "date" })}
              {input("closesOn", "competitionAdmin.field.closesOn", { type: "date" })}
              {input("announcementWorkingDays", "competitionSetup.field.announcementWorkingDays", { inputMode: "numeric" })}
            </div>
          </section>

          <section className="panel" aria-labelledby="categories-title">
            <h2 id="categories-title">{t("competitionSetup.settings.categories")}</h2>
            <FieldError id="categories-error" error={errors.categories} />
            <div className="settings-form__checks">{DEFAULT_CATEGORIES.map((c) => checkbox(categoryField(c), t(`competition.category.${c}`)))}</div>
            <div className="field">
              <label htmlFor="customCategories">{t("competitionSetup.field.customCategories")}</label>
              <textarea id="customCategories" name="customCategories" rows={3} defaultValue={values.customCategories ?? ""} {...invalid("customCategories")} />
              <FieldError id="customCategories-error" error={errors.customCategories} />
            </div>
          </section>

          <section className="panel" aria-labelledby="rubric-title">
            <h2 id="rubric-title">{t("competitionSetup.settings.rubric")}</h2>
            <p className="muted">{t("competitionSetup.settings.rubricHint")}</p>
            <FieldError id="criteria-error" error={errors.criteria} />
            <SettingsRows
              editor={criteria}
              columns={[
                { header: t("competitionSetup.field.criterionName"), cell: rowInput(criteria, criterionField, "Name", "competitionSetup.field.criterionName") },
                { header: t("competitionSetup.field.criterionDescription"), cell: rowInput(criteria, criterionField, "Description", "competitionSetup.field.criterionDescription") },
                { header: t("competitionSetup.field.weight"), cell: rowInput(criteria, criterionField, "Weight", "competitionSetup.field.weight", { inputMode: "numeric", size: 4 }) },
                { header: t("competitionSetup.field.maxPoints"), cell: rowInput(criteria, criterionField, "Max", "competitionSetup.field.maxPoints", { inputMode: "numeric", size: 4 }) },
              ]}
              kept={(row, i) => <input type="hidden" name={criterionField("Id", i)} value={row.cells.Id} />}
              removeLabel={(n) => t("competitionSetup.settings.removeRow", { n })}
              sum={{ ok: weightSum === 100, text: t("competitionSetup.settings.weightSum", { sum: weightSum }) }}
              max={MAX_CRITERIA}
              addLabel={t("competitionSetup.settings.addCriterion")}
            />
            {checkbox("blind", t("competitionSetup.field.blind"))}
          </section>

          <section className="panel" aria-labelledby="judging-title">
            <h2 id="judging-title">{t("competitionSetup.settings.judging")}</h2>
            <div className="form-grid">{JUDGING_NUMBERS.map((n) => input(n, `competitionSetup.field.${n}`, { inputMode: "numeric" }))}</div>
            <div className="settings-form__checks">{JUDGING_SWITCHES.map((s) => checkbox(s, t(`competitionSetup.field.${s}`)))}</div>
          </section>

          <section className="panel" aria-labelledby="tranches-title">
            <h2 id="tranches-title">{t("competitionSetup.settings.tranches")}</h2>
            <FieldError id="tranches-error" error={errors.tranches} />
            <SettingsRows
              editor={tranches}
              columns={[
                { header: t("competitionSetup.field.tranche"), cell: (_, i) => i + 1 },
                { header: t("competitionSetup.field.percent"), cell: rowInput(tranches, trancheField, "Percent", "competitionSetup.field.percent", { inputMode: "numeric", size: 4 }) },
                {
                  header: t("competitionSetup.field.trigger"),
                  cell: (row, i) => {
                    const trigger = trancheField("Trigger", i);
                    return (
                      <>
                        <select
                          name={trigger}
                          value={row.cells.Trigger}
                          onChange={(e) => tranches.set(row.key, "Trigger", e.target.value)}
                          aria-label={t("competitionSetup.settings.rowCell", { n: i + 1, cell: t("competitionSetup.field.trigger") })}
                          {...invalid(trigger)}
                        >
                          <ChoiceOptions values={TRANCHE_TRIGGERS} label={(tr) => t(`competition.trigger.${tr}`)} />
                        </select>
                        <FieldError id={`${trigger}-error`} error={errors[trigger]} />
                      </>
                    );
                  },
                },
              ]}
              removeLabel={(n) => t("competitionSetup.settings.removeTranche", { n })}
              sum={{ ok: percentSum === 100, text: t("competitionSetup.settings.percentSum", { sum: percentSum }) }}
              max={MAX_TRANCHES}
              addLabel={t("competitionSetup.settings.addTranche")}
            />
          </section>

          <button type="submit" className="button" disabled={busy}>
            {t("competitionSetup.settings.save")}
          </button>
        </fieldset>
      </Form>
    </>
  );
}
