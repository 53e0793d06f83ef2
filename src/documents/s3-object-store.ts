import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
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
  private readonly client: S3Client;
  constructor(private readonly s: S3StoreSettings) {
    this.client = new S3Client({ endpoint: s.endpoint, region: s.region, forcePathStyle: true, credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } });
  }

  async put(bytes: Buffer, contentType: string): Promise<StoredObject> {
    const sha256 = sha256Hex(bytes);
    const key = keyOf(sha256);
    await this.client.send(new PutObjectCommand({ Bucket: this.s.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length, ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64") }));
    return { key, sha256 };
  }

  async get(key: string): Promise<Buffer | null> {
    if (!isObjectKey(key)) throw new Error(`not an object key: ${key}`);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.s.bucket, Key: key }));
      return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : null;
    } catch (e) {
      if (e instanceof NoSuchKey || e instanceof NotFound) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    if (!isObjectKey(key)) throw new Error(`not an object key: ${key}`);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.s.bucket, Key: key }));
  }

  async *keys(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: "sha256/", ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key && isObjectKey(o.Key)) yield o.Key;
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }

  /** Whether the bucket answers (readiness). */
  async ping(): Promise<void> {
    await this.client.send(new HeadObjectCommand({ Bucket: this.s.bucket, Key: "sha256/ping" })).catch((e) => {
      if (!(e instanceof NotFound)) throw e;
    });
  }

  close(): void {
    this.client.destroy();
  }
}
