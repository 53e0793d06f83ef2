import { createHash } from "node:crypto";

/**
 * Where document bytes live. Content-addressed: the key is derived from the SHA-256 of the bytes, so storing the same
 * bytes twice is one object, a put is idempotent, and a blob stored by a transaction that then rolled back is merely
 * unreferenced (see `unreferencedKeys` in db/document-queries.ts for how it can be swept).
 */
export interface ObjectStore {
  /** Which driver (for logs and readiness): `fs` or `s3`. */
  readonly kind: "fs" | "s3";
  /** Stores the bytes (idempotent) and returns their key and lower-case hex SHA-256. */
  put(bytes: Buffer, contentType: string): Promise<StoredObject>;
  /** The bytes under `key`, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object (a sweep of unreferenced blobs); missing is fine. */
  delete(key: string): Promise<void>;
  /** Every key in the store (a sweep compares them with the document rows). */
  keys(): AsyncIterable<string>;
  /** Releases connections (the S3 client's sockets); nothing for files. */
  close?(): void;
}

export interface StoredObject {
  key: string;
  sha256: string;
}

/** Lower-case hex SHA-256. */
export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The key of bytes with this hash: `sha256/<hex>` (the same in every driver, so a store can be copied across). */
export const keyOf = (sha256: string): string => `sha256/${sha256}`;

/** A key as written by `keyOf`; anything else is refused before it reaches a path or a bucket. */
export const isObjectKey = (key: string): boolean => /^sha256\/[0-9a-f]{64}$/.test(key);
