/** Worker-only entry point: outbox relay, event consumers and the deadline sweep (same code, HUB_ROLE=worker). */
process.env.HUB_ROLE = "worker";
void import("./main");
