import { ChildProcess, spawn } from "node:child_process";
import { readdirSync, statSync, truncateSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import Redis from "ioredis";

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });

/** Polls `ok` every 50 ms until it holds; throws after `ms`. */
export async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A private Redis run as production runs it (AOF on, `appendfsync everysec`, `noeviction`, no RDB snapshots), so a
 * test may SIGKILL, SIGSTOP or FLUSHALL it without disturbing other test files.
 */
export class ProdRedis {
  private child: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  static async start(dir: string): Promise<ProdRedis> {
    const r = new ProdRedis(dir, await freePort());
    await r.spawn();
    return r;
  }

  private async spawn(): Promise<void> {
    this.child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
    await until("redis to start", () => this.ping());
  }

  private async ping(): Promise<boolean> {
    const probe = new Redis(this.port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }

  /** The AOF file Redis appends to now (Redis 7 multi-part AOF: appendonlydir/<name>.<n>.incr.aof). */
  incrAof(): string {
    const d = join(this.dir, "appendonlydir");
    const f = readdirSync(d).filter((n) => n.endsWith(".incr.aof")).sort().pop();
    if (!f) throw new Error("no incremental AOF file");
    return join(d, f);
  }

  aofSize(): number {
    return statSync(this.incrAof()).size;
  }

  /** SIGKILL: no shutdown, no final fsync. */
  async kill9(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
  }

  /** Starts again on the same port and directory, loading the AOF. */
  restart(): Promise<void> {
    return this.spawn();
  }

  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  resume(): void {
    this.child?.kill("SIGCONT");
  }

  /** A short-lived admin client (FLUSHALL, scheduler checks). */
  admin(): Redis {
    const r = new Redis(this.port, "127.0.0.1", { maxRetriesPerRequest: 1 });
    r.on("error", () => undefined);
    return r;
  }

  /**
   * Cuts the AOF back to `size` bytes: what an OS crash or power loss does to writes `everysec` had not fsync'd yet.
   * (A SIGKILL of Redis alone loses nothing: each write reached the kernel before Redis replied.)
   */
  truncateAof(size: number): void {
    truncateSync(this.incrAof(), size);
  }

  async stop(): Promise<void> {
    this.resume();
    await this.kill9();
  }
}
