/**
 * What the document writer (issue 9 item 6) needs to render one fast-track letter as a PDF. The writer itself takes
 * the caller's EntityManager, so its type lives in src/commands/letter-document-writer.ts (the domain stays TypeORM-free).
 */
export interface LetterForPdf {
  kindTitle: string;
  number: string;
  recipient: string;
  paragraphs: string[];
  issuer: string;
  /** e.g. 2026年3月2日 */
  issuedOn: string;
}

/** A local date "2026-03-02" as letters write it: 2026年3月2日. */
export const chineseDate = (localDate: string): string => {
  const [y, m, d] = localDate.split("-").map(Number);
  return `${y}年${m}月${d}日`;
};
