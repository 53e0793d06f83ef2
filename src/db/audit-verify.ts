import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { DataSource } from "typeorm";
import { AuditAnchor, ChainFault, ChainVerifier, checkAnchor, parseAnchor } from "../domain/audit/audit-chain";
import { readAuditHead, readAuditLog } from "./audit-log";

export interface AuditVerifyResult {
  ok: boolean;
  count: number;
  head: { seq: number; hash: string };
  fault: ChainFault | null;
}

/**
 * Walks the whole chain in seq order (streaming), then checks the stored chain head and every given anchor.
 * Returns the first fault: an edited entry (MODIFIED), a deleted or reordered one (MISSING / BROKEN_LINK), a
 * deleted tail (HEAD_MISMATCH, or ANCHOR_MISMATCH when the head row was rewound too).
 */
export async function verifyAuditLog(db: DataSource, anchors: AuditAnchor[] = []): Promise<AuditVerifyResult> {
  const v = new ChainVerifier();
  const wanted = new Map(anchors.map((a) => [a.seq, a]));
  const seen = new Map<number, string>();
  let fault: ChainFault | null = null;
  for await (const e of readAuditLog(db)) {
    fault = v.push(e);
    if (fault) break;
    if (wanted.has(e.seq)) seen.set(e.seq, e.hash);
  }
  fault ??= v.finish(await readAuditHead(db));
  if (!fault) for (const a of anchors) if ((fault = checkAnchor(a, seen.get(a.seq)))) break;
  return { ok: !fault, count: v.count, head: v.head, fault };
}

/** Reads `seq:hash` anchors, one a line (blank lines and `#` comments ignored). */
export function readAnchorsFile(path: string): AuditAnchor[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const a = parseAnchor(l.split(/\s+#/)[0]);
      if (!a) throw new Error(`${path}: not an anchor (seq:hash): ${l.slice(0, 80)}`);
      return a;
    });
}

/**
 * `npm run audit:verify [-- --anchor <seq:hash> …] [--anchors <file> [--record]]`: exit 0 and the count and head on
 * success, exit 1 naming the first bad seq, exit 2 on bad arguments. `--record` appends the verified head to the
 * anchors file (keep that file off the database host, e.g. on write-once storage).
 */
export async function runAuditVerify(db: DataSource, argv: string[], print: (line: string) => void): Promise<number> {
  const anchors: AuditAnchor[] = [];
  let file: string | null = null;
  let record = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--anchor") {
      const parsed = parseAnchor(argv[++i] ?? "");
      if (!parsed) return print(`--anchor needs <seq>:<64 hex digits>`), 2;
      anchors.push(parsed);
    } else if (a === "--anchors") {
      file = argv[++i] ?? null;
      if (!file) return print("--anchors needs a file"), 2;
    } else if (a === "--record") record = true;
    else return print(`unknown argument ${a}; usage: audit:verify [--anchor seq:hash]… [--anchors file [--record]]`), 2;
  }
  if (record && !file) return print("--record needs --anchors <file>"), 2;
  if (file) anchors.push(...readAnchorsFile(file));
  const r = await verifyAuditLog(db, anchors);
  if (!r.ok) {
    print(`audit chain BROKEN at seq ${r.fault!.seq} (${r.fault!.kind}): ${r.fault!.message}`);
    print(`verified before the fault: ${r.count} entries, last good seq ${r.head.seq}`);
    return 1;
  }
  print(`audit chain OK: ${r.count} entries, head seq ${r.head.seq}, hash ${r.head.hash}${anchors.length ? `, ${anchors.length} anchor(s) matched` : ""}`);
  print(`anchor: ${r.head.seq}:${r.head.hash}`);
  if (record && file) appendFileSync(file, `${r.head.seq}:${r.head.hash} # ${new Date().toISOString()}\n`);
  return 0;
}
