/**
 * Bench child process for `npm run bench -- subscriptions`: a share of the graphql-transport-ws subscribers, so that
 * reading every message of 5,000 clients is spread over several processes instead of all landing on the bench process.
 * Driven by the parent over IPC (see {@link ClientCommand}); replies with {@link ClientReply}. Exits when the parent goes away.
 */
import { createHash, randomBytes } from "node:crypto";
import * as net from "node:net";
import { FNV_OFFSET, FNV_PRIME } from "./lib/cursor-digest";

/** Parent → child. */
export type ClientCommand =
  /** Open subscribers with global indexes from..from+count−1; index i goes to urls[i % urls.length], sampled if i < sampled. */
  | { type: "connect"; urls: string[]; token: string; from: number; count: number; sampled: number }
  /** Forget the latencies so far (a new phase starts). */
  | { type: "reset" }
  /**
   * Wait until every live subscriber has `expected` events or `deadline` (epoch ms) passes, then report; `digest` is
   * `cursorDigest` (bench/lib/cursor-digest.ts) of the stream's ids in order, which every complete subscriber's own sequence must match.
   */
  | { type: "collect"; expected: number; digest: number; deadline: number }
  /** Dispose every client. */
  | { type: "close" };

/** Child → parent. */
export type ClientReply =
  | { type: "connected" }
  | { type: "reset" }
  | {
      type: "collected";
      latencies: number[];
      /** Of each sampled latency, the part up to the stream append: the cursor's time (Redis's clock, same machine) − `at`. */
      toStream: number[];
      missing: number;
      duplicates: number;
      /** Live subscribers with all `expected` events whose sequence is not the stream's (digest differs), or with more. */
      wrongSequence: number;
      /** Messages parsed in full with JSON.parse (sampled subscribers' and anything not matching the scanner's template). */
      parsed: number;
      /** Messages that were neither a change, nor a protocol message this client expects (errors, complete, bad JSON). */
      unexpected: number;
      resync: number;
      cpuMs: number;
    }
  | { type: "closed" };


interface Subscriber {
  socket: net.Socket;
  /** Cursors received, each after the one before (stream order): with `duplicates` 0 these are all distinct. */
  received: number;
  lastMs: number;
  lastSeq: number;
  /** Running `cursorDigest` (bench/lib/cursor-digest.ts) of the cursors counted in `received`. */
  hash: number;
  /** Cursors that were not after the previous one: a repeat (or a reordering, which the hub must not do either). */
  duplicates: number;
  unexpected: number;
  /** Latencies of a sampled subscriber (its messages are parsed in full, as a cross-check of the scanner). */
  latencies: number[] | null;
  toStream: number[] | null;
  /** Ended with RESYNC_REQUIRED (its buffer overflowed) or closed with 4410: what it did not get was dropped on purpose, not lost. */
  resync: boolean;
  /** This client sent a close frame (the bench's "close"). */
  closing?: boolean;
  closed: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const subs: Subscriber[] = [];
let parsed = 0;
const reply = (m: ClientReply) => process.send?.(m);
const SUBSCRIBE = JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { changes { cursor at } }" } });
const PONG = '{"type":"pong"}';
const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * The `next` message of subscription "1" exactly as the hub serialises it for this document, split around its two
 * values: PREFIX cursor MIDDLE at SUFFIX. A frame that matches it byte for byte is a complete JSON message whose only
 * variable parts are checked here; anything else goes through JSON.parse.
 */
const PREFIX = Buffer.from('{"id":"1","type":"next","payload":{"data":{"changes":{"cursor":"');
const MIDDLE = Buffer.from('","at":"');
const SUFFIX = Buffer.from('"}}}}');

/** Whether `b[at..]` starts with `t`. */
function startsWith(b: Buffer, at: number, end: number, t: Buffer): boolean {
  if (end - at < t.length) return false;
  for (let i = 0; i < t.length; i++) if (b[at + i] !== t[i]) return false;
  return true;
}

/** Counts one cursor (`ms-seq`, with the digest of its bytes) for subscriber `s`. */
function count(s: Subscriber, ms: number, seq: number, hash: number): void {
  if (ms > s.lastMs || (ms === s.lastMs && seq > s.lastSeq)) {
    s.received++;
    s.lastMs = ms;
    s.lastSeq = seq;
    s.hash = hash;
  } else s.duplicates++;
}

/**
 * The fast path: a `next` frame of the template above. Reads the cursor's two numbers and its digest in one pass, checks
 * that `at` is a plain ISO timestamp, and that nothing follows the suffix. False when the frame is anything else.
 */
function scanNext(s: Subscriber, b: Buffer, start: number, end: number): boolean {
  if (!startsWith(b, start, end, PREFIX)) return false;
  let i = start + PREFIX.length;
  let h = s.hash;
  let ms = 0;
  let seq = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c < 0x30 || c > 0x39) break;
    ms = ms * 10 + (c - 0x30);
    h = Math.imul(h ^ c, FNV_PRIME);
    digits++;
  }
  if (!digits || digits > 15 || b[i] !== 0x2d) return false;
  h = Math.imul(h ^ 0x2d, FNV_PRIME);
  digits = 0;
  for (i++; i < end; i++) {
    const c = b[i];
    if (c < 0x30 || c > 0x39) break;
    seq = seq * 10 + (c - 0x30);
    h = Math.imul(h ^ c, FNV_PRIME);
    digits++;
  }
  if (!digits || digits > 15 || !startsWith(b, i, end, MIDDLE)) return false;
  h = Math.imul(h ^ 0x0a, FNV_PRIME);
  i += MIDDLE.length;
  const atStart = i;
  // An ISO timestamp: digits, "-", ":", ".", "T", "Z" only (no escapes, no quote).
  for (; i < end; i++) {
    const c = b[i];
    if (!((c >= 0x30 && c <= 0x3a) || c === 0x2d || c === 0x2e || c === 0x54 || c === 0x5a)) break;
  }
  if (i === atStart || i + SUFFIX.length !== end || !startsWith(b, i, end, SUFFIX)) return false;
  count(s, ms, seq, h);
  return true;
}

type Parsed = { id?: string; type?: string; payload?: { data?: { changes?: { cursor?: unknown; at?: unknown } }; errors?: { extensions?: { code?: string } }[] } };

/** The slow path: any message, parsed in full (sampled subscribers always, others for what is not the template). */
function onMessage(s: Subscriber, text: string, sendText: (t: string) => void, onAck: () => void): void {
  parsed++;
  let m: Parsed;
  try {
    m = JSON.parse(text) as Parsed;
  } catch {
    s.unexpected++;
    return;
  }
  if (m.type === "next" && m.id === "1") {
    if (m.payload?.errors?.some((x) => x.extensions?.code === "RESYNC_REQUIRED")) {
      s.resync = true;
      return;
    }
    const e = m.payload?.data?.changes;
    const cur = typeof e?.cursor === "string" ? /^(\d{1,15})-(\d{1,15})$/.exec(e.cursor) : null;
    if (!cur || typeof e?.at !== "string") {
      s.unexpected++;
      return;
    }
    let h = s.hash;
    for (let i = 0; i < cur[0].length; i++) h = Math.imul(h ^ cur[0].charCodeAt(i), FNV_PRIME);
    count(s, Number(cur[1]), Number(cur[2]), Math.imul(h ^ 0x0a, FNV_PRIME));
    const at = Date.parse(e.at);
    s.latencies?.push(Date.now() - at); // same machine, same clock as the parent's `at`
    s.toStream?.push(Number(cur[1]) - at);
  } else if (m.type === "connection_ack") {
    sendText(SUBSCRIBE);
    onAck();
  } else if (m.type === "ping") sendText(PONG);
  else if (m.type !== "pong" && !(m.type === "complete" && s.resync)) s.unexpected++;
}

/** One client → server frame (RFC 6455 §5.2: FIN, masked with a fresh key). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const f = Buffer.allocUnsafe(head + 4 + n);
  f[0] = 0x80 | opcode;
  if (n < 126) f[1] = 0x80 | n;
  else if (n < 65_536) {
    f[1] = 0x80 | 126;
    f.writeUInt16BE(n, 2);
  } else {
    f[1] = 0x80 | 127;
    f.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    f.writeUInt32BE(n >>> 0, 6);
  }
  const mask = randomBytes(4);
  mask.copy(f, head);
  for (let i = 0; i < n; i++) f[head + 4 + i] = payload[i] ^ mask[i & 3];
  return f;
}

/**
 * A minimal graphql-transport-ws client on a raw TCP socket instead of `ws` + JSON.parse per message: the clients
 * share the 2 cores with the hubs, and reading 500,000 messages/s must cost them less than the hubs' sending. It still
 * speaks the real protocol: the HTTP upgrade (101, Sec-WebSocket-Accept and the subprotocol checked), connection_init
 * → ack → subscribe, pong to graphql-ws pings and to WebSocket pings (the hub's keep-alive), close frames answered,
 * 4410 and RESYNC_REQUIRED recorded. Every frame of every subscriber is read: a `next` matching the hub's serialisation
 * byte for byte is scanned without JSON.parse; any other message (and every message of a sampled subscriber) is parsed
 * in full. The protocol itself is tested with the real graphql-ws client in test/integration/subscriptions.test.ts.
 */
function open(url: string, token: string, s: Omit<Subscriber, "socket" | "closed">, onAck: () => void): Subscriber {
  const u = new URL(url);
  const socket = net.connect(Number(u.port), u.hostname);
  socket.setNoDelay(true);
  const sub = s as Subscriber;
  sub.socket = socket;
  sub.closed = new Promise<void>((r) => socket.once("close", () => r()));
  socket.on("error", () => undefined);
  const key = randomBytes(16).toString("base64");
  const accept = createHash("sha1").update(key + WS_GUID).digest("base64");
  const sendText = (t: string) => void (socket.writable && socket.write(clientFrame(0x1, Buffer.from(t))));
  socket.once("connect", () =>
    socket.write(
      `GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n",
    ),
  );
  let upgraded = false;
  let pending: Buffer | null = null;
  let fragments: Buffer[] | null = null;
  const onText = (b: Buffer, start: number, end: number) => {
    if (sub.latencies || !scanNext(sub, b, start, end)) onMessage(sub, b.toString("utf8", start, end), sendText, onAck);
  };
  socket.on("data", (chunk: Buffer) => {
    const b = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    let o = 0;
    if (!upgraded) {
      const endOfHead = b.indexOf("\r\n\r\n");
      if (endOfHead < 0) return void (pending = b);
      const head = b.toString("latin1", 0, endOfHead);
      if (!/^HTTP\/1\.1 101 /.test(head) || !head.includes(`\r\nSec-WebSocket-Accept: ${accept}`) || !/\r\nSec-WebSocket-Protocol: graphql-transport-ws(\r|$)/i.test(head)) {
        console.error(`subscription client: upgrade refused: ${head.split("\r\n")[0]}`);
        sub.unexpected++;
        return void socket.destroy();
      }
      upgraded = true;
      o = endOfHead + 4;
      sendText(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
    }
    while (b.length - o >= 2) {
      const b0 = b[o];
      let n = b[o + 1] & 0x7f;
      let h = 2;
      if (b[o + 1] & 0x80) {
        console.error("subscription client: masked frame from the server");
        sub.unexpected++;
        return void socket.destroy();
      }
      if (n === 126) {
        if (b.length - o < 4) break;
        n = b.readUInt16BE(o + 2);
        h = 4;
      } else if (n === 127) {
        if (b.length - o < 10) break;
        n = b.readUInt32BE(o + 2) * 2 ** 32 + b.readUInt32BE(o + 6);
        h = 10;
      }
      if (b.length - o < h + n) break;
      const start = o + h;
      const end = start + n;
      o = end;
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode === 0x1 && fin) onText(b, start, end);
      else if (opcode === 0x1 || opcode === 0x0) {
        // Fragmented text (the hub does not fragment; kept for any other server): reassembled, then read as one.
        (fragments ??= []).push(Buffer.from(b.subarray(start, end)));
        if (fin) {
          const whole = Buffer.concat(fragments);
          fragments = null;
          onText(whole, 0, whole.length);
        }
      } else if (opcode === 0x9) socket.write(clientFrame(0xa, b.subarray(start, end)));
      else if (opcode === 0x8) {
        if (n >= 2 && b.readUInt16BE(start) === 4410) sub.resync = true;
        // Answer a close the hub started; after our own close (the bench's "close"), just end.
        if (sub.closing) socket.end();
        else if (socket.writable) socket.end(clientFrame(0x8, b.subarray(start, Math.min(end, start + 2))));
      } else if (opcode !== 0xa) sub.unexpected++;
    }
    if (o < b.length) pending = o === 0 ? b : b.subarray(o);
  });
  return sub;
}

async function connect(c: Extract<ClientCommand, { type: "connect" }>): Promise<void> {
  // Connect in waves so the hubs' token checks do not all queue at once.
  let acked = 0;
  for (let k = 0; k < c.count; k++) {
    const i = c.from + k;
    const s = { received: 0, lastMs: -1, lastSeq: -1, hash: FNV_OFFSET, duplicates: 0, unexpected: 0, latencies: i < c.sampled ? [] : null, toStream: i < c.sampled ? [] : null, resync: false };
    subs.push(open(c.urls[i % c.urls.length], c.token, s, () => void acked++));
    if (k % 250 === 249) while (acked < k - 500) await sleep(20);
  }
  while (acked < c.count) await sleep(50);
}

async function collect(c: Extract<ClientCommand, { type: "collect" }>): Promise<ClientReply> {
  while (Date.now() < c.deadline && subs.some((s) => !s.resync && s.received < c.expected)) await sleep(100);
  const live = subs.filter((s) => !s.resync);
  const cpu = process.cpuUsage();
  return {
    type: "collected",
    latencies: subs.flatMap((s) => s.latencies ?? []),
    toStream: subs.flatMap((s) => s.toStream ?? []),
    missing: live.reduce((n, s) => n + Math.max(0, c.expected - s.received), 0),
    duplicates: subs.reduce((n, s) => n + s.duplicates, 0),
    wrongSequence: live.filter((s) => s.received > c.expected || (s.received === c.expected && s.hash >>> 0 !== c.digest)).length,
    parsed,
    unexpected: subs.reduce((n, s) => n + s.unexpected, 0),
    resync: subs.length - live.length,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

process.on("message", (m: ClientCommand) => {
  const run = async (): Promise<ClientReply> => {
    switch (m.type) {
      case "connect":
        await connect(m);
        return { type: "connected" };
      case "reset":
        for (const s of subs) if (s.latencies) [s.latencies, s.toStream] = [[], []];
        return { type: "reset" };
      case "collect":
        return collect(m);
      case "close":
        for (const s of subs) {
          s.closing = true;
          if (s.socket.writable) s.socket.write(clientFrame(0x8, Buffer.from([0x03, 0xe8]))); // 1000
          else s.socket.destroy();
        }
        await Promise.all(subs.map((s) => s.closed));
        return { type: "closed" };
    }
  };
  run().then(reply, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
});
process.once("disconnect", () => process.exit(0));
