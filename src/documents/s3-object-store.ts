import type * as S3 from "@aws-sdk/client-s3";
import { isObjectKey, keyOf, ObjectStore, sha256Hex, StoredObject } from "./object-store";

/** Where an S3-compatible store is (MinIO in docker-compose.yml): endpoint, bucket and credentials. */
export interface S3StoreSettings {
  /** e.g. `http://minio:9000` */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The S3-compatible driver. Path-style addressing (MinIO and most self-hosted stores do not do virtual hosts). Each
 * put sends the SHA-256 as the object's checksum, so the store itself refuses bytes corrupted on the way.
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = "s3" as const;
  // The SDK is loaded when a store is configured, not by every process that imports this module (it costs ~130 ms).
  private readonly ready: Promise<{ sdk: typeof S3; client: S3.S3Client }>;
  constructor(private readonly s: S3StoreSettings) {
    this.ready = import("@aws-sdk/client-s3").then((sdk) => ({ sdk, client: new sdk.S3Client({ endpoint: s.endpoint, region: s.region, forcePathStyle: true, credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } }) }));
    this.ready.catch(() => undefined); // each operation awaits it and meets the error itself
  }

  async put(bytes: Buffer, contentType: string): Promise<StoredObject> {
    const sha256 = sha256Hex(bytes);
    const key = keyOf(sha256);
    const { sdk, client } = await this.ready;
    await client.send(new sdk.PutObjectCommand({ Bucket: this.s.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length, ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64") }));
    return { key, sha256 };
  }

  async get(key: string): Promise<Buffer | null> {
    if (!isObjectKey(key)) throw new Error(`not an object key: ${key}`);
    const { sdk, client } = await this.ready;
    try {
      const r = await client.send(new sdk.GetObjectCommand({ Bucket: this.s.bucket, Key: key }));
      return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : null;
    } catch (e) {
      if (e instanceof sdk.NoSuchKey || e instanceof sdk.NotFound) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    if (!isObjectKey(key)) throw new Error(`not an object key: ${key}`);
    const { sdk, client } = await this.ready;
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.s.bucket, Key: key }));
  }

  async *keys(): AsyncIterable<string> {
    const { sdk, client } = await this.ready;
    let token: string | undefined;
    do {
      const r = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: "sha256/", ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key && isObjectKey(o.Key)) yield o.Key;
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }

  /** Whether the bucket answers (readiness). */
  async ping(): Promise<void> {
    const { sdk, client } = await this.ready;
    await client.send(new sdk.HeadObjectCommand({ Bucket: this.s.bucket, Key: "sha256/ping" })).catch((e) => {
      if (!(e instanceof sdk.NotFound)) throw e;
    });
  }

  async close(): Promise<void> {
    const { client } = await this.ready.catch(() => ({ client: null }));
    client?.destroy();
  }
}
