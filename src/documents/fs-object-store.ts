import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { isObjectKey, keyOf, ObjectStore, sha256Hex, StoredObject } from "./object-store";

/**
 * The embedded default: files under `dir` (`.data/objects`), one per SHA-256, fanned out by the first two hex digits.
 * Written to a temporary name and renamed, so a reader never sees half a file and a crash leaves no partial object.
 */
export class FsObjectStore implements ObjectStore {
  readonly kind = "fs" as const;
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    if (!isObjectKey(key)) throw new Error(`not an object key: ${key}`);
    const hex = key.slice("sha256/".length);
    return join(this.dir, hex.slice(0, 2), hex);
  }

  async put(bytes: Buffer): Promise<StoredObject> {
    const sha256 = sha256Hex(bytes);
    const key = keyOf(sha256);
    const path = this.pathOf(key);
    if (await exists(path)) return { key, sha256 };
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, bytes, { mode: 0o640 });
    await rename(tmp, path);
    return { key, sha256 };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *keys(): AsyncIterable<string> {
    const fans = await readdir(this.dir).catch(() => [] as string[]);
    for (const fan of fans) {
      if (!/^[0-9a-f]{2}$/.test(fan)) continue;
      for (const f of await readdir(join(this.dir, fan))) if (/^[0-9a-f]{64}$/.test(f)) yield keyOf(f);
    }
  }
}

const exists = (path: string) => stat(path).then(() => true, () => false);
