import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withTransaction } from "../../src/db/transaction";
import { unreferencedKeys } from "../../src/db/document-queries";
import { letterDocumentWriter, LetterForPdf } from "../../src/documents/letter-document-writer";
import { keyOf } from "../../src/documents/object-store";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// Petition attachments and issued letters: limits, type by content, the hash, the petition's access rule, audit; PDFs in Chinese.
let t: TestHub;
const ids: Record<string, string> = {};
let registrar = "";
const MAX = 4096;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR 上访材料照片 photo bytes")]);
const PDF = Buffer.from("%PDF-1.4\n% 房产证复印件\n%%EOF\n");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

interface Uploaded { id: string; sha256: string; size: number; contentType: string; fileName: string }
interface Refusal { errors: { extensions: { code: string } }[] }

async function upload(token: string | null, petitionId: string, bytes: Buffer, type: string, fileName = "照片.png", kind = "PHOTO") {
  const q = new URLSearchParams({ petitionId, kind, fileName });
  const res = await fetch(`${t.baseUrl}/documents?${q}`, { method: "POST", headers: { "content-type": type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: new Uint8Array(bytes) });
  return { status: res.status, body: (await res.json()) as Uploaded & Refusal };
}
async function download(token: string | null, id: string) {
  const res = await fetch(`${t.baseUrl}/documents/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, headers: res.headers, code: res.headers.get("content-type")?.startsWith("application/json") ? (JSON.parse(bytes.toString()) as Refusal).errors[0].extensions.code : null };
}
// Letters, not visits: a visit registered at the city bureau opens the fast track, whose letters are documents too (city-visit.test.ts).
async function submit(input: Record<string, unknown>): Promise<string> {
  const r = await t.gql<{ submitPetition: { id: string } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "LETTER", category: "APPEAL_REQUEST", summary: "宅基地纠纷", request: "请求确权", localityOrgId: ids.GRX_XFJ, petitioners: [{ name: "张某", idNumber: "37050219900101123X", phone: "13912345678" }], ...input },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition.id;
}
const documentsOf = async (token: string, id: string) =>
  (await t.gql<{ petition: { documents: { id: string; kind: string; fileName: string; contentType: string; size: number; sha256: string; uploadedBy: string; uploadedAt: string }[] } | null }>(token, `query($id: ID!) { petition(id: $id) { documents { id kind fileName contentType size sha256 uploadedBy uploadedAt } } }`, { id })).data?.petition?.documents ?? null;
const count = async () => Number((await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM document"))[0].n);

beforeAll(async () => {
  t = await startTestHub({ DOCUMENT_MAX_BYTES: String(MAX) });
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ", "DY_CL", "SL_YT"]) ids[code] = String((await t.org(code)).id);
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "bureau-registrar");
});
afterAll(() => t?.stop());

describe("uploading an attachment", () => {
  it("stores the bytes with their SHA-256, lists the metadata on the petition, and downloads the same bytes", async () => {
    const id = await submit({});
    const r = await upload(registrar, id, PNG, "image/png", "../../etc/现场照片\u0000.png");
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ sha256: sha(PNG), size: PNG.length, contentType: "image/png", fileName: "现场照片_.png" });
    const [row] = await t.hub.deps.db.query("SELECT sha256, size, storageKey, petitionId FROM document WHERE id = ?", [Number(r.body.id)]);
    expect(row).toEqual({ sha256: sha(PNG), size: PNG.length, storageKey: `sha256/${sha(PNG)}`, petitionId: Number(id) });
    expect(await documentsOf(registrar, id)).toEqual([{ id: r.body.id, kind: "PHOTO", fileName: "现场照片_.png", contentType: "image/png", size: PNG.length, sha256: sha(PNG), uploadedBy: "bureau-registrar", uploadedAt: expect.any(String) }]);
    const d = await download(registrar, r.body.id);
    expect(d.status).toBe(200);
    expect(d.bytes.equals(PNG)).toBe(true);
    expect(d.headers.get("x-content-sha256")).toBe(sha(PNG));
    expect(d.headers.get("content-disposition")).toBe(`attachment; filename="document-${r.body.id}"; filename*=UTF-8''${encodeURIComponent("现场照片_.png")}`);
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE type = 'document.uploaded' AND aggregateId = ?", [r.body.id]);
    expect(Number(n)).toBe(1);
  });

  it("refuses a file over DOCUMENT_MAX_BYTES, one whose bytes are not an allowed type, and one declared as another type; nothing is written", async () => {
    const id = await submit({});
    const before = await count();
    const big = Buffer.concat([PDF, Buffer.alloc(MAX)]);
    expect(await upload(registrar, id, big, "application/pdf", "big.pdf")).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: "DOCUMENT_TOO_LARGE" } }] } });
    const exe = Buffer.from("MZ\x90\x00 this program cannot be run in DOS mode");
    expect(await upload(registrar, id, exe, "image/png", "photo.png")).toMatchObject({ status: 415, body: { errors: [{ extensions: { code: "DOCUMENT_TYPE_NOT_ALLOWED" } }] } });
    expect(await upload(registrar, id, PDF, "image/png", "photo.png")).toMatchObject({ status: 415, body: { errors: [{ extensions: { code: "DOCUMENT_TYPE_MISMATCH" } }] } });
    expect(await upload(registrar, id, PNG, "image/png", "x.png", "LETTER")).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: "BAD_USER_INPUT" } }] } });
    // Exactly at the limit is accepted.
    const atLimit = Buffer.concat([PDF, Buffer.alloc(MAX - PDF.length)]);
    expect((await upload(registrar, id, atLimit, "application/pdf", "ok.pdf", "CERTIFICATE")).status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it("refuses a streamed body (no Content-Length) once it passes the limit, and answers before closing", async () => {
    const id = await submit({});
    const before = await count();
    const chunks = [PDF, Buffer.alloc(MAX), Buffer.alloc(MAX)];
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(new Uint8Array(next));
        else c.close();
      },
    });
    const res = await fetch(`${t.baseUrl}/documents?petitionId=${id}&kind=CERTIFICATE&fileName=big.pdf`, { method: "POST", headers: { "content-type": "application/pdf", authorization: `Bearer ${registrar}` }, body, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as Refusal).errors[0].extensions.code).toBe("DOCUMENT_TOO_LARGE");
    expect(await count()).toBe(before);
  });

  it("is refused for another county, a machine client and anonymous callers", async () => {
    const id = await submit({});
    expect((await upload(await t.token("LJX_XFJ", [Role.CASE_OFFICER]), id, PNG, "image/png")).body.errors[0].extensions.code).toBe("NOT_FOUND");
    expect((await upload(await t.token("GRX_XFJ", [Role.AGENCY_SYSTEM]), id, PNG, "image/png")).body.errors[0].extensions.code).toBe("FORBIDDEN");
    expect(await upload(null, id, PNG, "image/png")).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: "UNAUTHENTICATED" } }] } });
  });
});

describe("who may list and download a petition's documents", () => {
  it("the handling county and the city may; another county, the accused unit, an unrelated or referred partner agency and anonymous may not; every download is audited", async () => {
    const plain = await submit({ specialGroups: ["DISABLED"] }); // referred to the disabled persons' federation (DY_CL)
    const doc = (await upload(registrar, plain, PDF, "application/pdf", "证明.pdf", "CERTIFICATE")).body.id;
    const county = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "grx-officer");
    const other = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "ljx-officer");
    const partner = await t.token("DY_CL", [Role.AGENCY_SYSTEM], "cl-system");
    const bureau = await t.token("DY_XFJ", [Role.LEADER], "bureau-leader");

    for (const who of [county, bureau]) {
      expect((await download(who, doc)).bytes.equals(PDF)).toBe(true);
      expect((await documentsOf(who, plain))!.map((d) => d.id)).toEqual([doc]);
    }
    expect((await download(other, doc)).code).toBe("NOT_FOUND");
    expect(await documentsOf(other, plain)).toBeNull();
    // The partner sees the referred petition, but its default projection withholds materials.
    expect((await t.gql<{ petition: { id: string } | null }>(partner, `{ petition(id: "${plain}") { id } }`)).data?.petition?.id).toBe(plain);
    expect(await documentsOf(partner, plain)).toEqual([]);
    expect((await download(partner, doc)).code).toBe("NOT_FOUND");
    expect((await download(null, doc)).status).toBe(401);
    expect((await download(county, "999999")).code).toBe("NOT_FOUND");

    // An unrelated partner agency: a petition that was never routed to it.
    const unrelated = await submit({});
    const doc2 = (await upload(registrar, unrelated, PNG, "image/png")).body.id;
    expect((await download(partner, doc2)).code).toBe("NOT_FOUND");
    expect(await documentsOf(partner, unrelated)).toBeNull();

    // An accusation located in the accused unit itself: the accused never sees it nor its materials.
    const accusation = await submit({ category: "ACCUSATION", localityOrgId: ids.SL_YT, accusedOrgId: ids.SL_YT, summary: "举报某单位负责人" });
    const doc3 = (await upload(registrar, accusation, PDF, "application/pdf", "举报材料.pdf", "MATERIAL")).body.id;
    const accused = await t.token("SL_YT", [Role.CASE_OFFICER, Role.HANDLER], "accused-officer");
    expect((await download(accused, doc3)).code).toBe("NOT_FOUND");
    expect(await documentsOf(accused, accusation)).toBeNull();

    const audit: { actorSubject: string; outcome: string; resourceId: string | null }[] = await t.hub.deps.db.query("SELECT actorSubject, outcome, resourceId FROM audit_log WHERE action = 'DOCUMENT.download' ORDER BY seq");
    const of = (sub: string) => audit.filter((a) => a.actorSubject === sub).map((a) => `${a.resourceId}:${a.outcome}`);
    expect(of("grx-officer")).toEqual([`${doc}:OK`, "999999:NOT_FOUND"]);
    expect(of("bureau-leader")).toEqual([`${doc}:OK`]);
    expect(of("ljx-officer")).toEqual([`${doc}:NOT_FOUND`]);
    expect(of("cl-system")).toEqual([`${doc}:NOT_FOUND`, `${doc2}:NOT_FOUND`]);
    expect(of("accused-officer")).toEqual([`${doc3}:NOT_FOUND`]);
    expect(of("anonymous")).toEqual([`${doc}:UNAUTHENTICATED`]);
  });
});

describe("a partner agency whose projection is configured to include documents", () => {
  it("lists and downloads the materials of a petition referred to it", async () => {
    const own = await startTestHub({ PARTNER_PROJECTION_JSON: JSON.stringify({ PARTNER_AGENCY: ["number", "summary", "ownReferrals", "documents"] }) });
    try {
      const reg = await own.token("DY_XFJ", [Role.REGISTRAR]);
      const r = await own.gql<{ submitPetition: { id: string } }>(reg, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
        i: { channel: "LETTER", category: "APPEAL_REQUEST", summary: "残疾人补贴", request: "请求补发", localityOrgId: String((await own.org("GRX_XFJ")).id), specialGroups: ["DISABLED"], petitioners: [{ name: "李某" }] },
      });
      const pid = r.data!.submitPetition.id;
      const up = await fetch(`${own.baseUrl}/documents?petitionId=${pid}&kind=CERTIFICATE&fileName=残疾证.pdf`, { method: "POST", headers: { "content-type": "application/pdf", authorization: `Bearer ${reg}` }, body: new Uint8Array(PDF) });
      const doc = ((await up.json()) as Uploaded).id;
      const partner = await own.token("DY_CL", [Role.AGENCY_SYSTEM]);
      const listed = await own.gql<{ petition: { documents: { id: string }[] } }>(partner, `{ petition(id: "${pid}") { documents { id } } }`);
      expect(listed.data!.petition.documents.map((d) => d.id)).toEqual([doc]);
      const res = await fetch(`${own.baseUrl}/documents/${doc}`, { headers: { authorization: `Bearer ${partner}` } });
      expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    } finally {
      await own.stop();
    }
  });
});

describe("letters as PDF with Chinese text", () => {
  const letter: LetterForPdf = {
    kindTitle: "预警提醒函",
    number: "东信预〔2026〕7号",
    recipient: "广饶县信访局",
    paragraphs: ["经研判，反映人所述宅基地纠纷存在赴省上访风险。", "请于收函后五个工作日内书面反馈稳控措施。"],
    issuer: "东营市信访局",
    issuedOn: "2026年12月2日",
  };
  const at = new Date("2026-12-02T01:30:00.000Z");

  it("renders, stores and records the letter in the caller's transaction; the text extracts; the same letter is the same SHA-256", async () => {
    const id = Number(await submit({}));
    const write = letterDocumentWriter({ store: t.hub.deps.documents!.store, font: t.hub.deps.documents!.font });
    const first = await withTransaction(t.hub.deps.db, (em) => write(em, letter, { petitionId: id, letterId: 41, actor: "bureau-registrar", at }));
    const second = await withTransaction(t.hub.deps.db, (em) => write(em, letter, { petitionId: id, letterId: 41, actor: "bureau-registrar", at }));
    expect(second.sha256).toBe(first.sha256);
    const d = await download(registrar, String(first.documentId));
    expect(sha(d.bytes)).toBe(first.sha256);
    expect(d.headers.get("content-type")).toBe("application/pdf");
    const file = join(mkdtempSync(join(tmpdir(), "letter-")), "letter.pdf");
    writeFileSync(file, d.bytes);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
    expect(text).toContain("预警提醒函");
    expect(text).toContain("东信预〔2026〕7号");
    expect(text).toContain("经研判，反映人所述宅基地纠纷存在赴省上访风险。");
    expect(text).toContain("东营市信访局");
    // A subset of the CJK font is embedded (not the whole 20 MB collection).
    expect(execFileSync("pdffonts", [file]).toString()).toMatch(/\+NotoSerifCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
    expect(d.bytes.length).toBeLessThan(200_000);
    const docs = await documentsOf(registrar, String(id));
    expect(docs!.map((x) => [x.kind, x.fileName, x.sha256])).toEqual([["LETTER", "预警提醒函-东信预〔2026〕7号.pdf", first.sha256], ["LETTER", "预警提醒函-东信预〔2026〕7号.pdf", first.sha256]]);
  });

  it("a rolled-back transaction leaves no row, only an unreferenced blob (which the sweep query finds)", async () => {
    const id = Number(await submit({}));
    const write = letterDocumentWriter({ store: t.hub.deps.documents!.store, font: t.hub.deps.documents!.font });
    const other = { ...letter, number: "东信预〔2026〕8号" };
    const before = await count();
    let sha256 = "";
    await expect(withTransaction(t.hub.deps.db, async (em) => {
      sha256 = (await write(em, other, { petitionId: id, letterId: 42, actor: "bureau-registrar", at })).sha256;
      throw new Error("later step failed");
    })).rejects.toThrow("later step failed");
    expect(await count()).toBe(before);
    expect(await t.hub.deps.documents!.store.get(keyOf(sha256))).not.toBeNull();
    expect(await unreferencedKeys(t.hub.deps.db, [keyOf(sha256), `sha256/${sha(PNG)}`])).toEqual([keyOf(sha256)]);
  });
});
