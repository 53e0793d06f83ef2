import { request } from "node:http";
import { startTestHub, TestHub } from "../factories/test-hub";

// A body over 1 MB is answered 413 with a GraphQL-style error and then the connection closes: never a reset (the
// hub used to send `100 Continue`, read past the limit and destroy the socket). Raw node:http, to see the status,
// whether `100 Continue` came, and whether the client's side errored.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
});
afterAll(() => t?.stop());

const MB = 1_000_000;

interface Outcome {
  status: number;
  body: string;
  continued: boolean;
  clientError: string | null;
  closed: boolean;
}

/** Sends `size` bytes to `path` (announced by Content-Length unless chunked), 64 KiB at a time, or after `100 Continue`. */
function send(path: string, size: number, o: { expect?: boolean; chunked?: boolean } = {}): Promise<Outcome> {
  const u = new URL(t.baseUrl);
  return new Promise((resolve) => {
    const out: Outcome = { status: 0, body: "", continued: false, clientError: null, closed: false };
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (!o.chunked) headers["content-length"] = size;
    if (o.expect) headers.expect = "100-continue";
    const req = request({ host: u.hostname, port: u.port, path, method: "POST", headers, agent: false });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const writeAll = () => {
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          const n = Math.min(chunk.length, size - sent);
          sent += n;
          if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    };
    req.on("continue", () => {
      out.continued = true;
      writeAll();
    });
    req.on("response", (res) => {
      out.status = res.statusCode ?? 0;
      res.on("data", (c: Buffer) => (out.body += c.toString()));
      res.on("end", () => {
        // The hub closes the connection after the answer: wait for it (bounded by the test timeout).
        if (req.socket?.destroyed) out.closed = true;
        req.socket?.once("close", () => {
          out.closed = true;
          setTimeout(() => resolve(out), 50); // let a late client-side error surface
        });
        if (out.closed) setTimeout(() => resolve(out), 50);
      });
    });
    req.on("error", (e) => {
      out.clientError = (e as NodeJS.ErrnoException).code ?? e.message;
      if (!out.status) resolve(out);
    });
    if (o.expect) req.flushHeaders();
    else writeAll();
  });
}

const tooLarge = (o: Outcome) => ({ status: o.status, code: o.status ? JSON.parse(o.body).errors?.[0]?.extensions?.code : null, clientError: o.clientError, closed: o.closed });

describe.each(["/graphql", "/agency-callback"])("413 on %s", (path) => {
  it("announced by Content-Length, body sent at once: 413 with PAYLOAD_TOO_LARGE, no reset, then closed", async () => {
    expect(tooLarge(await send(path, 2 * MB))).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE", clientError: null, closed: true });
  });

  it("with Expect: 100-continue: 413 before any `100 Continue`, the body is never sent, then closed", async () => {
    const o = await send(path, 2 * MB, { expect: true });
    expect(o.continued).toBe(false);
    expect(tooLarge(o)).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE", clientError: null, closed: true });
  });

  it("chunked, no length: reading stops at the limit, 413, no reset, then closed", async () => {
    expect(tooLarge(await send(path, MB + 200_000, { chunked: true }))).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE", clientError: null, closed: true });
  });
});

describe("bodies within the limit", () => {
  it("Expect: 100-continue under 1 MB gets `100 Continue` and a normal answer", async () => {
    const o = await send("/graphql", 1000, { expect: true });
    expect(o.continued).toBe(true);
    expect(o.status).toBe(400); // 1000 spaces are not a GraphQL request: an ordinary refusal, not 413
    expect(o.clientError).toBeNull();
  });

  it("a query of exactly 1 MB is read and answered", async () => {
    const query = `{ __typename }`;
    const body = JSON.stringify({ query: query + " ".repeat(MB - JSON.stringify({ query }).length) });
    expect(Buffer.byteLength(body)).toBe(MB);
    const r = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ data: { __typename: "Query" } });
  });
});
