/**
 * Bench child process for `npm run bench -- subscriptions`: a share of the graphql-transport-ws subscribers, so that parsing
 * every message of 5,000 clients is spread over several processes instead of all landing on the bench process.
 * Driven by the parent over IPC (see {@link ClientCommand}); replies with {@link ClientReply}. Exits when the parent goes away.
 */
import WebSocket from "ws";

/** Parent → child. */
export type ClientCommand =
  /** Open subscribers with global indexes from..from+count−1; index i goes to urls[i % urls.length], sampled if i < sampled. */
  | { type: "connect"; urls: string[]; token: string; from: number; count: number; sampled: number }
  /** Forget the latencies so far (a new phase starts). */
  | { type: "reset" }
  /** Wait until every live subscriber has `expected` distinct events or `deadline` (epoch ms) passes, then report. */
  | { type: "collect"; expected: number; deadline: number }
  /** Dispose every client. */
  | { type: "close" };

/** Child → parent. */
export type ClientReply =
  | { type: "connected" }
  | { type: "reset" }
  | { type: "collected"; latencies: number[]; missing: number; duplicates: number; resync: number; cpuMs: number }
  | { type: "closed" };

interface Subscriber {
  socket: WebSocket;
  cursors: Set<string>;
  duplicates: number;
  latencies: number[] | null;
  /** Ended with RESYNC_REQUIRED (its buffer overflowed) or closed with 4410: what it did not get was dropped on purpose, not lost. */
  resync: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const subs: Subscriber[] = [];
const reply = (m: ClientReply) => process.send?.(m);

/**
 * A minimal graphql-transport-ws client (connection_init → ack → one subscribe; pong on ping) instead of graphql-ws's
 * `createClient`: the clients share the 2 cores with the hubs, and its per-message validation and sink machinery
 * cost about as much as the hub's work per message. Every `next` is still parsed and its cursor checked; the
 * protocol itself is tested with the real graphql-ws client in test/integration/subscriptions.test.ts.
 */
function open(url: string, token: string, s: Subscriber, onAck: () => void): WebSocket {
  const socket = new WebSocket(url, "graphql-transport-ws", { perMessageDeflate: false, skipUTF8Validation: true });
  socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
  socket.on("error", () => undefined);
  socket.on("close", (code) => void (code === 4410 && (s.resync = true)));
  socket.on("message", (data) => {
    const m = JSON.parse(String(data)) as { type: string; payload?: { data?: { changes?: { cursor: string; at: string } }; errors?: { extensions?: { code?: string } }[] } };
    if (m.type === "next") {
      if (m.payload?.errors?.some((x) => x.extensions?.code === "RESYNC_REQUIRED")) s.resync = true;
      const e = m.payload?.data?.changes;
      if (!e) return;
      if (s.cursors.has(e.cursor)) s.duplicates++;
      s.cursors.add(e.cursor);
      s.latencies?.push(Date.now() - Date.parse(e.at)); // same machine, same clock as the parent's `at`
    } else if (m.type === "connection_ack") {
      socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { changes { cursor at } }" } }));
      onAck();
    } else if (m.type === "ping") socket.send('{"type":"pong"}');
  });
  return socket;
}

async function connect(c: Extract<ClientCommand, { type: "connect" }>): Promise<void> {
  // Connect in waves so the hubs' token checks do not all queue at once.
  let acked = 0;
  for (let k = 0; k < c.count; k++) {
    const i = c.from + k;
    const s: Subscriber = { socket: null as unknown as WebSocket, cursors: new Set(), duplicates: 0, latencies: i < c.sampled ? [] : null, resync: false };
    s.socket = open(c.urls[i % c.urls.length].replace(/^http/, "ws"), c.token, s, () => void acked++);
    subs.push(s);
    if (k % 250 === 249) while (acked < k - 500) await sleep(20);
  }
  while (acked < c.count) await sleep(50);
}

async function collect(c: Extract<ClientCommand, { type: "collect" }>): Promise<ClientReply> {
  while (Date.now() < c.deadline && subs.some((s) => !s.resync && s.cursors.size < c.expected)) await sleep(100);
  const live = subs.filter((s) => !s.resync);
  const cpu = process.cpuUsage();
  return {
    type: "collected",
    latencies: subs.flatMap((s) => s.latencies ?? []),
    missing: live.reduce((n, s) => n + Math.max(0, c.expected - s.cursors.size), 0),
    duplicates: subs.reduce((n, s) => n + s.duplicates, 0),
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
        for (const s of subs) if (s.latencies) s.latencies = [];
        return { type: "reset" };
      case "collect":
        return collect(m);
      case "close":
        await Promise.all(subs.map((s) => new Promise<void>((r) => (s.socket.readyState === WebSocket.CLOSED ? r() : (s.socket.once("close", () => r()), s.socket.close(1000))))));
        return { type: "closed" };
    }
  };
  run().then(reply, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
});
process.once("disconnect", () => process.exit(0));
