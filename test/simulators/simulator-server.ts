/**
 * The HTTP skeleton both simulators share: control routes, then for every API request the scripted delay and
 * failure before the protocol-specific handler runs.
 */
import * as http from "node:http";
import { CaseBook } from "./case-book";
import { close, listen, parseJson, readBody, sendJson, sleep } from "./http-util";
import { SimulatorControl, controlCommand } from "./simulator-control";
import { CallbackRecord, Delivery, SimulatorBehaviour } from "./simulator-types";

/** What a running simulator offers a test. */
export interface SimulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  control: SimulatorControl;
  /** Every delivery recorded (one per idempotency key). */
  received(): Delivery[];
  /** API requests that reached the simulator since start or the last reset (control routes excluded). */
  requests(): number;
  /** Every callback attempt to the hub. */
  callbacks(): CallbackRecord[];
  /** Calls this hub back from now on, with the agency's own token (for a hub started after the simulator). */
  connectHub(hubUrl: string, hubToken: string): void;
  stop(): Promise<void>;
}

/** Handles one API request after the scripted delay and failure; the body is the raw text. */
export type ApiHandler = (req: http.IncomingMessage, body: string, res: http.ServerResponse, book: CaseBook) => Promise<void>;

async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, control: SimulatorControl, book: CaseBook): Promise<void> {
  const path = (req.url ?? "").split("?")[0];
  if (req.method === "GET" && path === "/control/received") return sendJson(res, 200, book.received());
  if (req.method === "GET" && path === "/control/callbacks") return sendJson(res, 200, book.callbackLog());
  if (req.method === "POST" && path === "/control") {
    const command = controlCommand.safeParse(parseJson(await readBody(req)));
    if (!command.success) return sendJson(res, 400, { code: "BAD_CONTROL", issues: command.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
    control.apply(command.data);
    return sendJson(res, 200, { ok: true });
  }
  sendJson(res, 404, { code: "NOT_FOUND" });
}

/** Starts a simulator on 127.0.0.1 with a free port. */
export async function startSimulatorServer(behaviour: SimulatorBehaviour, api: ApiHandler): Promise<SimulatorHandle> {
  let requests = 0;
  const control: SimulatorControl = new SimulatorControl(() => {
    book.clear();
    requests = 0;
  });
  const book = new CaseBook(behaviour, control);

  const server = http.createServer((req, res) => {
    void (async () => {
      if ((req.url ?? "").startsWith("/control")) return handleControl(req, res, control, book);
      requests += 1;
      const body = await readBody(req);
      const delay = control.takeDelay();
      if (delay > 0) await sleep(delay);
      const failure = control.takeFailure();
      if (failure) {
        const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { "retry-after": String(failure.retryAfterSeconds) } : {};
        return sendJson(res, failure.status, failure.body ?? { code: "SIMULATED_FAILURE" }, headers);
      }
      await api(req, body, res, book);
    })().catch((err: unknown) => sendJson(res, 500, { code: "SIMULATOR_BUG", message: err instanceof Error ? err.message : String(err) }));
  });
  const url = await listen(server);

  return {
    url,
    control,
    received: () => book.received(),
    requests: () => requests,
    callbacks: () => book.callbackLog(),
    connectHub: (hubUrl, hubToken) => book.connectHub(hubUrl, hubToken),
    stop: async () => {
      book.stop();
      await close(server);
    },
  };
}
