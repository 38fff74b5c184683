/**
 * The ONE reading of register queries from a URL, for the regulator's register page, its Excel
 * export, the public directory and the JSON API. Only the listed parameters are accepted, each
 * at most once: anything else (e.g. `q[$ne]=`, `type[$gt]=`, an unknown type, page 0, pageSize
 * 101) is refused, so a caller gets a 400 and never an unexpected result.
 */
import { z } from "zod";
import {
  DISTRICT_CODES,
  ORGANIZATION_STATUSES,
  ORGANIZATION_TYPES,
  PARTY_FORMS,
  type DistrictCode,
  type OrganizationStatus,
  type OrganizationType,
  type PartyForm,
} from "~/domain/organization";
import { pageParamsSchema } from "~/forms/page-params";

export type Audience = "regulator" | "public";

/** The public sees every organization that was ever registered, with its final status; not applications. */
export const PUBLIC_STATUSES = ORGANIZATION_STATUSES.filter((s) => s !== "applying") as Exclude<OrganizationStatus, "applying">[];

export const REGISTER_SORTS = ["name", "establishedAt", "registeredCapital"] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];
export const SORT_ORDERS = ["asc", "desc"] as const;

/** `instructor=none`: organizations without an instructor. */
export const NO_INSTRUCTOR = "none";

export interface RegisterQuery {
  audience: Audience;
  q: string;
  type?: OrganizationType;
  district?: DistrictCode;
  status?: OrganizationStatus;
  partyForm?: PartyForm;
  instructor?: string;
  sort: RegisterSort;
  order: "asc" | "desc";
  page: number;
  pageSize: number;
}

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blankToUndefined, z.enum(values).optional());

const common = {
  q: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().max(100).default("")),
  type: optionalEnum(ORGANIZATION_TYPES),
  district: optionalEnum(DISTRICT_CODES),
  sort: z.preprocess(blankToUndefined, z.enum(REGISTER_SORTS).default("name")),
  order: z.preprocess(blankToUndefined, z.enum(SORT_ORDERS).default("asc")),
  page: z.preprocess(blankToUndefined, pageParamsSchema.shape.page),
  pageSize: z.preprocess(blankToUndefined, pageParamsSchema.shape.pageSize),
};

const SCHEMAS = {
  public: z.strictObject({ ...common, status: optionalEnum(PUBLIC_STATUSES as [string, ...string[]]) }),
  regulator: z.strictObject({
    ...common,
    status: optionalEnum(ORGANIZATION_STATUSES),
    partyForm: optionalEnum(PARTY_FORMS),
    instructor: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^(none|[0-9a-f]{24})$/)
        .optional(),
    ),
  }),
};

export type RegisterQueryResult = { ok: true; query: RegisterQuery } | { ok: false; issues: string[] };

export function parseRegisterQuery(params: URLSearchParams, audience: Audience): RegisterQueryResult {
  const raw: Record<string, string> = {};
  const issues: string[] = [];
  for (const [key, value] of params) {
    if (key in raw) issues.push(`${key}: given more than once`);
    raw[key] = value;
  }
  const parsed = SCHEMAS[audience].safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [issue.path.join(".")];
      for (const key of keys) issues.push(`${key}: ${issue.code === "unrecognized_keys" ? "unknown parameter" : "invalid value"}`);
    }
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, query: { audience, ...(parsed.data as Omit<RegisterQuery, "audience">) } };
}

/** For pages: the query, or a 400 page. */
export function readRegisterQuery(url: URL, audience: Audience): RegisterQuery {
  const result = parseRegisterQuery(url.searchParams, audience);
  if (!result.ok) throw new Response("Bad Request", { status: 400 });
  return result.query;
}

/** The same query as URL parameters (defaults left out), e.g. for the export link. */
export function registerQueryParams(query: RegisterQuery, options: { withPage?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const key of ["type", "district", "status", "partyForm", "instructor"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.sort !== "name") params.set("sort", query.sort);
  if (query.order !== "asc") params.set("order", query.order);
  if (options.withPage) {
    params.set("page", String(query.page));
    params.set("pageSize", String(query.pageSize));
  }
  return params;
}
