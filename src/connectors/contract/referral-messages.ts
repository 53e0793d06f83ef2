/**
 * The hub-owned joint-handling contract in code: the canonical delivery message `referral.delivery.v1` the hub
 * sends and the callback message `referral.callback.v1` a partner sends back. docs/partners.md explains them and
 * docs/partners/schemas/*.json are their JSON Schemas; test/unit/partner-contract.test.ts keeps the three in step.
 */
import { z } from "zod";
import { ReferralDelivery } from "../agency-connector";
import { LIMITS } from "../../domain/limits";

/** Event types of the contract. Hub → partner: delivered (closed, escalated reserved); partner → hub: the rest. */
export const HUB_EVENT_TYPES = ["delivered", "closed", "escalated"] as const;
export const PARTNER_EVENT_TYPES = ["acknowledged", "responded", "returned"] as const;

/** The canonical delivery message (schema `referral.delivery.v1`). */
export interface DeliveryMessageV1 {
  schema: "referral.delivery.v1";
  /** Same on every attempt of this delivery; partners dedupe on it (and on `idempotencyKey`). */
  eventId: string;
  type: "delivered";
  idempotencyKey: string;
  agencyCode: string;
  referral: { id: string; role: "LEAD" | "CO_HANDLER"; expected: string[]; responseDueAt: string };
  petition: { number: string; category: string; specialGroups: string[]; summary: string; request: string; locality: string };
  petitioners: { name: string; phoneMasked: string | null }[];
}

/** The hub's delivery in the contract's shape. */
export function deliveryMessage(d: ReferralDelivery): DeliveryMessageV1 {
  return {
    schema: "referral.delivery.v1",
    eventId: `${d.idempotencyKey}:delivered`,
    type: "delivered",
    idempotencyKey: d.idempotencyKey,
    agencyCode: d.agencyCode,
    referral: { id: d.referralId, role: d.role, expected: d.expected, responseDueAt: d.responseDueAt },
    petition: { number: d.petitionNumber, category: d.category, specialGroups: d.specialGroups, summary: d.summary, request: d.request, locality: d.localityName },
    petitioners: d.petitioners.map((p) => ({ name: p.name, phoneMasked: p.phoneMasked })),
  };
}

const attachment = z.strictObject({
  name: z.string().min(1).max(200),
  mimeType: z.string().min(1).max(100),
  sizeBytes: z.number().int().min(0).max(2 ** 31),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullish(),
  url: z.url().max(500).nullish(),
});

const base = {
  schema: z.literal("referral.callback.v1"),
  /** Unique per event at the partner; a repeat with the same id gets the first answer again. */
  eventId: z.string().regex(/^[\x21-\x7e]{1,200}$/, "1–200 visible ASCII characters"),
  referralId: z.string().regex(/^[1-9]\d{0,18}$/, "the hub's referral id as a decimal string"),
  occurredAt: z.iso.datetime({ offset: true }),
};

/** The callback message (schema `referral.callback.v1`), checked strictly: unknown fields are refused. */
export const callbackMessageV1 = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("acknowledged") }),
  z.strictObject({
    ...base,
    type: z.literal("responded"),
    response: z.strictObject({ opinion: z.string().trim().min(1).max(4000), actionsTaken: z.string().max(4000).nullish(), attachments: z.array(attachment).max(20) }),
  }),
  z.strictObject({ ...base, type: z.literal("returned"), reason: z.string().trim().min(1).max(LIMITS.reason) }),
]);
export type CallbackMessageV1 = z.infer<typeof callbackMessageV1>;
