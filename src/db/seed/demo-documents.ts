import { HubDeps } from "../../commands/command-context";
import { uploadDocument } from "../../commands/upload-document";
import { DocumentKind } from "../../domain/documents/document-terms";
import { Role } from "../../domain/petition-terms";
import { OrganizationEntity } from "../entities";
import { principalForOrg } from "../org-tree";
import { ORG } from "./organizations";

/** A 1×1 PNG (the photo of the blocked drain, in spirit). */
const PHOTO = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhQHfN4tY5QAAAABJRU5ErkJggg==", "base64");

/** A one-page PDF in a standard font (no CJK font needed, so the demo loads even where fonts-noto-cjk is missing). */
async function certificatePdf(at: Date): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A5", info: { Title: "Village committee certificate (demo)", CreationDate: at, ModDate: at } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
    doc.font("Helvetica").fontSize(16).text("Certificate (demo)", { align: "center" }).moveDown().fontSize(11).text("The village committee certifies that the drainage ditch has been blocked since the spring.");
    doc.end();
  });
}

/**
 * Two attachments on the demo's letter petition (`drainage-hekou`), uploaded through the real command by the bureau's
 * registrar: a photo and a certificate. So `npm start` shows Petition.documents and GET /documents/<id>.
 */
export async function loadDemoDocuments(deps: HubDeps, petitionId: number | undefined, now: Date): Promise<{ documents: number }> {
  if (petitionId === undefined || !deps.documents) return { documents: 0 };
  const bureau = await deps.db.getRepository(OrganizationEntity).findOneByOrFail({ code: ORG.CITY_BUREAU });
  const registrar = await principalForOrg(deps.db, bureau, "demo:DY_XFJ:documents", [Role.REGISTRAR]);
  const ctx = { principal: registrar, now, requestId: "demo:documents" };
  await uploadDocument(deps, ctx, { petitionId, kind: DocumentKind.PHOTO, fileName: "排水沟堵塞现场照片.png", declaredType: "image/png", bytes: PHOTO });
  await uploadDocument(deps, ctx, { petitionId, kind: DocumentKind.CERTIFICATE, fileName: "村委会证明.pdf", declaredType: "application/pdf", bytes: await certificatePdf(now) });
  return { documents: 2 };
}
