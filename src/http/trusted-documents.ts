import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../platform/config";

/** The refusal code for a document not registered for the caller's client. */
export const PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const documentsSchema = z.record(z.string().regex(/^[0-9a-f]{64}$/, "keys must be lower-case sha256 hex"), z.string().min(1));
const manifestSchema = z.record(z.string().regex(/^[\w-]{1,64}$/, "client keys are organisation codes"), documentsSchema);

/**
 * Trusted documents (persisted operations registered ahead of time) per client, keyed by organisation code.
 * Format: one JSON file `{"<org code>": {"<sha256 hex of the exact query text>": "<query text>"}}`, or a directory
 * holding one `<org code>.json` per client with `{"<sha256>": "<query text>"}`. Every hash is checked against its
 * text at start-up, so a manifest cannot register one text under another's hash.
 */
export class TrustedDocuments {
  constructor(
    private readonly byClient: Map<string, Set<string>>,
    private readonly byHash: Map<string, string>,
  ) {}

  /** Reads and checks a manifest file or directory; throws ConfigError naming the problem (never the texts). */
  static load(path: string): TrustedDocuments {
    let raw: Record<string, unknown>;
    try {
      if (statSync(path).isDirectory()) {
        raw = {};
        for (const f of readdirSync(path).filter((n) => n.endsWith(".json")).sort()) raw[basename(f, ".json")] = JSON.parse(readFileSync(join(path, f), "utf8"));
      } else raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new ConfigError(`TRUSTED_DOCUMENTS_FILE: cannot read ${path} (${(e as Error).name})`);
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`TRUSTED_DOCUMENTS_FILE: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const byClient = new Map<string, Set<string>>();
    const texts = new Map<string, string>();
    for (const [client, docs] of Object.entries(parsed.data)) {
      const hashes = new Set<string>();
      for (const [hash, text] of Object.entries(docs)) {
        if (sha256(text) !== hash) throw new ConfigError(`TRUSTED_DOCUMENTS_FILE: ${client}.${hash.slice(0, 12)}…: the hash is not the sha256 of its query text`);
        hashes.add(hash);
        texts.set(hash, text);
      }
      byClient.set(client, hashes);
    }
    return new TrustedDocuments(byClient, texts);
  }

  /** Whether this client's documents are restricted (it is listed in the manifest). */
  restricts(client: string): boolean {
    return this.byClient.has(client);
  }

  /** Whether the document with this sha256 (Apollo's `queryHash`) is registered for the client. */
  allows(client: string, queryHash: string): boolean {
    return this.byClient.get(client)?.has(queryHash) ?? false;
  }

  /**
   * Apollo's persisted-query cache, answering from the manifest only: a client may send just the hash
   * (`extensions.persistedQuery.sha256Hash`); nothing a caller sends is ever stored (`set` is a no-op).
   * Whether the caller may run the document is decided afterwards, per principal.
   */
  cache(): { get(key: string): Promise<string | undefined>; set(): Promise<void>; delete(): Promise<boolean> } {
    return {
      get: async (key) => this.byHash.get(key.slice(key.lastIndexOf(":") + 1)),
      set: async () => undefined,
      delete: async () => false,
    };
  }
}
