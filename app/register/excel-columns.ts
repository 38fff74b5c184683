/**
 * The register's Excel format, shared by export and import: Chinese column headers (the file is
 * a government form, so its headers stay Chinese whatever the reader's language), how codes are
 * written as labels and read back. An exported file imports again unchanged.
 */
import { DISTRICTS, ORGANIZATION_STATUSES, ORGANIZATION_TYPES, type OrganizationStatus, type OrganizationType } from "~/domain/organization";
import { translator } from "~/i18n/i18n";
import type { FactsInputField } from "./organization-fields";

/**
 * The legal representative's identity and mobile numbers stay out of the spreadsheet (personal
 * data leaves the system only where a page shows it; ADR 016): an import leaves them as stored.
 */
export type ColumnKey = "uscc" | "type" | "status" | Exclude<FactsInputField, "legalRepresentativeIdNumber" | "legalRepresentativeMobile">;

/**
 * An import's limits. Here, not in the importer (a .server module, which the browser build
 * replaces with nothing), because the import page states them: read from the server module they
 * were undefined in the browser, so the page showed "NaN MB" and failed to hydrate.
 */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

export interface ExcelColumn {
  key: ColumnKey;
  header: string;
  width: number;
  required?: boolean;
}

export const EXCEL_COLUMNS: ExcelColumn[] = [
  { key: "uscc", header: "统一社会信用代码", width: 22, required: true },
  { key: "name", header: "名称", width: 36, required: true },
  { key: "type", header: "组织类型", width: 28, required: true },
  { key: "registrationAuthority", header: "登记管理机关", width: 16, required: true },
  { key: "district", header: "所在区县", width: 10, required: true },
  { key: "sponsoringUnit", header: "业务主管单位", width: 24 },
  { key: "legalRepresentative", header: "法定代表人", width: 12, required: true },
  { key: "domicile", header: "住所", width: 44, required: true },
  { key: "establishedAt", header: "成立日期", width: 12, required: true },
  { key: "registeredCapital", header: "开办资金（元）", width: 16, required: true },
  { key: "businessScope", header: "业务范围", width: 44 },
  { key: "contactName", header: "联系人", width: 10 },
  { key: "contactPhone", header: "联系电话", width: 16 },
  { key: "contactEmail", header: "电子邮箱", width: 28 },
  { key: "directlyManaged", header: "是否直管", width: 10 },
  { key: "publicFundraising", header: "公开募捐资格", width: 12 },
  { key: "status", header: "状态", width: 12 },
];

/**
 * Written on export only: the organization's credit lists, which are decisions recorded on the
 * credit lists, not registered facts (ADR 008). The importer skips headers it does not know.
 */
export const CREDIT_LISTS_COLUMN = { header: "信用名单", width: 24 };

export const COLUMN_BY_KEY = new Map(EXCEL_COLUMNS.map((c) => [c.key, c]));
export const COLUMN_BY_HEADER = new Map(EXCEL_COLUMNS.flatMap((c) => [[c.header, c] as const, [c.key, c] as const]));

const zh = translator("zh-CN");
const en = translator("en");

export const typeLabel = (type: OrganizationType) => zh(`orgType.${type}`);
export const statusLabel = (status: OrganizationStatus) => zh(`orgStatus.${status}`);
export const districtLabel = (code: string) => DISTRICTS.find((d) => d.code === code)?.zh ?? code;

/** Labels in either language, the codes themselves, and the short names people use (民非). */
const TYPE_ALIASES = new Map<string, OrganizationType>([
  ...ORGANIZATION_TYPES.flatMap((t) => [[t.toLowerCase(), t] as const, [zh(`orgType.${t}`), t] as const, [en(`orgType.${t}`).toLowerCase(), t] as const]),
  ["民办非企业单位", "socialServiceAgency"],
  ["民办非企业单位(社会服务机构)", "socialServiceAgency"],
  ["社会服务机构", "socialServiceAgency"],
  ["民非", "socialServiceAgency"],
]);
const STATUS_ALIASES = new Map<string, OrganizationStatus>([
  ...ORGANIZATION_STATUSES.flatMap((s) => [[s.toLowerCase(), s] as const, [zh(`orgStatus.${s}`), s] as const, [en(`orgStatus.${s}`).toLowerCase(), s] as const]),
  // Files exported while a credit listing was a status: such an organization is registered.
  ["列入信用名单", "registered"],
  ["listed", "registered"],
  ["on a credit list", "registered"],
]);

export const typeOf = (label: string) => TYPE_ALIASES.get(label.trim()) ?? TYPE_ALIASES.get(label.trim().toLowerCase()) ?? null;
export const statusOf = (label: string) => STATUS_ALIASES.get(label.trim()) ?? STATUS_ALIASES.get(label.trim().toLowerCase()) ?? null;
