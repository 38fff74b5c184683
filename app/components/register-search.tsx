import { Link } from "@remix-run/react";
import { DISTRICTS, ORGANIZATION_STATUSES, ORGANIZATION_TYPES, PARTY_FORMS } from "~/domain/organization";
import { FilterForm, FilterSelect } from "./filter-form";
import { useTranslation } from "~/i18n/use-translation";
import { NO_INSTRUCTOR, PUBLIC_STATUSES, REGISTER_SORTS, type RegisterQuery } from "~/register/register-query";

type QueryValues = Pick<RegisterQuery, "audience" | "q" | "type" | "district" | "status" | "partyForm" | "instructor" | "sort" | "order">;

/**
 * The register's search form (GET, so every filter lives in the URL): the regulator's register
 * page and the public directory share it; the regulator also filters by party building.
 */
export function RegisterSearch({ query, action, instructors = [] }: { query: QueryValues; action: string; instructors?: { id: string; name: string }[] }) {
  const { t, locale } = useTranslation();
  const statuses = query.audience === "public" ? PUBLIC_STATUSES : ORGANIZATION_STATUSES;
  return (
    <FilterForm action={action} className="register-search panel" role="search">
      <div className="field register-search__q">
        <label htmlFor="q">{t("register.search.label")}</label>
        <input id="q" name="q" type="search" defaultValue={query.q} maxLength={100} placeholder={t("register.search.hint")} aria-describedby="q-hint" />
        <span id="q-hint" className="muted register-search__hint">
          {t("register.search.hint")}
        </span>
      </div>
      <div className="register-search__filters">
        <FilterSelect name="type" label={t("field.type")} value={query.type} options={ORGANIZATION_TYPES.map((v) => [v, t(`orgType.${v}`)])} />
        <FilterSelect name="district" label={t("field.district")} value={query.district} options={DISTRICTS.map((d) => [d.code, locale === "zh-CN" ? d.zh : d.en])} />
        <FilterSelect name="status" label={t("field.status")} value={query.status} options={statuses.map((v) => [v, t(`orgStatus.${v}`)])} />
        {query.audience === "regulator" ? (
          <>
            <FilterSelect name="partyForm" label={t("field.partyForm")} value={query.partyForm} options={PARTY_FORMS.map((v) => [v, t(`partyForm.${v}`)])} />
            <FilterSelect
              name="instructor"
              label={t("register.filter.instructor")}
              value={query.instructor}
              options={[[NO_INSTRUCTOR, t("register.filter.noInstructor")], ...instructors.map((i): [string, string] => [i.id, i.name])]}
            />
          </>
        ) : null}
        <FilterSelect name="sort" label={t("register.sort.label")} value={query.sort} all={false} options={REGISTER_SORTS.map((v) => [v, t(`register.sort.${v}`)])} />
        <FilterSelect name="order" label={t("register.order.label")} value={query.order} all={false} options={[["asc", t("register.order.asc")], ["desc", t("register.order.desc")]]} />
      </div>
      <div className="register-search__actions">
        <button type="submit" className="button">
          {t("register.apply")}
        </button>
        <Link to={action}>{t("register.reset")}</Link>
      </div>
    </FilterForm>
  );
}

/** The status as a coloured badge (the colour repeats the word, never replaces it). */
export function StatusBadge({ status }: { status: (typeof ORGANIZATION_STATUSES)[number] }) {
  const { t } = useTranslation();
  return <span className={`badge org-status org-status--${status}`}>{t(`orgStatus.${status}`)}</span>;
}
