/**
 * Group commit for independent calls: a call made while earlier groups are running waits for the next group,
 * and a group starts as soon as fewer than `maxInFlight` are running. At low load a call runs alone, one event
 * loop turn after it was made (no timer, so no added latency); under load groups grow by themselves to what
 * accumulated during one round trip, which is when merging statements pays.
 *
 * Why not DataLoader (already a dependency): it groups only the calls of one tick and starts every group at
 * once, so N concurrent jobs whose calls land in different ticks still make N round trips. Here the group is
 * "everything that arrived while the database was busy", capped by `maxBatch`.
 */
export class GroupBatcher<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * @param run runs one group; returns one settled result per item, in order (a rejected item fails only its
   *   own caller). When `run` itself throws, every caller of the group gets that error.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<PromiseSettledResult<O>[]>,
    private readonly opts: { maxBatch: number; maxInFlight: number },
  ) {}

  /** Adds `item` to the next group; resolves with its own result. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.opts.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    // One turn later, so calls made in the same turn (a burst of jobs) share the group.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.opts.maxInFlight || this.pending.length === 0) return;
    const group = this.pending.splice(0, this.opts.maxBatch);
    this.inFlight++;
    try {
      const results = await this.run(group.map((g) => g.item));
      group.forEach((g, i) => {
        const r = results[i];
        if (!r) g.reject(new Error("group result missing"));
        else if (r.status === "fulfilled") g.resolve(r.value);
        else g.reject(r.reason);
      });
    } catch (e) {
      for (const g of group) g.reject(e);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
