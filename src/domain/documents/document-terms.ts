import { BadInputError, DomainError } from "../errors";

/** What a stored file is to its petition: materials the petitioner brought, or a letter the hub issued. */
export enum DocumentKind {
  LETTER = "LETTER",
  PHOTO = "PHOTO",
  CERTIFICATE = "CERTIFICATE",
  MATERIAL = "MATERIAL",
}

/** Kinds a person may upload; LETTER is only ever written by the letter renderer. */
export const UPLOADABLE_KINDS: readonly DocumentKind[] = [DocumentKind.PHOTO, DocumentKind.CERTIFICATE, DocumentKind.MATERIAL];

/** Upload limits (DOCUMENT_MAX_BYTES, DOCUMENT_ALLOWED_TYPES). */
export interface DocumentSettings {
  maxBytes: number;
  allowedTypes: readonly string[];
}

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = { maxBytes: 10 * 1024 * 1024, allowedTypes: ["application/pdf", "image/jpeg", "image/png"] };

/** A file larger than DOCUMENT_MAX_BYTES. */
export class DocumentTooLargeError extends DomainError {
  constructor(limit: number) {
    super("DOCUMENT_TOO_LARGE", `the file is larger than ${limit} bytes`, { limit });
  }
}

/** A file whose content is not one of the allowed types (decided by its bytes, not by what the sender says). */
export class DocumentTypeNotAllowedError extends DomainError {
  constructor(detected: string | null, allowed: readonly string[]) {
    super("DOCUMENT_TYPE_NOT_ALLOWED", `the file's content (${detected ?? "unknown"}) is not one of ${allowed.join(", ")}`, { detected, allowed: [...allowed] });
  }
}

/** A file whose declared type differs from what its bytes are (a renamed executable, a mislabelled scan). */
export class DocumentTypeMismatchError extends DomainError {
  constructor(declared: string, detected: string) {
    super("DOCUMENT_TYPE_MISMATCH", `declared ${declared} but the content is ${detected}`, { declared, detected });
  }
}

/** Magic numbers of the types the bureau accepts (and a few it may be configured to). */
const SIGNATURES: readonly { type: string; at: number; bytes: readonly number[] }[] = [
  { type: "application/pdf", at: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/png", at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", at: 0, bytes: [0xff, 0xd8, 0xff] },
  { type: "image/gif", at: 0, bytes: [0x47, 0x49, 0x46, 0x38] }, // GIF8
  { type: "image/webp", at: 8, bytes: [0x57, 0x45, 0x42, 0x50] }, // RIFF....WEBP
];

/** The content type the bytes are, by their magic number; null when none matches. */
export function detectContentType(bytes: Uint8Array): string | null {
  for (const s of SIGNATURES) if (bytes.length >= s.at + s.bytes.length && s.bytes.every((b, i) => bytes[s.at + i] === b)) return s.type;
  return null;
}

/** `image/JPEG; charset=x` → `image/jpeg`; `image/jpg` is the common misspelling of `image/jpeg`. */
export function normaliseContentType(declared: string): string {
  const t = declared.split(";")[0].trim().toLowerCase();
  return t === "image/jpg" ? "image/jpeg" : t;
}

/**
 * Decides an upload: too large, not an allowed type by its bytes, or declared as something else. Returns the content
 * type to store (the detected one). The size is checked first so an oversize body is refused before it is read whole.
 */
export function checkUpload(bytes: Uint8Array, declaredType: string, s: DocumentSettings): string {
  if (bytes.length > s.maxBytes) throw new DocumentTooLargeError(s.maxBytes);
  if (bytes.length === 0) throw new BadInputError("the file is empty", [{ path: "body", message: "empty" }]);
  const detected = detectContentType(bytes);
  if (!detected || !s.allowedTypes.includes(detected)) throw new DocumentTypeNotAllowedError(detected, s.allowedTypes);
  const declared = normaliseContentType(declaredType);
  if (declared !== "application/octet-stream" && declared !== detected) throw new DocumentTypeMismatchError(declared, detected);
  return detected;
}

/** Longest stored file name (characters). */
export const FILE_NAME_LENGTH = 120;

/**
 * A file name safe to store and to send back in Content-Disposition: the last path segment only, no control or
 * reserved characters (/ \ : * ? " < > |), no leading dots (hidden files, `..`), at most FILE_NAME_LENGTH characters
 * with the extension kept. Chinese names stay as they are. Empty after cleaning → `file`.
 */
export function sanitiseFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  let name = last.normalize("NFC").replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  if ([...name].length > FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
    name = [...name.slice(0, name.length - ext.length)].slice(0, FILE_NAME_LENGTH - ext.length).join("") + ext;
  }
  return name || "file";
}
