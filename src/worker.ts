import { exitOnFailure, runMain } from "./main";

/** Worker-only entry point: outbox relay, event consumers and the deadline sweep (same code, HUB_ROLE=worker). */
runMain({ ...process.env, HUB_ROLE: "worker" }).catch(exitOnFailure);
