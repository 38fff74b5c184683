import { formatDate } from "~/i18n/format";
import type { MessageKey } from "~/i18n/i18n";
import { useTranslation } from "~/i18n/use-translation";
import type { PartyOfOrganization } from "~/party/party.server";

/** An organization's party facts as a definition list, with the rules' advice below. */
export function PartyFacts({ party, instructor, warnings }: Pick<PartyOfOrganization, "party" | "instructor" | "warnings">) {
  const { t, locale } = useTranslation();
  const rows: [MessageKey, string][] = [
    ["field.partyForm", t(`partyForm.${party.form}`)],
    ["party.field.memberCount", String(party.memberCount)],
    ["party.field.establishedAt", party.establishedAt ? formatDate(party.establishedAt, locale) : t("common.none")],
  ];
  if (party.form === "joint") rows.push(["party.field.partners", party.partners.map((p) => p.name).join("、") || t("common.none")]);
  if (party.form === "attached") rows.push(["party.field.attachedTo", party.attachedTo]);
  rows.push(["party.field.instructor", instructor ? `${instructor.name}（${instructor.agency}，${instructor.phone}）` : t("party.instructor.none")]);
  return (
    <>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {warnings.length > 0 ? (
        <ul className="party-warnings" aria-label={t("party.warnings")}>
          {warnings.map((w) => (
            <li key={w}>{t(w)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
