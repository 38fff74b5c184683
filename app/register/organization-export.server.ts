/**
 * Excel export of the register under the current filters, streamed: rows go from the read
 * model straight into exceljs' streaming WorkbookWriter and out of the response as they are
 * zipped, so no second copy of the register is built in memory.
 */
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { CreditList } from "@models/credit-listing";
import { toCalendarDateString } from "~/domain/calendar-date";
import { activeListsByOrganization } from "~/daily-gate/credit-lists.server";
import { translator } from "~/i18n/i18n";
import { CREDIT_LISTS_COLUMN, districtLabel, EXCEL_COLUMNS, statusLabel, typeLabel, type ColumnKey } from "./excel-columns";
import { matchingEntries, registerIndex, type RegisterEntry } from "./register-index.server";
import type { RegisterQuery } from "./register-query";

/** The calendar day as Excel keeps dates: midnight UTC of that day, no zone. */
function excelDay(date: Date): Date {
  return new Date(`${toCalendarDateString(date)}T00:00:00Z`);
}

const zh = translator("zh-CN");

function rowOf(e: RegisterEntry, creditLists: readonly CreditList[]): Record<ColumnKey | "creditLists", string | number | Date> {
  return {
    uscc: e.uscc,
    name: e.name,
    type: typeLabel(e.type),
    registrationAuthority: e.registrationAuthority,
    district: districtLabel(e.district),
    sponsoringUnit: e.sponsoringUnit,
    legalRepresentative: e.legalRepresentative,
    domicile: e.domicile,
    establishedAt: excelDay(e.establishedAt),
    registeredCapital: e.registeredCapitalFen / 100,
    businessScope: e.businessScope,
    contactName: e.contactName,
    contactPhone: e.contactPhone,
    contactEmail: e.contactEmail,
    directlyManaged: e.directlyManaged ? "是" : "否",
    publicFundraising: e.publicFundraising ? "是" : "否",
    status: statusLabel(e.status),
    creditLists: creditLists.map((list) => zh(`dailyGate.list.${list}`)).join("、"),
  };
}

export async function exportRegister(query: RegisterQuery): Promise<ReadableStream<Uint8Array>> {
  const [index, lists] = await Promise.all([registerIndex(), activeListsByOrganization()]);
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet("社会组织");
  sheet.columns = [
    ...EXCEL_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      style:
        c.key === "establishedAt" ? { numFmt: "yyyy-mm-dd" } : c.key === "registeredCapital" ? { numFmt: "#,##0.00" } : c.key === "uscc" ? { numFmt: "@" } : {},
    })),
    { ...CREDIT_LISTS_COLUMN, key: "creditLists" },
  ];
  sheet.getRow(1).font = { bold: true };
  const write = async () => {
    let n = 0;
    for (const entry of matchingEntries(index, query)) {
      sheet.addRow(rowOf(entry, lists.get(entry.id) ?? [])).commit();
      // Let the response read what is zipped so far before writing more.
      if (++n % 500 === 0 && output.writableNeedDrain) await new Promise((resolve) => output.once("drain", resolve));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

export function exportFileName(now = new Date()): string {
  return `社会组织登记信息-${toCalendarDateString(now)}.xlsx`;
}
