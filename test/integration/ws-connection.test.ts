import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { RESYNC_CLOSE, WsConnection } from "../../src/http/ws-connection";

// The hub writes its own WebSocket text frames (src/http/ws-connection.ts): a real ws client must read them exactly,
// for every length encoding of RFC 6455 (7-bit, 16-bit, 64-bit), in order, and a close must come after queued frames.

let server: Server;
let wss: WebSocketServer;
let url: string;
const connections: WsConnection[] = [];
let overflows = 0;

beforeAll(async () => {
  server = createServer();
  wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on("connection", (socket, request) => {
    connections.push(new WsConnection(socket, request.socket, 16 * 2 ** 20, () => void overflows++));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
  await new Promise<void>((r) => server.close(() => r()));
});

async function connect(): Promise<{ client: WebSocket; conn: WsConnection; received: string[]; closed: Promise<{ code: number; reason: string }> }> {
  const before = connections.length;
  const client = new WebSocket(url);
  const received: string[] = [];
  client.on("message", (data, isBinary) => {
    expect(isBinary).toBe(false);
    received.push(String(data));
  });
  const closed = new Promise<{ code: number; reason: string }>((r) => client.once("close", (code, reason) => r({ code, reason: String(reason) })));
  await new Promise<void>((r) => client.once("open", () => r()));
  while (connections.length === before) await new Promise((r) => setTimeout(r, 5));
  return { client, conn: connections[connections.length - 1], received, closed };
}

const until = async (cond: () => boolean) => {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("the hub's own text frames", () => {
  it("a standard client reads frames of every length encoding, multi-byte text included, in order", async () => {
    const { client, conn, received } = await connect();
    try {
      // 0, 125 (7-bit), 126 and 65,535 (16-bit), 65,536 and 200,000 bytes (64-bit); Chinese text is 3 bytes a character.
      const texts = ["", "a".repeat(125), "b".repeat(126), "c".repeat(65_535), "d".repeat(65_536), "信访".repeat(33_334), JSON.stringify({ id: "1", type: "next", payload: { data: { s: "广饶县" } } })];
      for (const t of texts) conn.send(t);
      await until(() => received.length === texts.length);
      expect(received).toEqual(texts);
      // Sent in one turn: one write for all of them, and nothing left waiting in the hub afterwards.
      expect(conn.socket.bufferedAmount).toBe(0);
    } finally {
      client.terminate();
    }
  });

  it("a close by the hub goes out after the frames already queued", async () => {
    const { conn, received, closed } = await connect();
    for (let i = 0; i < 3; i++) conn.send(`frame ${i}`);
    conn.close(4403, "Forbidden: token expired");
    const c = await closed;
    expect(received).toEqual(["frame 0", "frame 1", "frame 2"]);
    expect(c).toEqual({ code: 4403, reason: "Forbidden: token expired" });
    expect(conn.writable).toBe(false);
    conn.send("after close"); // dropped, no throw
    expect(overflows).toBe(0);
    expect(RESYNC_CLOSE).toBe(4410);
  });
});
