/**
 * Field types the simulated partners check deliveries with. Written independently of the hub's connectors: a
 * simulator stands for the partner's published API, so a connector that drifts from it fails the contract suite.
 */
import { z } from "zod";

export const text = z.string().min(1);
export const isoInstant = z.iso.datetime({ offset: true });
export const stringList = z.array(z.string());
/** Phones reach partners masked (e.g. 138****5678) or not at all; a partner refuses clear numbers. */
export const maskedPhone = z.string().max(32).regex(/\*/, "must be masked").nullable();
/** Roles and expectations the hub uses. */
export const hubExpected = z.array(z.enum(["OPINION", "ACTIONS", "CO_HANDLING", "STABILITY_WATCH"])).min(1);

/** Beijing local time `YYYY-MM-DD HH:mm:ss`, as 人社局's system writes instants. */
export function beijingLocal(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return shifted.slice(0, 19).replace("T", " ");
}

/** An instant with Beijing's +08:00 offset instead of Z, as 妇联's system writes them. */
export function withBeijingOffset(iso: string): string {
  return `${beijingLocal(iso).replace(" ", "T")}+08:00`;
}
