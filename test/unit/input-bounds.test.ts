import "reflect-metadata";
import { getMetadataArgsStorage } from "typeorm";
import { z } from "zod";
import { petitionerInput, submitPetitionInput } from "../../src/commands/petition-input";
import { raisedInput } from "../../src/commands/raise-referral";
import { referralReasonInput, referralResponseInput } from "../../src/commands/referral-input";
import { callbackMessageV1 } from "../../src/connectors/contract/referral-messages";
import { receiptSchema as graphqlReceipt } from "../../src/connectors/graphql/graphql-connector";
import { receiptSchema as restReceipt } from "../../src/connectors/rest-hmac/rest-hmac-connector";
import {
  AuditEntryEntity,
  MachineClientChangeEntity,
  MachineClientEntity,
  PetitionEntity,
  PetitionerEntity,
  PetitionTransitionEntity,
  PiiAccessEntity,
  ReferralEntity,
  ReferralTransitionEntity,
} from "../../src/db/entities";
import { maskIdNumber, maskPhone } from "../../src/domain/access/personal-data";
import { ACTOR_LENGTH, LIMITS } from "../../src/domain/limits";
import { PiiCrypto } from "../../src/platform/pii-crypto";
import { tokenClaims } from "../../src/platform/tokens";
import { newRequestId } from "../../src/http/graphql-handler";
import type { IncomingMessage } from "node:http";

// Every string an input schema accepts lands somewhere: a bounded column (its accepted maximum must fit the column's
// length: MariaDB refuses a longer value, so validation would pass and the write crash), a JSON/text column, or
// nowhere. The test walks the schemas, so a new field without a declared destination fails here.

type Target = abstract new (...a: never[]) => unknown;
type Lands = [Target, string][] | "json" | "not stored";

/** Declared length of an entity column, from TypeORM's decorator metadata (what the migrations must match). */
function columnLength(entity: Target, prop: string): number {
  const c = getMetadataArgsStorage().columns.find((x) => x.target === entity && x.propertyName === prop);
  if (!c) throw new Error(`no column ${entity.name}.${prop}`);
  const len = Number(c.options.length);
  if (!Number.isFinite(len)) throw new Error(`${entity.name}.${prop} has no length`);
  return len;
}

interface Leaf {
  path: string;
  max: number | null;
}

/** Every string leaf of a zod schema with its accepted maximum length (null when unbounded). */
function stringLeaves(schema: z.ZodType, path: string): Leaf[] {
  const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def;
  switch (def.type) {
    case "string":
      return [{ path, max: (schema as z.ZodString).maxLength ?? null }];
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
      return stringLeaves(def.innerType as z.ZodType, path);
    case "pipe":
      return stringLeaves(def.in as z.ZodType, path);
    case "array":
      return stringLeaves(def.element as z.ZodType, `${path}[]`);
    case "object":
      return Object.entries((schema as z.ZodObject).shape).flatMap(([k, v]) => stringLeaves(v as z.ZodType, path ? `${path}.${k}` : k));
    case "union":
      return (def.options as z.ZodType[]).flatMap((o) => stringLeaves(o, path));
    case "lazy":
      return path.split(".").length > 2 ? [] : stringLeaves((def.getter as () => z.ZodType)(), path); // recursive claim: two levels
    default:
      return []; // enums, literals, numbers, booleans, dates: no length
  }
}

const SUBJECT_COLUMNS: [Target, string][] = [
  [PetitionTransitionEntity, "actor"],
  [ReferralTransitionEntity, "actor"],
  [MachineClientChangeEntity, "actor"],
  [MachineClientEntity, "createdBy"],
  [MachineClientEntity, "revokedBy"],
];
const PETITIONER: Record<string, Lands> = {
  "name": [[PetitionerEntity, "name"]],
  "idNumber": [[PetitionerEntity, "idNumberMasked"]], // and its cipher, checked below
  "phone": [[PetitionerEntity, "phoneMasked"]],
  "address": [[PetitionerEntity, "address"]],
};
const prefixed = (prefix: string, m: Record<string, Lands>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}.${k}`, v]));

const SCHEMAS: [string, z.ZodType, Record<string, Lands>][] = [
  ["submitPetition", submitPetitionInput, { summary: [[PetitionEntity, "summary"]], request: [[PetitionEntity, "request"]], ...prefixed("petitioners[]", PETITIONER) }],
  // A raised case is kept as JSON on the referral, then registered through the same columns as a petition.
  ["raiseReferral", raisedInput, { summary: [[PetitionEntity, "summary"]], request: [[PetitionEntity, "request"]], ...prefixed("petitioners[]", PETITIONER) }],
  ["petitioner", petitionerInput, PETITIONER],
  ["respondToReferral", referralResponseInput, { opinion: "json", actionsTaken: "json", "attachments[].name": "json", "attachments[].mimeType": "json", "attachments[].sha256": "json", "attachments[].url": "json" }],
  ["returnReferral", referralReasonInput, { "": [[ReferralEntity, "returnReason"], [ReferralTransitionEntity, "reason"]] }],
  [
    "agency callback",
    callbackMessageV1 as unknown as z.ZodType,
    {
      eventId: "not stored", // idempotency key in Redis
      occurredAt: "json",
      referralId: "not stored",
      externalRef: [[ReferralEntity, "externalRef"]],
      reason: [[ReferralEntity, "returnReason"], [ReferralTransitionEntity, "reason"]],
      "response.opinion": "json",
      "response.actionsTaken": "json",
      "response.attachments[].name": "json",
      "response.attachments[].mimeType": "json",
      "response.attachments[].sha256": "json",
      "response.attachments[].url": "json",
    },
  ],
  // A partner's receipt: its `ref` is kept on the referral (once 200 accepted against a 100-character column).
  ["REST receipt", restReceipt, { ref: [[ReferralEntity, "externalRef"]] }],
  ["GraphQL receipt", graphqlReceipt, { "receiveReferral.ref": [[ReferralEntity, "externalRef"]] }],
  ["token", tokenClaims, { sub: SUBJECT_COLUMNS, org: "not stored", "act.sub": SUBJECT_COLUMNS, "act.act.sub": SUBJECT_COLUMNS, client_id: "not stored", subject_client_id: "not stored" }],
];

describe("every input bound fits the column it lands in", () => {
  for (const [name, schema, lands] of SCHEMAS) {
    describe(name, () => {
      const leaves = stringLeaves(schema, "");
      const byPath = new Map<string, number | null>();
      for (const l of leaves) byPath.set(l.path, Math.max(byPath.get(l.path) ?? 0, l.max ?? Infinity));

      it("declares where each string goes", () => {
        expect([...byPath.keys()].filter((p) => !(p in lands)).sort()).toEqual([]);
      });

      const columns = [...byPath].filter(([p]) => Array.isArray(lands[p]));
      if (columns.length)
        it.each(columns)("%s", (path, max) => {
          expect(max).not.toBe(Infinity); // a string stored in a bounded column needs a bound
          for (const [entity, prop] of lands[path] as [Target, string][]) expect({ column: `${entity.name}.${prop}`, fits: max! <= columnLength(entity, prop) }).toEqual({ column: `${entity.name}.${prop}`, fits: true });
        });
    });
  }

  it("reasons and client names bounded outside zod use the same table", () => {
    expect(columnLength(PetitionTransitionEntity, "reason")).toBe(LIMITS.reason);
    expect(columnLength(MachineClientEntity, "name")).toBe(LIMITS.clientName);
  });

  it("the audit and personal-data read logs hold `subject via gateway` at the longest subject accepted", () => {
    const max = tokenClaims.shape.sub.maxLength!;
    expect(max).toBe(LIMITS.subject);
    const actor = `${"s".repeat(max)} via ${"g".repeat(max)}`;
    expect(actor.length).toBe(ACTOR_LENGTH);
    expect(columnLength(AuditEntryEntity, "actorSubject")).toBeGreaterThanOrEqual(actor.length);
    expect(columnLength(PiiAccessEntity, "actor")).toBeGreaterThanOrEqual(actor.length);
  });

  it("a caller's x-request-id is kept only when it fits the requestId columns; a longer one is replaced by a UUID", () => {
    const withId = (id: string) => newRequestId({ headers: { "x-request-id": id } } as unknown as IncomingMessage);
    expect(withId("r".repeat(LIMITS.requestId))).toBe("r".repeat(LIMITS.requestId));
    expect(withId("r".repeat(LIMITS.requestId + 1))).toMatch(/^[0-9a-f-]{36}$/);
    for (const [entity, prop] of [[AuditEntryEntity, "requestId"], [PetitionTransitionEntity, "requestId"], [ReferralTransitionEntity, "requestId"], [MachineClientChangeEntity, "requestId"], [PiiAccessEntity, "requestId"]] as [Target, string][])
      expect({ column: `${entity.name}.${prop}`, fits: LIMITS.requestId <= columnLength(entity, prop) }).toEqual({ column: `${entity.name}.${prop}`, fits: true });
  });

  it("a '+' and 20 digits (matches the pattern's character class) is refused: it would overflow the masked column", () => {
    expect(petitionerInput.shape.phone.safeParse("+" + "1".repeat(20)).success).toBe(false);
    expect(petitionerInput.shape.phone.safeParse("+" + "1".repeat(19)).success).toBe(true);
  });

  // The longest key id the key ring accepts is 16 characters ([A-Za-z0-9_-]{1,16}); both ciphers, longest inputs.
  it.each(["aes-256-gcm", "sm4"] as const)("ciphertexts and masks of the longest ID number and phone fit their columns (%s)", (cipher) => {
    const kid = "k".repeat(16);
    const pii = new PiiCrypto({ cipher, current: kid, keys: { [kid]: Buffer.alloc(32, 1) }, indexCurrent: kid, indexKeys: { [kid]: Buffer.alloc(32, 2) } });
    const longestPhone = "+" + "1".repeat(LIMITS.phone - 1);
    const longestId = "3".repeat(LIMITS.idNumber - 1) + "X";
    expect(petitionerInput.shape.phone.safeParse(longestPhone).success).toBe(true);
    expect(petitionerInput.shape.idNumber.safeParse(longestId).success).toBe(true);
    expect(pii.encrypt(longestPhone, "phone").length).toBeLessThanOrEqual(columnLength(PetitionerEntity, "phoneCipher"));
    expect(pii.encrypt(longestId, "idNumber").length).toBeLessThanOrEqual(columnLength(PetitionerEntity, "idNumberCipher"));
    expect(maskPhone(longestPhone).length).toBeLessThanOrEqual(columnLength(PetitionerEntity, "phoneMasked"));
    expect(maskIdNumber(longestId).length).toBeLessThanOrEqual(columnLength(PetitionerEntity, "idNumberMasked"));
    expect(pii.blindIndex(longestPhone, "phone").length).toBeLessThanOrEqual(columnLength(PetitionerEntity, "phoneIndex"));
  });
});
