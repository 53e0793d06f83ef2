import { HubDeps } from "../commands/command-context";
import { DeliveryToRecord, recordDeliveriesCommand } from "../commands/record-deliveries";
import { ReferralMoveResult } from "../commands/transition-referral";
import { DeliveryView, loadDeliveryViews } from "../db/referral-queries";
import { GroupBatcher } from "../platform/group-batcher";

/**
 * The database side of the delivery jobs of one process, grouped across concurrent jobs (all agencies): the
 * reads of delivery views, and the recording of confirmed deliveries. A job awaits its own item only.
 */
export interface DeliveryGroups {
  /** The delivery view of a referral (null: no such referral), read together with other jobs' views. */
  view(referralId: number): Promise<DeliveryView | null>;
  /** Records a confirmed delivery, in one transaction with other jobs' (see recordDeliveriesCommand). */
  record(item: DeliveryToRecord): Promise<ReferralMoveResult>;
}

/** Groups of at most `maxBatch`, at most two of each kind running at once (the pool serves the rest). */
export function createDeliveryGroups(deps: HubDeps, maxBatch = 50): DeliveryGroups {
  const views = new GroupBatcher<number, DeliveryView | null>(async (ids) => {
    const found = await loadDeliveryViews(deps.db, [...new Set(ids)]);
    return ids.map((id) => ({ status: "fulfilled", value: found.get(id) ?? null }));
  }, { maxBatch, maxInFlight: 2 });
  const records = new GroupBatcher<DeliveryToRecord, ReferralMoveResult>((items) => recordDeliveriesCommand(deps, items), { maxBatch, maxInFlight: 2 });
  return { view: (id) => views.submit(id), record: (item) => records.submit(item) };
}
