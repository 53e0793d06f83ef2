import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
// s3rver: an S3-compatible server from npm (dev dependency), so the S3 driver is tested against a real S3 API.
import S3rver from "s3rver";
import { FsObjectStore } from "../../src/documents/fs-object-store";
import { keyOf, ObjectStore, sha256Hex } from "../../src/documents/object-store";
import { S3ObjectStore } from "../../src/documents/s3-object-store";
import { objectStoreFrom } from "../../src/platform/documents-config";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub } from "../factories/test-hub";

// One contract, both drivers: content-addressed, idempotent puts, same bytes back, missing is null, keys listed, delete.
const dir = mkdtempSync(join(tmpdir(), "object-store-"));
let s3server: S3rver;
let s3: S3ObjectStore;
let s3url = "";

beforeAll(async () => {
  s3server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: join(dir, "s3rver"), configureBuckets: [{ name: "petition-docs", configs: [] }] });
  const addr: AddressInfo = await s3server.run();
  s3url = `http://127.0.0.1:${addr.port}/petition-docs`;
  // s3rver's built-in account: S3RVER / S3RVER.
  s3 = objectStoreFrom({ DOCUMENT_MAX_BYTES: 1, DOCUMENT_ALLOWED_TYPES: "application/pdf", OBJECT_STORE_DIR: "unused", OBJECT_STORE_URL: `http://127.0.0.1:${addr.port}/petition-docs`, OBJECT_STORE_ACCESS_KEY: "S3RVER", OBJECT_STORE_SECRET_KEY: "S3RVER", OBJECT_STORE_REGION: "us-east-1", LETTER_FONT_FILE: "x", LETTER_FONT_NAME: "x" }) as S3ObjectStore;
});
afterAll(async () => {
  s3?.close();
  await s3server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const drivers: [string, () => ObjectStore][] = [
  ["file system", () => new FsObjectStore(join(dir, "fs"))],
  ["S3 (s3rver)", () => s3],
];

describe.each(drivers)("the %s object store", (_name, store) => {
  const bytes = Buffer.from("%PDF-1.4 信访材料 " + _name);
  const hash = sha256Hex(bytes);

  it("stores bytes under their SHA-256, idempotently, and returns the same bytes", async () => {
    const a = await store().put(bytes, "application/pdf");
    expect(a).toEqual({ key: `sha256/${hash}`, sha256: hash });
    expect(await store().put(bytes, "application/pdf")).toEqual(a);
    expect((await store().get(a.key))!.equals(bytes)).toBe(true);
    const keys: string[] = [];
    for await (const k of store().keys()) keys.push(k);
    expect(keys).toContain(a.key);
  });

  it("answers null for a missing object, refuses a key that is not a hash, and deletes", async () => {
    expect(await store().get(keyOf("0".repeat(64)))).toBeNull();
    await expect(store().get("../../etc/passwd")).rejects.toThrow("not an object key");
    await store().delete(keyOf(hash));
    expect(await store().get(keyOf(hash))).toBeNull();
    await store().delete(keyOf(hash)); // missing is fine
  });
});

it("OBJECT_STORE_URL without credentials or bucket is a configuration error", () => {
  const base = { DOCUMENT_MAX_BYTES: 1, DOCUMENT_ALLOWED_TYPES: "application/pdf", OBJECT_STORE_DIR: "d", OBJECT_STORE_REGION: "us-east-1", LETTER_FONT_FILE: "x", LETTER_FONT_NAME: "x" };
  expect(() => objectStoreFrom({ ...base, OBJECT_STORE_URL: "http://minio:9000/docs" })).toThrow("OBJECT_STORE_ACCESS_KEY");
  expect(() => objectStoreFrom({ ...base, OBJECT_STORE_URL: "http://minio:9000/", OBJECT_STORE_ACCESS_KEY: "a", OBJECT_STORE_SECRET_KEY: "b" })).toThrow("bucket");
  expect(objectStoreFrom(base).kind).toBe("fs");
});

it("the hub configured with OBJECT_STORE_URL keeps uploads in the S3 store and serves them back", async () => {
  const t = await startTestHub({ OBJECT_STORE_URL: s3url, OBJECT_STORE_ACCESS_KEY: "S3RVER", OBJECT_STORE_SECRET_KEY: "S3RVER" });
  try {
    expect(t.hub.deps.documents!.store.kind).toBe("s3");
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const r = await t.gql<{ submitPetition: { id: string } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
      i: { channel: "LETTER", category: "APPEAL_REQUEST", summary: "事项", request: "请求", localityOrgId: String((await t.org("GRX_XFJ")).id), petitioners: [{ name: "王某" }] },
    });
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("jpeg body 照片")]);
    const up = await fetch(`${t.baseUrl}/documents?petitionId=${r.data!.submitPetition.id}&kind=PHOTO&fileName=a.jpg`, { method: "POST", headers: { "content-type": "image/jpeg", authorization: `Bearer ${registrar}` }, body: new Uint8Array(photo) });
    const doc = (await up.json()) as { id: string; sha256: string };
    expect(doc.sha256).toBe(sha256Hex(photo));
    expect((await s3.get(keyOf(doc.sha256)))!.equals(photo)).toBe(true);
    const down = await fetch(`${t.baseUrl}/documents/${doc.id}`, { headers: { authorization: `Bearer ${registrar}` } });
    expect(Buffer.from(await down.arrayBuffer()).equals(photo)).toBe(true);
  } finally {
    await t.stop();
  }
});
