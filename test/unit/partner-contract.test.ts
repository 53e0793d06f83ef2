import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { callbackMessageV1, deliveryMessage } from "../../src/connectors/contract/referral-messages";

// The published JSON Schemas (docs/partners/schemas), the hub's own validation (zod) and the published test vectors
// must say the same thing: a partner that validates with the schemas must never be refused by the hub, nor the
// reverse. Checked with an independent validator (ajv, JSON Schema 2020-12).
const DOCS = join(__dirname, "../../docs/partners");
const schema = (name: string) => JSON.parse(readFileSync(join(DOCS, "schemas", `${name}.json`), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validCallback = ajv.compile(schema("referral.callback.v1"));
const validDelivery = ajv.compile(schema("referral.delivery.v1"));

const ack = { schema: "referral.callback.v1", eventId: "cl-evt-1", type: "acknowledged", referralId: "4711", occurredAt: "2026-06-01T02:00:00.000Z" };
const responded = { ...ack, eventId: "cl-evt-2", type: "responded", response: { opinion: "已核实并补发", actionsTaken: "补发两项补贴", attachments: [{ name: "回执.pdf", mimeType: "application/pdf", sizeBytes: 1024, sha256: "a".repeat(64) }] } };
const returned = { ...ack, eventId: "cl-evt-3", type: "returned", reason: "不涉及残疾人权益" };

/** Callbacks both sides must accept, and ones both must refuse (each breaks one rule of the contract). */
const GOOD = { ack, responded, returned };
const BAD: Record<string, unknown> = {
  "unknown field": { ...ack, extra: 1 },
  "missing eventId": { ...ack, eventId: undefined },
  "numeric referralId": { ...ack, referralId: 4711 },
  "referralId with a leading zero": { ...ack, referralId: "04711" },
  "occurredAt without offset": { ...ack, occurredAt: "2026-06-01 02:00:00" },
  "unknown type": { ...ack, type: "closed" },
  "responded without a response": { ...ack, type: "responded" },
  "returned without a reason": { ...ack, type: "returned" },
  "empty opinion": { ...responded, response: { ...responded.response, opinion: "" } },
  "attachment with a bad digest": { ...responded, response: { ...responded.response, attachments: [{ name: "x", mimeType: "text/plain", sizeBytes: 1, sha256: "xyz" }] } },
  "wrong schema name": { ...ack, schema: "referral.callback.v2" },
  "eventId with a space": { ...ack, eventId: "evt 1" },
};
const clean = (o: unknown) => JSON.parse(JSON.stringify(o));

describe("the published contract and the hub agree", () => {
  it.each(Object.entries(GOOD))("accepts the %s callback on both sides", (_name, msg) => {
    expect([validCallback(msg), callbackMessageV1.safeParse(msg).success]).toEqual([true, true]);
  });

  it.each(Object.entries(BAD))("refuses a callback with %s on both sides", (_name, msg) => {
    expect([validCallback(clean(msg)), callbackMessageV1.safeParse(clean(msg)).success]).toEqual([false, false]);
  });

  it("the hub's own delivery message validates against the published delivery schema", () => {
    const msg = deliveryMessage({
      referralId: "4711", idempotencyKey: "referral-4711", petitionNumber: "XF20261201-004711", agencyCode: "DY_CL", role: "CO_HANDLER",
      category: "APPEAL_REQUEST", specialGroups: ["DISABLED"], summary: "残疾人补贴未发放", request: "请求补发", localityName: "利津县信访局",
      expected: ["OPINION", "ACTIONS"], responseDueAt: "2026-12-08T15:59:59.999Z", petitioners: [{ name: "张某", phoneMasked: "139****5678" }],
    });
    expect(validDelivery(msg) || validDelivery.errors).toBe(true);
    expect(validDelivery({ ...msg, petitioners: [{ name: "张某", phone: "13912345678" }] })).toBe(false); // never a clear phone
  });

  it("every published test vector's body validates against its schema", () => {
    const { vectors } = JSON.parse(readFileSync(join(DOCS, "test-vectors.json"), "utf8")) as { vectors: { name: string; request: { body: string } }[] };
    expect(vectors.length).toBeGreaterThanOrEqual(3);
    for (const v of vectors) {
      const body = JSON.parse(v.request.body);
      const valid = body.schema === "referral.delivery.v1" ? validDelivery : validCallback;
      expect([v.name, valid(body)]).toEqual([v.name, true]);
    }
  });
});
