/**
 * Reading the audit trail (the audit administrator's page and export) and keeping its
 * verification status. Reading never changes a record; each export and verification is itself
 * recorded. The unfiltered newest-first page is read by `_id` lookups from the chain's tail (the
 * embedded database's fast path); a filtered search reads the collection (an occasional query
 * by one person; on MongoDB the indexes on `at`, `action` and `actor.username` serve it).
 */
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import mongoose from "mongoose";
import { AuditCheck } from "@models/audit-check";
import { AuditRecord, type AuditRecordFields } from "@models/audit-record";
import type { SessionUser } from "~/auth/guards.server";
import { endOfShanghaiDay, parseCalendarDate } from "~/domain/calendar-date";
import { escapeRegExp } from "~/http/ids.server";
import { translator } from "~/i18n/i18n";
import { isUnfiltered, type AuditFilter } from "./audit-forms";
import { auditTail, recordAudit, SYSTEM_AUDIT_ACTOR, type AuditActorInput } from "./audit-trail.server";
import { verifyAuditChain, type ChainVerdict } from "./verify.server";
import { upsertWinningRace } from "~/upsert-race.server";
import { readPage } from "~/forms/page-query.server";
import { vocabularyLabel } from "~/i18n/labels";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from "./actions";

export const AUDIT_PAGE_SIZE = 50;
/** How often the sweeper verifies the whole chain by itself. */
export const AUTOMATIC_VERIFY_MS = 24 * 60 * 60 * 1000;
const EXPORT_MAX_ROWS = 100_000;
const LATEST = "latest";
const RUNNING = "running";
/** A verification "under way" for longer than this was cut off (its process stopped). */
const ABANDONED_MS = 60 * 60 * 1000;

function queryOf(filter: AuditFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const from = filter.from ? parseCalendarDate(filter.from) : null;
  const to = filter.to ? parseCalendarDate(filter.to) : null;
  if (from || to) query.at = mongoose.trusted({ ...(from ? { $gte: from } : {}), ...(to ? { $lte: endOfShanghaiDay(to) } : {}) });
  if (filter.actor) query["actor.username"] = mongoose.trusted({ $regex: new RegExp(escapeRegExp(filter.actor), "i") });
  if (filter.action) query.action = filter.action;
  if (filter.outcome) query.outcome = filter.outcome;
  if (filter.object) query.$or = [{ "object.id": filter.object }, { "object.label": mongoose.trusted({ $regex: new RegExp(escapeRegExp(filter.object), "i") }) }];
  return query;
}

type Row = AuditRecordFields;

function view(r: Row) {
  return {
    seq: r._id,
    at: r.at.toISOString(),
    username: r.actor.username ?? "",
    displayName: r.actor.displayName ?? "",
    role: r.actor.role,
    address: r.address ?? "",
    action: r.action,
    objectKind: r.object?.kind ?? "",
    objectId: r.object?.id ?? "",
    objectLabel: r.object?.label ?? "",
    outcome: r.outcome,
    detail: detailText(r.action, (r.detail ?? {}) as Record<string, string>),
  };
}

/** The page's short form of a record's detail; a decision's link (row id and SM3) stays for the export and verification. */
function detailText(action: string, detail: Record<string, string>): string {
  if (action === "workflow.decision") return `#${detail.seq ?? ""} ${detail.from || "—"} → ${detail.to ?? ""}`;
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
}
export type AuditRow = ReturnType<typeof view>;

/** One page, newest first. */
export async function auditPage(filter: AuditFilter): Promise<{ total: number; page: number; pageSize: number; items: AuditRow[] }> {
  const page = Math.max(1, Number(filter.page));
  if (isUnfiltered(filter)) {
    const tail = await auditTail();
    const top = tail - (page - 1) * AUDIT_PAGE_SIZE;
    const seqs = Array.from({ length: Math.max(0, Math.min(AUDIT_PAGE_SIZE, top)) }, (_, i) => top - i);
    const rows = await Promise.all(seqs.map((seq) => AuditRecord.findById(seq).lean()));
    return { total: tail, page, pageSize: AUDIT_PAGE_SIZE, items: rows.flatMap((r) => (r ? [view(r as Row)] : [])) };
  }
  const query = queryOf(filter);
  const { total, rows } = await readPage(AuditRecord.countDocuments(query), AuditRecord.find(query).sort({ _id: -1 }).lean(), { page, pageSize: AUDIT_PAGE_SIZE });
  return { total, page, pageSize: AUDIT_PAGE_SIZE, items: rows.map(view) };
}

const zh = translator("zh-CN");
const COLUMNS: { key: keyof AuditRow; header: string; width: number }[] = [
  { key: "seq", header: "序号", width: 10 },
  { key: "at", header: "时间（UTC）", width: 26 },
  { key: "username", header: "账号", width: 16 },
  { key: "displayName", header: "姓名", width: 12 },
  { key: "role", header: "角色", width: 14 },
  { key: "address", header: "来源地址", width: 18 },
  { key: "action", header: "事件", width: 18 },
  { key: "objectKind", header: "对象类型", width: 14 },
  { key: "objectId", header: "对象标识", width: 26 },
  { key: "objectLabel", header: "对象", width: 24 },
  { key: "outcome", header: "结果", width: 8 },
  { key: "detail", header: "详情", width: 50 },
];

/** The filtered trail as .xlsx, streamed (oldest first), recorded as an export by `user`. */
export async function exportAudit(user: SessionUser, filter: AuditFilter): Promise<ReadableStream<Uint8Array>> {
  await recordAudit({ actor: user, action: "audit.export", object: { kind: "auditTrail" }, detail: { filter: JSON.stringify({ ...filter, page: undefined, notice: undefined }) } });
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet("安全审计记录");
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  const write = async () => {
    const cursor = AuditRecord.find(queryOf(filter)).sort({ _id: 1 }).limit(EXPORT_MAX_ROWS).lean().cursor({ batchSize: 1000 });
    let n = 0;
    for await (const row of cursor) {
      const shown = { ...view(row as Row), detail: JSON.stringify(row.detail ?? {}) };
      sheet.addRow({ ...shown, action: vocabularyLabel(zh, AUDIT_ACTIONS, (action) => `audit.action.${action}`, shown.action), outcome: vocabularyLabel(zh, AUDIT_OUTCOMES, (outcome) => `audit.outcome.${outcome}`, shown.outcome) }).commit();
      if (++n % 500 === 0 && output.writableNeedDrain) await new Promise((resolve) => output.once("drain", resolve));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

/** Verifies the whole chain, keeps the verdict as the latest status, and records the run. */
export async function runAuditVerification(actor: AuditActorInput): Promise<ChainVerdict> {
  const by = actor.username || actor.role;
  const running = { at: new Date(), by, ok: true, checked: 0, durationMs: 0 };
  // A button press and the sweeper may start the first ever run together.
  await upsertWinningRace(() => AuditCheck.replaceOne({ _id: RUNNING }, running, { upsert: true }));
  try {
    const verdict = await verifyAuditChain({
      progressEvery: 2_000,
      onProgress: async (checked) => void (await AuditCheck.updateOne({ _id: RUNNING }, { $set: { checked } })),
    });
    const status = {
      at: new Date(),
      by,
      ok: verdict.ok,
      checked: verdict.checked,
      headSeq: verdict.head?.seq ?? 0,
      headHash: verdict.head?.hash ?? "",
      brokenSeq: verdict.broken?.seq,
      brokenReason: verdict.broken?.reason,
      durationMs: verdict.durationMs,
    };
    await upsertWinningRace(() => AuditCheck.replaceOne({ _id: LATEST }, status, { upsert: true }));
    await recordAudit({
      actor,
      action: "audit.verify",
      object: { kind: "auditTrail" },
      outcome: verdict.ok ? "success" : "failure",
      detail: { checked: verdict.checked, head: verdict.head?.seq ?? 0, brokenAt: verdict.broken?.seq, reason: verdict.broken?.reason },
    });
    return verdict;
  } finally {
    await AuditCheck.deleteOne({ _id: RUNNING });
  }
}

/**
 * The audit administrator's "verify now": a whole trail takes about a minute per 50,000 records on
 * the embedded database, so it runs after the answer, and the page shows its progress.
 */
export function startAuditVerification(actor: AuditActorInput): void {
  runAuditVerification(actor).catch((error: unknown) => console.error("[audit] verification failed", error));
}

/** The latest verdict, and the verification under way (if any, and not abandoned by a process that stopped). */
export async function verificationStatus(now = Date.now()) {
  const [latest, running] = await Promise.all([AuditCheck.findById(LATEST).lean(), AuditCheck.findById(RUNNING).lean()]);
  return {
    latest: latest ? { ...latest, at: latest.at.toISOString() } : null,
    running: running && now - running.at.getTime() < ABANDONED_MS ? { checked: running.checked, since: running.at.toISOString() } : null,
  };
}

/** The sweeper's daily verification, so the page's status is never older than a day. */
export async function verifyAuditIfDue(now = Date.now()): Promise<boolean> {
  const latest = await AuditCheck.findById(LATEST, { at: 1 }).lean();
  if (latest && now - latest.at.getTime() < AUTOMATIC_VERIFY_MS) return false;
  await runAuditVerification(SYSTEM_AUDIT_ACTOR);
  return true;
}
