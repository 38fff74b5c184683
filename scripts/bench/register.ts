/**
 * Register benchmark (`npm run bench:register`): the regulator's register page and the public
 * JSON API at 32 connections, on the demo register (134) and on 10,000 more organizations,
 * each beside the trivial page /about measured in the same run; then an Excel import of
 * 10,000 rows against inserting the same 10,000 documents through the bare driver.
 * Targets: ≥ 0.5× the trivial page's requests/s, p99 ≤ 4× p50; import ≤ 3× the bare insert.
 * Figures on the embedded FerretDB are not MongoDB figures (ADR 001).
 */
import ExcelJS from "exceljs";
import mongoose from "mongoose";
import { Organization } from "../../models/organization";
import { toCalendarDateString } from "../../app/domain/calendar-date";
import { DISTRICTS } from "../../app/domain/organization";
import { buildUscc, USCC_CATEGORY_BY_TYPE } from "../../app/domain/uscc";
import { districtLabel, EXCEL_COLUMNS, typeLabel } from "../../app/register/excel-columns";
import { importOrganizations } from "../../app/register/organization-import.server";
import { seedDemo } from "../seed/demo";
import { demoOrganizations } from "../seed/demo-data";
import { seededRandom } from "../seed/random";
import { load, printLoadTable, startBenchServer, time, type LoadResult } from "./lib";
import { signInOverHttp } from "../lib/sign-in";

const ROWS = 10_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

/** 10,000 distinct, valid rows in the import format (deterministic). */
async function importFile(): Promise<{ buffer: Uint8Array; codes: string[] }> {
  const random = seededRandom(10_000);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("导入");
  sheet.addRow(EXCEL_COLUMNS.map((c) => c.header));
  const codes: string[] = [];
  let plans = demoOrganizations(random);
  for (let i = 0; i < ROWS; i++) {
    if (i % plans.length === 0 && i > 0) plans = demoOrganizations(random);
    const o = plans[i % plans.length]!;
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const uscc = buildUscc(USCC_CATEGORY_BY_TYPE[o.type], district.code, String(30_000_000 + i));
    codes.push(uscc);
    const values: Record<string, string | number | Date> = {
      uscc,
      name: `${o.name.replace(/^银川市/, `银川市${i}号`)}`,
      type: typeLabel(o.type),
      registrationAuthority: o.registrationAuthority,
      district: districtLabel(district.code),
      sponsoringUnit: o.sponsoringUnit,
      legalRepresentative: o.legalRepresentative,
      domicile: o.domicile,
      establishedAt: new Date(`${toCalendarDateString(o.establishedAt)}T00:00:00Z`),
      registeredCapital: o.registeredCapitalFen / 100,
      businessScope: o.businessScope,
      contactName: o.contact.name,
      contactPhone: o.contact.phone,
      contactEmail: o.contact.email,
      directlyManaged: "否",
      status: "已登记",
    };
    sheet.addRow(EXCEL_COLUMNS.map((c) => values[c.key] ?? ""));
  }
  return { buffer: new Uint8Array(await book.xlsx.writeBuffer()), codes };
}

async function measurePages(baseUrl: string, cookie: string, label: string): Promise<void> {
  const headers = { Cookie: cookie };
  // Warm-up: builds the server's read model and JIT-compiles the routes before measuring.
  for (const path of ["/about", "/regulator/organizations", "/api/v1/organizations"]) {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
  }
  const about = await load(`/about (${label})`, `${baseUrl}/about`, { seconds: SECONDS });
  const rows: LoadResult[] = [
    // The same trivial page signed in: what the session check alone costs every signed-in page.
    await load(`/about signed in (${label})`, `${baseUrl}/about`, { seconds: SECONDS, headers }),
    await load(`register page (${label})`, `${baseUrl}/regulator/organizations`, { seconds: SECONDS, headers }),
    await load(
      `register page, search+filter+sort (${label})`,
      `${baseUrl}/regulator/organizations?q=${encodeURIComponent("协会")}&district=640104&sort=registeredCapital&order=desc&page=2`,
      { seconds: SECONDS, headers },
    ),
    await load(`JSON API (${label})`, `${baseUrl}/api/v1/organizations`, { seconds: SECONDS }),
    await load(`JSON API, filtered (${label})`, `${baseUrl}/api/v1/organizations?type=socialGroup&district=640105&page=3`, { seconds: SECONDS }),
  ];
  printLoadTable(about, rows);
}

async function main() {
  // The server as it runs in production (React's production build); production never seeds,
  // so the demo register is loaded here first.
  const server = await startBenchServer({
    seedDemo: false,
    prepare: () => seedDemo(() => {}),
    env: { NODE_ENV: "production" },
  });
  try {
    const cookie = await signInOverHttp(server.baseUrl, "regulator", server.password);
    console.log(`Register benchmark (NODE_ENV=production) at 32 connections, ${SECONDS} s per row; server ${server.baseUrl}`);

    await measurePages(server.baseUrl, cookie, `${await Organization.countDocuments({})} organizations`);

    const { buffer, codes } = await importFile();
    const actor = { id: "000000000000000000000001", displayName: "基准测试" };
    const imported = await time(() => importOrganizations({ buffer, fileName: "bench.xlsx", actor }));
    if (!imported.value.ok || imported.value.inserted !== ROWS) throw new Error(`import failed: ${JSON.stringify(imported.value).slice(0, 500)}`);

    // The same 10,000 documents, inserted through the bare driver into a collection with the same indexes.
    const wanted = new Set(codes);
    const documents = (await Organization.find({}).lean()).filter((d) => wanted.has(d.uscc));
    const bare = mongoose.connection.db!.collection("bench_bare_organizations");
    for (const [fields, options] of Organization.schema.indexes()) await bare.createIndex(fields as Record<string, 1 | -1>, options as mongoose.mongo.CreateIndexesOptions);
    const inserted = await time(() => bare.insertMany(documents, { ordered: false }));
    const again = await time(() => importOrganizations({ buffer, fileName: "bench.xlsx", actor }));
    if (!again.value.ok || again.value.unchanged !== ROWS) throw new Error("re-import changed something");

    console.log("\n| import of 10,000 rows | ms | rows/s | ratio to bare insert |");
    console.log("|---|---|---|---|");
    console.log(`| bare driver insertMany (same documents) | ${inserted.ms.toFixed(0)} | ${(ROWS / (inserted.ms / 1000)).toFixed(0)} | 1.00 |`);
    console.log(`| Excel import, new rows (read, check, write, report) | ${imported.ms.toFixed(0)} | ${(ROWS / (imported.ms / 1000)).toFixed(0)} | ${(imported.ms / inserted.ms).toFixed(2)} |`);
    console.log(`| same file again (all unchanged) | ${again.ms.toFixed(0)} | ${(ROWS / (again.ms / 1000)).toFixed(0)} | ${(again.ms / inserted.ms).toFixed(2)} |`);
    await bare.drop();

    await measurePages(server.baseUrl, cookie, `${await Organization.countDocuments({})} organizations`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
