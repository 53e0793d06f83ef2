import * as os from "node:os";
import Redis from "ioredis";
import { BenchServices, serverVersion } from "./services";

/** `n` with thousands separators and a fixed number of decimals. */
export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Prints the machine block every benchmark starts with: CPU, memory, node, load average, MariaDB, Redis. */
export async function printMachine(services: BenchServices): Promise<void> {
  const cpus = os.cpus();
  console.log("machine");
  console.log(`  cpu      ${cpus[0]?.model ?? "?"} × ${cpus.length} cores`);
  console.log(`  memory   ${fmt(os.totalmem() / 2 ** 30, 1)} GiB`);
  console.log(`  node     ${process.version}; load average ${os.loadavg().map((l) => fmt(l, 2)).join(" ")} at start`);
  console.log(`  mariadb  ${await serverVersion(services.databaseUrl)} (${services.origin})`);
  const redis = new Redis(services.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const info = await redis.connect().then(() => redis.info("server")).finally(() => redis.disconnect());
  console.log(`  redis    ${/redis_version:(\S+)/.exec(info)?.[1] ?? "?"}`);
}
