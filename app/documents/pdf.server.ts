/**
 * Renders a document's text to PDF, laid out on the model of GB/T 9704-2012 (党政机关公文格式):
 * A4, top margin 37 mm, binding margin 28 mm, a 156 × 225 mm type area of 22 lines of 28
 * characters in 16 pt (三号) body text, the title in 22 pt (二号) bold song face, the issuing
 * authority and date at the foot, and page numbers as “— 1 —”. The face is Noto Serif SC from the
 * npm registry (a song-style serif), embedded as a subset of the glyphs used, so the text is
 * searchable and copyable and a document weighs tens of kilobytes.
 *
 * No seal is drawn: a dashed box with words marks where the seal goes on the printed copy. Each
 * page carries the verification code, and the first a QR code of the public verification address.
 * Rendering is deterministic (the creation date is the issue date), so the same document renders
 * to the same bytes and the same SHA-256.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { chineseDate } from "./chinese-date";
import { formatVerificationCode } from "~/domain/document-kinds";
import type { DocumentContent, DocumentTable } from "./templates";

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve("@expo-google-fonts/noto-serif-sc/package.json"));

type Font = ReturnType<typeof fontkit.create>;
let fonts: { regular: Font; bold: Font } | null = null;
/** Parsed once per process: the 15 MB font files are read lazily by fontkit, table by table. */
function loadFonts() {
  fonts ??= {
    regular: fontkit.create(readFileSync(path.join(FONT_DIR, "400Regular/NotoSerifSC_400Regular.ttf"))),
    bold: fontkit.create(readFileSync(path.join(FONT_DIR, "700Bold/NotoSerifSC_700Bold.ttf"))),
  };
  return fonts;
}

const MM = 72 / 25.4;
const MARGIN = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM };
const TYPE_WIDTH = 156 * MM;
const BODY_SIZE = 16; // 三号
const TITLE_SIZE = 22; // 二号
const LINE_PITCH = (225 * MM) / 22; // 22 lines per page
/** Noto Serif SC's line height is 1.437 em; the gap brings the pitch to GB/T 9704's 22 lines. */
const BODY_GAP = LINE_PITCH - 1.437 * BODY_SIZE;
/** 28 characters per line: 16 pt glyphs with a little less than nothing between them. */
const CHARACTER_SPACING = TYPE_WIDTH / 28 - BODY_SIZE;
const RED = "#c00000";
const INK = "#000000";
const GREY = "#666666";

export interface RenderInput {
  content: DocumentContent;
  /** 文号 */
  number: string;
  issuedAt: Date;
  authority: string;
  verificationCode: string;
  verifyUrl: string;
}

type Doc = InstanceType<typeof PDFDocument>;

export async function renderDocumentPdf(input: RenderInput): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const landscape = input.content.layout === "certificate";
  const doc = new PDFDocument({
    size: "A4",
    layout: landscape ? "landscape" : "portrait",
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: `${input.content.title} ${input.number}`, Author: input.authority, Subject: input.content.title, Creator: "银川市社会组织综合监管平台", CreationDate: input.issuedAt, ModDate: input.issuedAt },
    lang: "zh-CN",
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.registerFont("body", regular as never);
  doc.registerFont("bold", bold as never);
  const qr = QRCode.create(input.verifyUrl, { errorCorrectionLevel: "M" }).modules;

  if (landscape) renderCertificate(doc, input, qr);
  else renderLetter(doc, input, qr);

  // Footer of every page: the verification code, and the page number as GB/T 9704 writes it.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const width = doc.page.width;
    const bottom = doc.page.height - 22 * MM;
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not start a new page
    doc.font("body").fontSize(9).fillColor(GREY);
    doc.text(`验证码 ${formatVerificationCode(input.verificationCode)}\u3000核验：${input.verifyUrl}`, MARGIN.left, bottom + 10, { width: width - MARGIN.left - MARGIN.right, lineBreak: false });
    if (!landscape) {
      doc.font("body").fontSize(14).fillColor(INK);
      doc.text(`— ${i - range.start + 1} —`, MARGIN.left, bottom - 8, { width: width - MARGIN.left - MARGIN.right, align: "center", lineBreak: false });
    }
    doc.page.margins.bottom = saved;
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A QR code as filled squares, runs of dark modules merged into one rectangle each. */
function drawQr(doc: Doc, modules: QRCode.BitMatrix, x: number, y: number, size: number) {
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + start * cell, y + row * cell, (col - start) * cell + 0.05, cell + 0.05);
        start = -1;
      }
    }
  }
  doc.fillColor(INK).fill();
}

function drawQrBlock(doc: Doc, input: RenderInput, qr: QRCode.BitMatrix, x: number, y: number, size: number) {
  drawQr(doc, qr, x, y, size);
  doc.font("body").fontSize(7.5).fillColor(GREY).text("扫码核验真伪", x - 10, y + size + 2, { width: size + 20, align: "center", lineBreak: false });
}

const bodyText = { lineGap: BODY_GAP, characterSpacing: CHARACTER_SPACING, align: "justify" as const };

function renderLetter(doc: Doc, input: RenderInput, qr: QRCode.BitMatrix) {
  const { content } = input;
  const left = MARGIN.left;
  const pageWidth = doc.page.width;
  drawQrBlock(doc, input, qr, pageWidth - MARGIN.right - 20 * MM, 9 * MM, 20 * MM);

  // 版头: the issuing authority in red, the 文号 under it, and the red separator line.
  doc.font("bold").fontSize(26).fillColor(RED).text(input.authority, left, MARGIN.top - 4, { width: TYPE_WIDTH, align: "center", characterSpacing: 6 });
  doc.moveDown(0.35);
  doc.font("body").fontSize(BODY_SIZE).fillColor(INK).text(input.number, { width: TYPE_WIDTH, align: "center" });
  const lineY = doc.y + 6;
  doc.moveTo(left, lineY).lineTo(left + TYPE_WIDTH, lineY).lineWidth(1.2).strokeColor(RED).stroke();
  doc.y = lineY + LINE_PITCH * 0.9;

  // 标题
  doc.font("bold").fontSize(TITLE_SIZE).fillColor(INK).text(content.title, left, doc.y, { width: TYPE_WIDTH, align: "center", lineGap: 6 });
  doc.y += LINE_PITCH * 0.6;

  // 主送机关, 正文
  doc.font("body").fontSize(BODY_SIZE);
  if (content.addressee) doc.text(content.addressee, left, doc.y, { width: TYPE_WIDTH, ...bodyText });
  for (const paragraph of content.paragraphs) doc.text(paragraph, left, doc.y, { width: TYPE_WIDTH, indent: 2 * BODY_SIZE + 2 * CHARACTER_SPACING, ...bodyText });
  if (content.table) renderTable(doc, content.table);
  const indent = 2 * BODY_SIZE + 2 * CHARACTER_SPACING;
  const closing = content.parties.length ? PARTIES_HEIGHT : SIGNATURE_HEIGHT;
  content.notes.forEach((note, index) => {
    // GB/T 9704: no page with only the signature and date — the last paragraph goes with them.
    if (index === content.notes.length - 1) keepTogether(doc, doc.heightOfString(note, { width: TYPE_WIDTH, indent, ...bodyText }) + closing);
    doc.text(note, left, doc.y, { width: TYPE_WIDTH, indent, ...bodyText });
  });
  if (content.notes.length === 0) keepTogether(doc, closing);

  if (content.parties.length) renderParties(doc, content.parties, input.issuedAt);
  else renderSignature(doc, input);
}

/**
 * A table with thin rules: a header row in bold when there is one (repeated on every page it
 * spans), else the first column in bold (label and value). Rows never split across pages.
 */
function renderTable(doc: Doc, table: DocumentTable) {
  const left = MARGIN.left;
  const widths = table.widths.map((w) => w * TYPE_WIDTH);
  const pad = 4;
  const drawRow = (cells: string[], bold: (column: number) => boolean) => {
    const heights = cells.map((cell, i) => doc.font(bold(i) ? "bold" : "body").heightOfString(cell || "—", { width: widths[i]! - 2 * pad }));
    const height = Math.max(...heights) + 2 * pad;
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.rect(x, top, widths[i]!, height).lineWidth(0.5).strokeColor("#444444").stroke();
      doc.font(bold(i) ? "bold" : "body").fillColor(INK).text(cell || "—", x + pad, top + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    doc.y = top + height;
  };
  const rowHeight = (cells: string[]) => Math.max(...cells.map((cell, i) => doc.font("body").heightOfString(cell || "—", { width: widths[i]! - 2 * pad }))) + 2 * pad;
  doc.y += 4;
  doc.fontSize(12);
  const header = table.header.length > 0;
  if (header) drawRow(table.header, () => true);
  for (const row of table.rows) {
    if (doc.y + rowHeight(row.cells) > doc.page.height - MARGIN.bottom) {
      doc.addPage();
      doc.fontSize(12);
      if (header) drawRow(table.header, () => true);
    }
    drawRow(row.cells, (column) => !header && column === 0);
  }
  doc.fontSize(BODY_SIZE).font("body");
  doc.y += 8;
}

/** Keeps a block of `height` on one page: starts a new page when it would not fit. */
function keepTogether(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - MARGIN.bottom) {
    doc.addPage();
    doc.y = MARGIN.top;
  }
}

/**
 * 发文机关署名 and 成文日期, right-aligned four characters in from the margin, and the seal's place
 * marked in words (no drawn seal).
 */
const SIGNATURE_HEIGHT = LINE_PITCH * 3.2;
const PARTIES_HEIGHT = LINE_PITCH * 5.6;

function renderSignature(doc: Doc, input: RenderInput) {
  const dateText = chineseDate(input.issuedAt);
  doc.y += LINE_PITCH * 0.8;
  const right = MARGIN.left + TYPE_WIDTH - 4 * BODY_SIZE;
  doc.font("body").fontSize(BODY_SIZE).fillColor(INK);
  const dateWidth = doc.widthOfString(dateText);
  const nameWidth = doc.widthOfString(input.authority);
  const dateLeft = right - dateWidth;
  const top = doc.y;
  doc.text(input.authority, dateLeft + (dateWidth - nameWidth) / 2, top, { lineBreak: false });
  doc.text(dateText, dateLeft, top + LINE_PITCH, { lineBreak: false });
  sealMark(doc, dateLeft + dateWidth / 2, top, dateWidth + 8 * MM, LINE_PITCH + BODY_SIZE * 1.5);
  doc.y = top + LINE_PITCH * 2.4;
}

/**
 * Where the seal goes: a dashed frame around the authority's name and the date, as a seal would
 * sit over them, with the words saying so above it. Deliberately nothing like a seal.
 */
function sealMark(doc: Doc, centerX: number, top: number, width: number, height: number, caption: "above" | "below" = "above") {
  const x = centerX - width / 2;
  doc.save();
  doc.rect(x, top - 6, width, height + 10).dash(3, { space: 3 }).lineWidth(0.6).strokeColor("#999999").stroke();
  doc.undash();
  doc.font("body").fontSize(7.5).fillColor("#888888").text("（纸质文书在此框内加盖印章）", x, caption === "above" ? top - 17 : top + height + 6, { width, align: "center", lineBreak: false });
  doc.restore();
}

/** An agreement's signature lines: each party, its seal's place, the representative and the date. */
function renderParties(doc: Doc, parties: DocumentContent["parties"], issuedAt: Date) {
  keepTogether(doc, LINE_PITCH * 6);
  doc.y += LINE_PITCH * 0.5;
  const columnWidth = TYPE_WIDTH / parties.length;
  const top = doc.y;
  parties.forEach((party, index) => {
    const x = MARGIN.left + index * columnWidth;
    const width = columnWidth - 16;
    doc.font("body").fontSize(BODY_SIZE).fillColor(INK);
    doc.text(party.role, x, top, { width, lineBreak: false });
    doc.fontSize(14).text(party.name, x + 4, top + LINE_PITCH * 1.2, { width: width - 8 });
    doc.fontSize(BODY_SIZE);
    doc.text("法定代表人（签字）：", x, top + LINE_PITCH * 3, { width, lineBreak: false });
    doc.text(index === 0 ? chineseDate(issuedAt) : "　　年　　月　　日", x, top + LINE_PITCH * 4, { width, lineBreak: false });
    sealMark(doc, x + width / 2, top + LINE_PITCH * 1.2, width, LINE_PITCH * 1.2, "below");
  });
  doc.y = top + LINE_PITCH * 5;
}

/** 正本 (landscape, framed) and 副本 (portrait) of a registration certificate, in one file. */
function renderCertificate(doc: Doc, input: RenderInput, qr: QRCode.BitMatrix) {
  const { content } = input;
  for (const copy of ["正本", "副本"] as const) {
    if (copy === "副本") doc.addPage({ size: "A4", layout: "portrait", margins: MARGIN });
    doc.page.margins.bottom = 0; // the certificate is laid out by hand, down to its frame
    const width = doc.page.width;
    const height = doc.page.height;
    const inset = 12 * MM;
    doc.rect(inset, inset, width - 2 * inset, height - 2 * inset).lineWidth(2).strokeColor("#8a6d3b").stroke();
    doc.rect(inset + 4, inset + 4, width - 2 * inset - 8, height - 2 * inset - 8).lineWidth(0.6).stroke();
    const boxLeft = inset + 18 * MM;
    const boxWidth = width - 2 * boxLeft;
    doc.font("bold").fontSize(copy === "正本" ? 30 : 24).fillColor(INK).text(content.title, boxLeft, inset + 16 * MM, { width: boxWidth, align: "center", characterSpacing: 3 });
    doc.font("body").fontSize(14).text(`（${copy}）`, { width: boxWidth, align: "center" });
    doc.fontSize(11).fillColor(GREY).text(`证书编号：${input.number}`, { width: boxWidth, align: "center" });
    doc.y += copy === "正本" ? 4 * MM : 8 * MM;
    const labelWidth = 46 * MM;
    const valueWidth = boxWidth - labelWidth - 26 * MM;
    doc.fillColor(INK);
    for (const { cells } of content.table?.rows ?? []) {
      const [label = "", value = ""] = cells;
      const top = doc.y;
      doc.font("bold").fontSize(12.5).text(label, boxLeft, top, { width: labelWidth, lineBreak: false });
      doc.font("body").fontSize(12.5).text(value || "—", boxLeft + labelWidth + 4 * MM, top, { width: valueWidth, lineGap: 2 });
      doc.y = Math.max(doc.y, top + 12.5 * 1.5) + (copy === "正本" ? 1.5 * MM : 4 * MM);
    }
    for (const note of content.notes) doc.font("body").fontSize(9.5).fillColor(GREY).text(note, boxLeft, doc.y + 2 * MM, { width: valueWidth + labelWidth });
    // 发证机关 and date at the bottom right, the seal's place over them; the QR code bottom left.
    const footTop = height - inset - 40 * MM;
    const right = width - boxLeft;
    doc.font("body").fontSize(14).fillColor(INK);
    const dateText = `发证日期：${chineseDate(input.issuedAt)}`;
    const dateWidth = doc.widthOfString(dateText);
    doc.text(`发证机关：${input.authority}`, right - dateWidth, footTop + 8 * MM, { lineBreak: false });
    doc.text(dateText, right - dateWidth, footTop + 16 * MM, { lineBreak: false });
    sealMark(doc, right - dateWidth / 2, footTop + 8 * MM, dateWidth + 8 * MM, 8 * MM + 14 * 1.4);
    drawQrBlock(doc, input, qr, boxLeft, footTop, 24 * MM);
  }
}
