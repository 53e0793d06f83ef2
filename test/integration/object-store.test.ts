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

// One contract, both drivers: content-addressed, idempotent puts, same bytes back, missing is null, keys listed, delete.
const dir = mkdtempSync(join(tmpdir(), "object-store-"));
let s3server: S3rver;
let s3: S3ObjectStore;

beforeAll(async () => {
  s3server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: join(dir, "s3rver"), configureBuckets: [{ name: "petition-docs", configs: [] }] });
  const addr: AddressInfo = await s3server.run();
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
