// fontkit (pdfkit's own font engine, a direct dependency so the version is pinned) ships no types; what letter-pdf.ts uses.
declare module "fontkit" {
  /** A parsed font (pdfkit accepts it in place of a path or buffer). */
  export interface Font {
    layout(text: string): unknown;
  }
  /** Parses a font file; for a collection (.ttc), `postscriptName` picks the face. */
  export function create(bytes: Buffer, postscriptName?: string): Font;
}
