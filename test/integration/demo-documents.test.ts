import { createHash } from "node:crypto";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` includes a petition (the letter about the blocked drainage ditch) with two attachments.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

it("loads one petition with a photo and a certificate, downloadable with their hashes", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{ petitions: { nodes: { id: string; channel: string; documents: { id: string; kind: string; fileName: string; contentType: string; sha256: string }[] }[] } }>(
    bureau,
    `{ petitions(first: 100) { nodes { id channel documents { id kind fileName contentType sha256 } } } }`,
  );
  expect(r.errors).toBeUndefined();
  // Uploaded materials; the fast track's letters (kind LETTER) are city-visit.test.ts's.
  const withDocs = r.data!.petitions.nodes.map((p) => ({ ...p, documents: p.documents.filter((d) => d.kind !== "LETTER") })).filter((p) => p.documents.length > 0);
  expect(withDocs).toHaveLength(1);
  expect(withDocs[0].channel).toBe("LETTER");
  expect(withDocs[0].documents.map((d) => [d.kind, d.fileName, d.contentType])).toEqual([
    ["PHOTO", "排水沟堵塞现场照片.png", "image/png"],
    ["CERTIFICATE", "村委会证明.pdf", "application/pdf"],
  ]);
  for (const d of withDocs[0].documents) {
    const res = await fetch(`${t.baseUrl}/documents/${d.id}`, { headers: { authorization: `Bearer ${bureau}` } });
    expect(res.status).toBe(200);
    expect(createHash("sha256").update(Buffer.from(await res.arrayBuffer())).digest("hex")).toBe(d.sha256);
  }
});
