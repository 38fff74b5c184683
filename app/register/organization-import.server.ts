/**
 * Excel import of the register, keyed by the unified social credit code. Every row is checked
 * (the edit form's rules, plus code, type and status); good rows are written, each bad row is
 * reported with its row number and reason (dictionary keys, shown in the reader's language).
 * New codes are inserted, changed organizations get only their changed facts updated and a
 * change-history entry, unchanged rows are skipped, so importing the same file twice changes
 * nothing. Writes go in unordered bulkWrite batches; existing organizations are compared
 * against the register read model, so there are no per-row queries.
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { Types, type mongo } from "mongoose";
import { Organization } from "@models/organization";
import { OrganizationChange } from "@models/organization-change";
import { OrganizationImport } from "@models/organization-import";
import { touchReadModel } from "@models/read-model-version";
import type { SessionUser } from "~/auth/guards.server";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { USCC_CATEGORY_BY_TYPE, validateUscc } from "~/domain/uscc";
import { isMessageKey, type MessageKey, type Params } from "~/i18n/i18n";
import { COLUMN_BY_HEADER, EXCEL_COLUMNS, MAX_IMPORT_ROWS, statusOf, typeOf, type ColumnKey } from "./excel-columns";
import { setOfChanges, storedPersonalFacts } from "./organization-facts.server";
import {
  changeForHistory,
  diffFacts,
  factsFromInput,
  FACTS_INPUT_FIELDS,
  organizationFactsSchema,
  type ChangedField,
  type OrganizationFacts,
} from "./organization-fields";
import { READ_MODEL, registerIndex } from "./register-index.server";

const BATCH = 1000;

export interface ImportProblem {
  row: number;
  column: ColumnKey | "";
  message: MessageKey;
  value?: string;
  otherRow?: number;
}

export type ImportOutcome =
  | { ok: true; importId: string; inserted: number; updated: number; unchanged: number; rejected: number; problems: ImportProblem[] }
  | { ok: false; error: MessageKey; params?: Params };

type Actor = Pick<SessionUser, "id" | "displayName">;

/** A cell as the text a person would have typed: dates as days, numbers as written, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10); // Excel dates carry no zone: the day is the UTC day
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "string") return value.trim();
  if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
  if ("text" in value && typeof value.text === "string") return value.text.trim();
  if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  return "";
}

interface SheetRow {
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
}

type SheetResult = { ok: true; rows: SheetRow[] } | { ok: false; error: MessageKey; params?: Params };

/** Streams the first worksheet; stops reading as soon as the row limit is passed. */
async function readSheet(buffer: Uint8Array): Promise<SheetResult> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(buffer)]), {
    sharedStrings: "cache",
    styles: "cache", // needed to tell date cells from numbers
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  let columns: (ColumnKey | null)[] | null = null;
  const rows: SheetRow[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row.values as ExcelJS.CellValue[]) ?? [];
      if (!columns) {
        columns = values.map((v) => COLUMN_BY_HEADER.get(cellText(v))?.key ?? null);
        const present = new Set(columns);
        const missing = EXCEL_COLUMNS.filter((c) => c.required && !present.has(c.key)).map((c) => c.header);
        if (missing.length > 0) return { ok: false, error: "register.import.error.missingColumns", params: { columns: missing.join("、") } };
        continue;
      }
      const cells: SheetRow["cells"] = {};
      let empty = true;
      columns.forEach((key, i) => {
        if (!key) return;
        const text = cellText(values[i] ?? null);
        if (text) empty = false;
        cells[key] = text;
      });
      if (empty) continue;
      if (rows.length >= MAX_IMPORT_ROWS) return { ok: false, error: "register.import.error.tooManyRows", params: { rows: MAX_IMPORT_ROWS } };
      rows.push({ row: row.number, cells });
    }
    break; // the first worksheet only
  }
  if (!columns) return { ok: false, error: "register.import.error.empty" };
  return { ok: true, rows };
}

interface GoodRow {
  row: number;
  uscc: string;
  type: NonNullable<ReturnType<typeof typeOf>>;
  status: NonNullable<ReturnType<typeof statusOf>> | null;
  facts: OrganizationFacts;
}

function checkRow({ row, cells }: SheetRow, problems: ImportProblem[]): GoodRow | null {
  const before = problems.length;
  const uscc = validateUscc(cells.uscc ?? "");
  if (!cells.uscc) problems.push({ row, column: "uscc", message: "register.validation.required" });
  else if (!uscc.ok) problems.push({ row, column: "uscc", message: `uscc.${uscc.rule}`, value: cells.uscc });
  const type = typeOf(cells.type ?? "");
  if (!cells.type) problems.push({ row, column: "type", message: "register.validation.required" });
  else if (!type) problems.push({ row, column: "type", message: "register.import.problem.unknownType", value: cells.type });
  else if (uscc.ok && uscc.value[1] !== USCC_CATEGORY_BY_TYPE[type]) {
    problems.push({ row, column: "type", message: "register.import.problem.typeMismatch", value: cells.type });
  }
  const status = cells.status ? statusOf(cells.status) : null;
  if (cells.status && !status) problems.push({ row, column: "status", message: "register.import.problem.unknownStatus", value: cells.status });
  const input = Object.fromEntries(FACTS_INPUT_FIELDS.map((f) => [f, cells[f as ColumnKey] ?? ""]));
  const parsed = organizationFactsSchema.safeParse(input);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const column = String(issue.path[0]) as ColumnKey;
      if (seen.has(column)) continue;
      seen.add(column);
      // The schema's messages are dictionary keys; anything else (a zod default) reads as "not valid".
      problems.push({ row, column, message: isMessageKey(issue.message) ? issue.message : "register.import.problem.invalid", value: cells[column] ?? "" });
    }
  }
  if (problems.length > before || !uscc.ok || !type || !parsed.success) return null;
  return { row, uscc: uscc.value, type, status, facts: factsFromInput(parsed.data) };
}

/** Rows sharing a code are all refused: nothing says which of them is right. */
function rejectDuplicates(rows: GoodRow[], problems: ImportProblem[]): GoodRow[] {
  const rowsByCode = new Map<string, number[]>();
  for (const r of rows) rowsByCode.set(r.uscc, [...(rowsByCode.get(r.uscc) ?? []), r.row]);
  return rows.filter((r) => {
    const same = rowsByCode.get(r.uscc)!;
    if (same.length === 1) return true;
    problems.push({ row: r.row, column: "uscc", message: "register.import.problem.duplicateInFile", value: r.uscc, otherRow: same.find((n) => n !== r.row)! });
    return false;
  });
}

/**
 * A complete Organization document, defaults and timestamps included: new rows are written
 * through the driver (see below), so nothing else fills them in. Every value has passed the
 * same rules the model declares; the import test validates imported documents against the model.
 */
function newDocument(r: GoodRow, now: Date) {
  const { contactName, contactPhone: _phone, contactEmail, legalRepresentativeIdNumber: _id, legalRepresentativeMobile: _mobile, ...facts } = r.facts;
  const personal = storedPersonalFacts(r.facts);
  return {
    _id: new Types.ObjectId(),
    ...facts,
    legalRepresentativeIdNumber: personal.legalRepresentativeIdNumber,
    legalRepresentativeMobile: personal.legalRepresentativeMobile,
    personalIndex: personal.personalIndex,
    uscc: r.uscc,
    type: r.type,
    status: r.status ?? "registered",
    nameSortKey: pinyinSortKey(facts.name),
    nameInitials: pinyinInitials(facts.name),
    contact: { name: contactName, phone: personal.contactPhone, email: contactEmail },
    party: { form: "none" as const, memberCount: 0, jointPartnerIds: [] },
    createdAt: now,
    updatedAt: now,
    __v: 0,
  };
}

interface BulkErrorShape {
  writeErrors?: { index: number } | { index: number }[];
  result?: { insertedCount?: number };
}

export async function importOrganizations(input: { buffer: Uint8Array; fileName: string; actor: Actor }): Promise<ImportOutcome> {
  const startedAt = new Date();
  let sheet: SheetResult;
  try {
    sheet = await readSheet(input.buffer);
  } catch {
    return { ok: false, error: "register.import.error.notXlsx" };
  }
  if (!sheet.ok) return sheet;
  if (sheet.rows.length === 0) return { ok: false, error: "register.import.error.empty" };

  const problems: ImportProblem[] = [];
  const checked = sheet.rows.map((r) => checkRow(r, problems)).filter((r): r is GoodRow => r !== null);
  const good = rejectDuplicates(checked, problems);

  const existing = (await registerIndex()).byUscc;
  const inserts: { row: number; doc: ReturnType<typeof newDocument> }[] = [];
  const updates: { row: number; id: string; changes: ChangedField[]; facts: OrganizationFacts; before: OrganizationFacts }[] = [];
  let unchanged = 0;
  for (const r of good) {
    const current = existing.get(r.uscc);
    if (!current) {
      inserts.push({ row: r.row, doc: newDocument(r, startedAt) });
      continue;
    }
    const changes = diffFacts(current, r.facts);
    if (changes.length === 0) unchanged++;
    else updates.push({ row: r.row, id: current.id, changes, facts: r.facts, before: current });
  }

  const importId = new OrganizationImport()._id;
  let inserted = 0;
  try {
    // History first (as for a form edit), so no update lands without its record.
    for (let i = 0; i < updates.length; i += BATCH) {
      await OrganizationChange.insertMany(
        updates.slice(i, i + BATCH).map((u) => ({
          organizationId: u.id,
          changedAt: startedAt,
          actorId: input.actor.id,
          actorName: input.actor.displayName,
          fields: u.changes.map(changeForHistory),
          importId,
        })),
      );
    }
    // One unordered bulkWrite per batch of inserts and updates, through the driver: Mongoose's
    // per-document casting costs several times the write itself here, and every value is checked
    // above. The model's hooks do not run, so the read model is marked stale below.
    const ops: { row: number; op: mongo.AnyBulkWriteOperation }[] = [
      ...updates.map((u) => ({
        row: u.row,
        op: { updateOne: { filter: { _id: new Types.ObjectId(u.id) }, update: { $set: { ...setOfChanges(u.changes, u.facts, u.before), updatedAt: startedAt } } } },
      })),
      ...inserts.map((n) => ({ row: n.row, op: { insertOne: { document: n.doc } } })),
    ];
    for (let i = 0; i < ops.length; i += BATCH) {
      const batch = ops.slice(i, i + BATCH);
      try {
        const result = await Organization.collection.bulkWrite(
          batch.map((b) => b.op),
          { ordered: false },
        );
        inserted += result.insertedCount;
      } catch (error) {
        // Another import or a registration took a code meanwhile (unique index): report those rows.
        const failed = new Set([(error as BulkErrorShape).writeErrors ?? []].flat().map((e) => e.index));
        if (failed.size === 0) throw error;
        inserted += (error as BulkErrorShape).result?.insertedCount ?? 0;
        for (const index of failed) {
          problems.push({ row: batch[index]!.row, column: "uscc", message: "register.import.problem.conflict" });
        }
      }
    }
  } finally {
    await touchReadModel(READ_MODEL); // the driver's writes run no model hooks
  }

  problems.sort((a, b) => a.row - b.row);
  const rejected = new Set(problems.map((p) => p.row)).size;
  await OrganizationImport.create({
    _id: importId,
    actorId: input.actor.id,
    actorName: input.actor.displayName,
    fileName: input.fileName.slice(0, 200) || "import.xlsx",
    startedAt,
    finishedAt: new Date(),
    totalRows: sheet.rows.length,
    inserted,
    updated: updates.length,
    unchanged,
    rejected,
    problems,
  });
  return { ok: true, importId: String(importId), inserted, updated: updates.length, unchanged, rejected, problems };
}

export async function importReport(id: string | null) {
  if (!id || !/^[0-9a-f]{24}$/.test(id)) return null;
  const run = await OrganizationImport.findById(id).lean();
  if (!run) return null;
  return {
    id: String(run._id),
    actorName: run.actorName,
    fileName: run.fileName,
    finishedAt: run.finishedAt.toISOString(),
    totalRows: run.totalRows,
    inserted: run.inserted,
    updated: run.updated,
    unchanged: run.unchanged,
    rejected: run.rejected,
    problems: run.problems.map((p) => ({
      row: p.row,
      column: (p.column ?? "") as ColumnKey | "",
      message: isMessageKey(p.message) ? p.message : "register.import.problem.invalid",
      value: p.value ?? "",
      otherRow: p.otherRow ?? null,
    })),
  };
}
export type ImportReport = NonNullable<Awaited<ReturnType<typeof importReport>>>;
