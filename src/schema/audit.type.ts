import { Field, ID, InputType, ObjectType } from "type-graphql";
import { AuditEntry, canonicalJson } from "../domain/audit/audit-chain";
import { PageInfo } from "./petition-connection.type";

/** One entry of the hash-chained audit log, as stored (hashes included, so an auditor can re-check it offline). */
@ObjectType("AuditEntry")
export class AuditEntryType {
  @Field({ description: "Position in the chain: strictly increasing, no gaps" }) seq: string;
  @Field() at: Date;
  @Field({ description: "Subject of the caller (user or machine client), or `anonymous`" }) actorSubject: string;
  @Field(() => ID, { nullable: true }) actorOrgId: string | null;
  @Field(() => ID, { nullable: true }) onBehalfOfOrgId: string | null;
  @Field(() => [String]) roles: string[];
  @Field({ description: "`Mutation.<field>`, `Query.auditTrail`, `PII_READ`, `BULLBOARD_ACTION`, `DELIVERY_REPLAY`" }) action: string;
  @Field(() => String, { nullable: true }) resourceType: string | null;
  @Field(() => String, { nullable: true }) resourceId: string | null;
  @Field(() => ID, { nullable: true }) petitionId: string | null;
  @Field({ description: "`OK` or the refusal's stable error code" }) outcome: string;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true }) clientIp: string | null;
  @Field(() => String, { nullable: true, description: "Canonical JSON: identifiers and field names only, never personal-data values" }) details: string | null;
  @Field({ description: "sha256 or sm3" }) alg: string;
  @Field() prevHash: string;
  @Field({ description: "H(prevHash || canonical JSON of the entry's fields)" }) hash: string;

  static from(e: AuditEntry): AuditEntryType {
    const id = (n: number | null) => (n === null ? null : String(n));
    return {
      seq: String(e.seq), at: e.at, actorSubject: e.actorSubject, actorOrgId: id(e.actorOrgId), onBehalfOfOrgId: id(e.onBehalfOfOrgId), roles: e.roles,
      action: e.action, resourceType: e.resourceType, resourceId: e.resourceId, petitionId: id(e.petitionId), outcome: e.outcome, requestId: e.requestId,
      clientIp: e.clientIp, details: e.details === null ? null : canonicalJson(e.details), alg: e.alg, prevHash: e.prevHash, hash: e.hash,
    };
  }
}

@ObjectType()
export class AuditEntryEdge {
  @Field() cursor: string;
  @Field(() => AuditEntryType) node: AuditEntryType;
}

/** The audit trail in chain order (oldest first), cursor-paginated. */
@ObjectType()
export class AuditTrailConnection {
  @Field(() => [AuditEntryEdge]) edges: AuditEntryEdge[];
  @Field(() => [AuditEntryType]) nodes: AuditEntryType[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@InputType()
export class AuditTrailFilterInput {
  @Field(() => ID, { nullable: true }) petitionId?: string;
  @Field(() => ID, { nullable: true, description: "Entries by this organisation or on its behalf" }) orgId?: string;
  @Field(() => String, { nullable: true, description: "The actor's subject" }) actor?: string;
  @Field(() => Date, { nullable: true, description: "Inclusive" }) from?: Date;
  @Field(() => Date, { nullable: true, description: "Exclusive" }) to?: Date;
}

/** Opaque cursor over the chain position. */
export const encodeAuditCursor = (seq: number) => Buffer.from(`a:${seq}`).toString("base64url");
export function decodeAuditCursor(c: string): number | null {
  const m = /^a:(\d{1,15})$/.exec(Buffer.from(c, "base64url").toString());
  return m ? Number(m[1]) : null;
}
