/**
 * The register as an in-process read model (ADR 007). The embedded database scans a whole
 * collection for any filter other than `_id` (about a second for 10,000 organizations), so
 * the register page, the export, the public directory and the JSON API all answer from this
 * copy: one `_id` lookup of a version token decides whether it is still current, then
 * filtering, sorting and paging are plain loops over arrays kept in each sort order.
 *
 * Consistency: writes in this process are seen by the next read here; writes by another
 * process within RECHECK_MS. Contact and personal data are held here (opened) for the
 * regulator's export and edit form; the public serializers below are allow-lists, so they never
 * reach the directory or the API, and pages show personal data masked (ADR 016).
 */
import { Organization } from "@models/organization";
import { PartyInstructor } from "@models/party-instructor";
import { personalSearchHashes } from "~/personal-data/personal-data.server";
import { versionedReadModel } from "~/read-model/versioned.server";
import type { OrganizationStatus, OrganizationType, PartyForm } from "~/domain/organization";
import { factsOfDocument, ORGANIZATION_PROJECTION } from "./organization-facts.server";
import type { OrganizationFacts } from "./organization-fields";
import { NO_INSTRUCTOR, PUBLIC_STATUSES, type RegisterQuery, type RegisterSort } from "./register-query";

export const READ_MODEL = "organizations";

export interface RegisterEntry extends OrganizationFacts {
  id: string;
  uscc: string;
  nameSortKey: string;
  type: OrganizationType;
  status: OrganizationStatus;
  partyForm: PartyForm;
  instructorId: string | null;
  /** Deregistered or revoked: the day and the reason. */
  exit: { on: Date; reason: string } | null;
  /** Lower-cased haystacks for keyword search. */
  search: { name: string; initials: string; pinyin: string; legalRepresentative: string };
  /** SM3 keyed hashes of the personal data: regulators find an organization by an identity or phone number. */
  personalIndex: readonly string[];
}

const PROJECTION = { ...ORGANIZATION_PROJECTION, nameSortKey: 1, nameInitials: 1 } as const;

interface RegisterIndex {
  entries: RegisterEntry[];
  byUscc: Map<string, RegisterEntry>;
  byId: Map<string, RegisterEntry>;
  sorted: Record<RegisterSort, RegisterEntry[]>;
  instructors: { id: string; name: string; active: boolean }[];
}

const byName = (a: RegisterEntry, b: RegisterEntry) =>
  a.nameSortKey < b.nameSortKey ? -1 : a.nameSortKey > b.nameSortKey ? 1 : a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0;

async function buildIndex(): Promise<RegisterIndex> {
  const [rows, instructorRows] = await Promise.all([
    Organization.find({}, PROJECTION).lean(),
    PartyInstructor.find({}, { name: 1, nameSortKey: 1, active: 1 }).lean(),
  ]);
  const entries: RegisterEntry[] = rows.map((o) => ({
    id: String(o._id),
    uscc: o.uscc,
    ...factsOfDocument(o),
    nameSortKey: o.nameSortKey,
    type: o.type,
    status: o.status,
    partyForm: o.party?.form ?? "none",
    instructorId: o.party?.instructorId ? String(o.party.instructorId) : null,
    exit: o.exit ? { on: o.exit.on, reason: o.exit.reason ?? "" } : null,
    search: {
      name: o.name.toLowerCase(),
      initials: o.nameInitials,
      pinyin: o.nameSortKey.replace(/ /g, ""),
      legalRepresentative: o.legalRepresentative.toLowerCase(),
    },
    personalIndex: o.personalIndex ?? [],
  }));
  const name = [...entries].sort(byName);
  const rank = new Map(name.map((e, i) => [e, i]));
  const tie = (a: RegisterEntry, b: RegisterEntry) => rank.get(a)! - rank.get(b)!;
  instructorRows.sort((a, b) => (a.nameSortKey < b.nameSortKey ? -1 : a.nameSortKey > b.nameSortKey ? 1 : 0));
  return {
    entries,
    byUscc: new Map(entries.map((e) => [e.uscc, e])),
    byId: new Map(entries.map((e) => [e.id, e])),
    sorted: {
      name,
      establishedAt: [...entries].sort((a, b) => a.establishedAt.getTime() - b.establishedAt.getTime() || tie(a, b)),
      registeredCapital: [...entries].sort((a, b) => a.registeredCapitalFen - b.registeredCapitalFen || tie(a, b)),
    },
    instructors: instructorRows.map((i) => ({ id: String(i._id), name: i.name, active: i.active !== false })),
  };
}

/** The current register; concurrent callers share one token check and one load. */
export const registerIndex = versionedReadModel(READ_MODEL, buildIndex);

type Needle = { lower: string; upper: string; letters: boolean; personal: string[] };

function matches(entry: RegisterEntry, query: RegisterQuery, needle: Needle): boolean {
  if (query.audience === "public" && !(PUBLIC_STATUSES as string[]).includes(entry.status)) return false;
  if (query.status && entry.status !== query.status) return false;
  if (query.type && entry.type !== query.type) return false;
  if (query.district && entry.district !== query.district) return false;
  if (query.partyForm && entry.partyForm !== query.partyForm) return false;
  if (query.instructor && entry.instructorId !== (query.instructor === NO_INSTRUCTOR ? null : query.instructor)) return false;
  if (!needle.lower) return true;
  return (
    entry.search.name.includes(needle.lower) ||
    entry.uscc.startsWith(needle.upper) ||
    entry.search.legalRepresentative.includes(needle.lower) ||
    (needle.letters && (entry.search.initials.includes(needle.lower) || entry.search.pinyin.includes(needle.lower))) ||
    needle.personal.some((hash) => entry.personalIndex.includes(hash))
  );
}

/** Every matching entry in the query's order (the export streams this). */
export function* matchingEntries(index: RegisterIndex, query: RegisterQuery): Generator<RegisterEntry> {
  const lower = query.q.toLowerCase();
  // Only regulators find organizations by personal data; the public search never does.
  const personal = query.audience === "regulator" ? personalSearchHashes(query.q) : [];
  const needle: Needle = { lower, upper: query.q.toUpperCase(), letters: /^[a-z]+$/.test(lower), personal };
  const list = index.sorted[query.sort];
  if (query.order === "asc") {
    for (let i = 0; i < list.length; i++) if (matches(list[i]!, query, needle)) yield list[i]!;
  } else {
    for (let i = list.length - 1; i >= 0; i--) if (matches(list[i]!, query, needle)) yield list[i]!;
  }
}

/** One page of matches and the total count, in one pass. */
export async function searchRegister(query: RegisterQuery): Promise<{ total: number; items: RegisterEntry[] }> {
  const index = await registerIndex();
  const from = (query.page - 1) * query.pageSize;
  const items: RegisterEntry[] = [];
  let total = 0;
  for (const entry of matchingEntries(index, query)) {
    if (total >= from && items.length < query.pageSize) items.push(entry);
    total++;
  }
  return { total, items };
}

/** A publicly listed organization by its credit code, or null (applications are not public). */
export async function publicEntryByUscc(uscc: string): Promise<RegisterEntry | null> {
  const entry = (await registerIndex()).byUscc.get(uscc.toUpperCase());
  return entry && (PUBLIC_STATUSES as string[]).includes(entry.status) ? entry : null;
}

export async function instructorOptions(): Promise<{ id: string; name: string }[]> {
  return (await registerIndex()).instructors.map(({ id, name }) => ({ id, name }));
}

/** Open data: exactly these fields, nothing personal. */
export function toPublicItem(entry: RegisterEntry) {
  return {
    uscc: entry.uscc,
    name: entry.name,
    type: entry.type,
    district: entry.district,
    status: entry.status,
    /** Deregistered or revoked: when and why (null otherwise). */
    exit: entry.exit ? { date: entry.exit.on.toISOString(), reason: entry.exit.reason } : null,
    registeredAt: entry.establishedAt.toISOString(),
    legalRepresentative: entry.legalRepresentative,
    sponsoringUnit: entry.sponsoringUnit,
  };
}
export type PublicOrganization = ReturnType<typeof toPublicItem>;

/** The directory's detail page: the open-data fields plus the public registration facts. */
export function toPublicDetail(entry: RegisterEntry) {
  return {
    ...toPublicItem(entry),
    registrationAuthority: entry.registrationAuthority,
    domicile: entry.domicile,
    registeredCapitalFen: entry.registeredCapitalFen,
    businessScope: entry.businessScope,
  };
}

/** A row of the regulator's register table. */
export function toRegisterRow(entry: RegisterEntry) {
  return {
    id: entry.id,
    uscc: entry.uscc,
    name: entry.name,
    type: entry.type,
    district: entry.district,
    status: entry.status,
    exit: entry.exit ? { date: entry.exit.on.toISOString(), reason: entry.exit.reason } : null,
    legalRepresentative: entry.legalRepresentative,
    establishedAt: entry.establishedAt.toISOString(),
    registeredCapitalFen: entry.registeredCapitalFen,
    partyForm: entry.partyForm,
    instructorId: entry.instructorId,
  };
}
