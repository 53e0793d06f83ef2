import { existsSync, readFileSync } from "node:fs";
import type { Font as PdfFont } from "fontkit";

import type { LetterForPdf } from "../domain/city-visit/letter-document-port";

/** One letter as the renderer needs it: the city-visit fast track's port, defined once there. */
export type { LetterForPdf };

/** The CJK font letters are set in: a file (TrueType/OpenType or a .ttc collection) and, for a collection, the face. */
export interface LetterFont {
  file: string;
  name?: string;
}

/** Raised when the configured font is missing: letters cannot be rendered (install fonts-noto-cjk, or set LETTER_FONT_FILE). */
export class LetterFontMissingError extends Error {
  constructor(file: string) {
    super(`letter font ${file} not found: install Debian's fonts-noto-cjk (scripts/start.sh and .ci/run do) or set LETTER_FONT_FILE`);
  }
}

// The collection is ~20 MB and parsing it costs hundreds of milliseconds, inside the caller's transaction: read and
// parse once per process and face. pdfkit takes a parsed fontkit font as is, and subsets it afresh for each document.
// pdfkit and fontkit are loaded with the first letter, not by every process that imports this module (~270 ms).
const fonts = new Map<string, PdfFont>();
async function parsedFont(font: LetterFont): Promise<PdfFont> {
  const key = `${font.file}#${font.name ?? ""}`;
  let f = fonts.get(key);
  if (!f) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(font.file);
    } catch {
      throw new LetterFontMissingError(font.file);
    }
    const { create } = await import("fontkit");
    f = create(bytes, font.name);
    fonts.set(key, f);
  }
  return f;
}

/** Whether the font can be read (a startup warning, so a missing font shows before the first letter fails). */
export function letterFontAvailable(font: LetterFont): boolean {
  return existsSync(font.file);
}

/**
 * Renders a letter as an A4 PDF: title and number centred, the recipient, paragraphs indented two full-width spaces
 * (公文 style), issuer and date at the right. Only the glyphs used are embedded (pdfkit subsets the font). Deterministic:
 * the creation and modification dates are `at` (the letter's issue instant) and pdfkit derives the file ID from
 * them, so the same letter issued at the same instant is byte-for-byte the same file, with the same SHA-256.
 */
export async function renderLetterPdf(letter: LetterForPdf, font: LetterFont, at: Date): Promise<Buffer> {
  const parsed = await parsedFont(font);
  const { default: PDFDocument } = await import("pdfkit");
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margins: { top: 72, bottom: 72, left: 80, right: 80 }, info: { Title: `${letter.kindTitle} ${letter.number}`, Producer: "petition-hub", Creator: "petition-hub", CreationDate: at, ModDate: at }, autoFirstPage: true });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      // @types/pdfkit names only paths and buffers; pdfkit itself also accepts a parsed fontkit font (it has `layout`).
      doc.registerFont("letter", parsed as unknown as Buffer);
      doc.font("letter");
      doc.fontSize(22).text(letter.kindTitle, { align: "center" });
      doc.moveDown(0.5).fontSize(12).text(letter.number, { align: "center" });
      doc.moveDown(1.5).fontSize(14).text(`${letter.recipient}：`);
      doc.moveDown(0.5);
      for (const p of letter.paragraphs) doc.text(`\u3000\u3000${p}`, { lineGap: 6, paragraphGap: 6 });
      doc.moveDown(2).text(letter.issuer, { align: "right" });
      doc.text(letter.issuedOn, { align: "right" });
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
