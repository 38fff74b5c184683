/**
 * Benchmark: rendering official documents (composition + PDF with the embedded CJK font subset
 * and the QR code) — time per document and file size, per kind. Printed beside a baseline
 * measured in the same run: a bare one-page pdfkit document in a built-in Latin font (no font
 * embedding, no layout), the floor of any PDF this library writes. Targets: median under 300 ms,
 * files under 300 KB. No server or database (issuing adds one insert and one file write).
 *
 *   npm run bench:documents                    # every kind, RUNS renders each
 *   npm run bench:documents -- --samples DIR   # also writes one PDF per kind into DIR (to look at)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { DOCUMENT_KINDS, documentNumber } from "../../app/domain/document-kinds";
import { renderDocumentPdf } from "../../app/documents/pdf.server";
import { composeDocument, ISSUING_AUTHORITY } from "../../app/documents/templates";
import { SAMPLE_FACTS } from "../../tests/support/document-samples";

const RUNS = 15;
const WARMUP = 2;
const TARGET_MS = 300;
const TARGET_BYTES = 300 * 1024;

const samplesAt = process.argv.indexOf("--samples");
const samplesDir = samplesAt > 0 ? process.argv[samplesAt + 1] : undefined;
if (samplesDir) mkdirSync(samplesDir, { recursive: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function bareBaseline(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => doc.on("end", resolve));
  doc.font("Helvetica").fontSize(16).text("Official document baseline: one page of Latin text in a built-in font.");
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

async function timed(fn: () => Promise<Buffer>): Promise<{ ms: number[]; bytes: number; last: Buffer }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  let last: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    last = await fn();
    ms.push(performance.now() - start);
  }
  return { ms, bytes: last.length, last };
}

const firstStart = performance.now();
await renderDocumentPdf({ content: composeDocument(SAMPLE_FACTS.acceptanceNotice), number: "x", issuedAt: new Date(), authority: ISSUING_AUTHORITY, verificationCode: "K7QM3XPA9TDW4HRN", verifyUrl: "http://localhost:3000/verify/K7QM3XPA9TDW4HRN" });
console.log(`first render in this process (parses the font files): ${(performance.now() - firstStart).toFixed(0)} ms`);

const baseline = await timed(bareBaseline);
const baselineMedian = median(baseline.ms);
console.log(`baseline (bare pdfkit page, built-in font): median ${baselineMedian.toFixed(1)} ms, ${baseline.bytes} bytes\n`);
console.log(["kind".padEnd(26), "median ms".padStart(10), "p90 ms".padStart(8), "× baseline".padStart(11), "KB".padStart(7), "pages"].join(" "));

const medians: number[] = [];
let largest = 0;
for (const kind of DOCUMENT_KINDS) {
  const facts = SAMPLE_FACTS[kind];
  const render = () =>
    renderDocumentPdf({
      content: composeDocument(facts),
      number: documentNumber(kind, 2026, 12),
      issuedAt: new Date(facts.at),
      authority: ISSUING_AUTHORITY,
      verificationCode: "K7QM3XPA9TDW4HRN",
      verifyUrl: "http://localhost:3000/verify/K7QM3XPA9TDW4HRN",
    });
  const result = await timed(render);
  const m = median(result.ms);
  const p90 = [...result.ms].sort((a, b) => a - b)[Math.floor(result.ms.length * 0.9)]!;
  medians.push(m);
  largest = Math.max(largest, result.bytes);
  const pages = (result.last.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
  console.log([kind.padEnd(26), m.toFixed(1).padStart(10), p90.toFixed(1).padStart(8), (m / baselineMedian).toFixed(1).padStart(11), (result.bytes / 1024).toFixed(1).padStart(7), String(pages).padStart(5)].join(" "));
  if (samplesDir) writeFileSync(path.join(samplesDir, `${kind}.pdf`), result.last);
}
const overall = median(medians);
console.log(`\nmedian over kinds: ${overall.toFixed(1)} ms (target < ${TARGET_MS} ms: ${overall < TARGET_MS ? "met" : "NOT met"}); largest file ${(largest / 1024).toFixed(1)} KB (target < ${TARGET_BYTES / 1024} KB: ${largest < TARGET_BYTES ? "met" : "NOT met"})`);
