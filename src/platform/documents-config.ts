import { FsObjectStore } from "../documents/fs-object-store";
import type { LetterFont } from "../documents/letter-pdf";
import type { ObjectStore } from "../documents/object-store";
import { S3ObjectStore } from "../documents/s3-object-store";
import type { DocumentSettings } from "../domain/documents/document-terms";
import { type Config, ConfigError } from "./config";

/** Documents of this process: the object store, the upload limits and the letter font. */
export interface DocumentDeps {
  store: ObjectStore;
  settings: DocumentSettings;
  font: LetterFont;
}

type DocumentConfig = Pick<Config, "DOCUMENT_MAX_BYTES" | "DOCUMENT_ALLOWED_TYPES" | "OBJECT_STORE_DIR" | "OBJECT_STORE_URL" | "OBJECT_STORE_ACCESS_KEY" | "OBJECT_STORE_SECRET_KEY" | "OBJECT_STORE_REGION" | "LETTER_FONT_FILE" | "LETTER_FONT_NAME">;

/**
 * The object store chosen by configuration: S3-compatible (MinIO) when OBJECT_STORE_URL is set (`http://host:9000/bucket`,
 * with OBJECT_STORE_ACCESS_KEY and OBJECT_STORE_SECRET_KEY), else files under OBJECT_STORE_DIR.
 */
export function objectStoreFrom(c: DocumentConfig): ObjectStore {
  if (!c.OBJECT_STORE_URL) return new FsObjectStore(c.OBJECT_STORE_DIR);
  const url = new URL(c.OBJECT_STORE_URL);
  const bucket = url.pathname.replace(/^\/+|\/+$/g, "");
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError("OBJECT_STORE_URL: expected http(s)://host:port/<bucket>");
  if (!c.OBJECT_STORE_ACCESS_KEY || !c.OBJECT_STORE_SECRET_KEY) throw new ConfigError("OBJECT_STORE_URL needs OBJECT_STORE_ACCESS_KEY and OBJECT_STORE_SECRET_KEY");
  return new S3ObjectStore({ endpoint: url.origin, bucket, region: c.OBJECT_STORE_REGION, accessKeyId: c.OBJECT_STORE_ACCESS_KEY, secretAccessKey: c.OBJECT_STORE_SECRET_KEY });
}

/** The document settings from validated configuration (DOCUMENT_*, OBJECT_STORE_*, LETTER_FONT_*). */
export function documentsFrom(c: DocumentConfig): DocumentDeps {
  return {
    store: objectStoreFrom(c),
    settings: { maxBytes: c.DOCUMENT_MAX_BYTES, allowedTypes: c.DOCUMENT_ALLOWED_TYPES.split(",") },
    font: { file: c.LETTER_FONT_FILE, name: c.LETTER_FONT_NAME },
  };
}
