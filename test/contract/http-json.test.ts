import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { sendJson } from "../../src/connectors/http-json";

// A plain partner endpoint that counts TCP connections, to see that calls share a keep-alive socket.
let server: Server;
let url: string;
let connections = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.url === "/slow") return void setTimeout(() => res.end("{}"), 500);
      if (req.url === "/busy") {
        res.writeHead(429, { "retry-after": "3", "content-type": "application/json" });
        return void res.end(JSON.stringify({ code: "BUSY" }));
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ echo: JSON.parse(body || "null") }));
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, timeoutMs = 2_000) =>
  sendJson({ agencyCode: "NGQ", url: `${url}${path}`, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 1 }), timeoutMs });

describe("sendJson over the keep-alive pool", () => {
  it("sends the exact body and reuses connections for calls one after another", async () => {
    const before = connections;
    for (let i = 0; i < 20; i++) expect(await post("/ok")).toEqual({ status: 200, body: { echo: { n: 1 } } });
    // A call may start while the previous socket is still being handed back to the pool, so the pool can open a
    // second one; it must not open one per call.
    expect(connections - before).toBeLessThanOrEqual(2);
  });

  it("still reads Retry-After from a 429 and times out as RETRYABLE", async () => {
    await expect(post("/busy")).rejects.toMatchObject({ kind: "RATE_LIMITED", retryAfterMs: 3000 });
    await expect(post("/slow", 100)).rejects.toMatchObject({ kind: "RETRYABLE", message: "NGQ did not answer within 100 ms" });
  });

  it("a refused connection is RETRYABLE with the socket error's code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(sendJson({ agencyCode: "NGQ", url: `http://127.0.0.1:${port}/x`, method: "GET", headers: {}, timeoutMs: 1_000 })).rejects.toMatchObject({ kind: "RETRYABLE", message: "NGQ unreachable (ECONNREFUSED)" });
  });
});
