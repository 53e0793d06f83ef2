// Jest globalTeardown: stop only what global-setup.ts started (services passed in via env are left alone).
import { spawnSync } from "child_process";
import * as path from "path";

const state = globalThis as typeof globalThis & { __petitionHubRunDir?: string };

export default async function globalTeardown(): Promise<void> {
  const runDir = state.__petitionHubRunDir;
  if (!runDir) return;
  // FAST=1: SIGKILL MariaDB, its data is thrown away anyway (~15 ms instead of ~70 ms).
  const res = spawnSync("bash", [path.resolve(__dirname, "../scripts/services-down.sh"), runDir], {
    env: { ...process.env, FAST: "1" },
    stdio: "inherit",
  });
  state.__petitionHubRunDir = undefined;
  if (res.status !== 0) throw new Error(`scripts/services-down.sh ${runDir} failed (exit ${res.status ?? res.signal})`);
}
