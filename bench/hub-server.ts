/**
 * Bench child process: the real hub (startHub) configured from the environment, as `node dist/main.js` would be.
 * Reports its GraphQL URL ("worker" for a HUB_ROLE=worker hub, which serves no HTTP) to the parent over IPC; stops on SIGTERM or when the parent goes away.
 */
import "reflect-metadata";
import { startHub } from "../src/hub";
import { loadConfig } from "../src/platform/config";
import { reportReady, stopWith } from "./lib/load";

startHub(loadConfig(process.env)).then(
  (hub) => {
    stopWith(hub.stop);
    reportReady(hub.url ?? "worker");
  },
  (e: unknown) => {
    process.send?.({ error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
