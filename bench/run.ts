/**
 * Benchmark entry: `npm run bench -- <name>`. Each benchmark is one registry entry; cleanup (servers, databases,
 * child processes) runs on success, failure and Ctrl-C.
 */
import { apiBench } from "./api.bench";
import { runCleanups } from "./lib/cleanup";
import { referralsBench } from "./referrals.bench";
import { subscriptionsBench } from "./subscriptions.bench";

/** Registered benchmarks: name → description and runner (resolves to an exit code). */
export const BENCHMARKS: Record<string, { description: string; run: () => Promise<number> }> = {
  api: { description: "petitions(first: 20) as a 残联 handler: hub vs raw mysql2 + node:http", run: apiBench },
  referrals: { description: "referral events outbox → BullMQ → delivery workers → simulators, vs raw BullMQ", run: referralsBench },
  subscriptions: { description: "5,000 graphql-ws subscribers over 2 hub processes, events at 10/s then 100/s: latency, memory, losses", run: subscriptionsBench },
};

async function main(): Promise<number> {
  const name = process.argv[2];
  const bench = name ? BENCHMARKS[name] : undefined;
  if (!bench) {
    console.error(`usage: npm run bench -- <name>\n${Object.entries(BENCHMARKS).map(([n, b]) => `  ${n.padEnd(10)} ${b.description}`).join("\n")}`);
    return 2;
  }
  try {
    return await bench.run();
  } finally {
    await runCleanups();
  }
}

main().then(
  (code) => process.exit(code),
  async (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    await runCleanups();
    process.exit(1);
  },
);
