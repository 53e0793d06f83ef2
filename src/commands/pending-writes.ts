import { EntityManager } from "typeorm";
import { AccessReason } from "../db/entities/petition-access.entity";
import { grantAccessRows } from "../db/petition-access";
import { appendOutboxRows, OutboxAppend } from "./command-context";

/**
 * Rows a command collects while it decides and writes once, at its end, in one multi-row statement per table: a
 * registration grants access and appends events in three places (registration, the REGISTER move, each referral),
 * and each of those was a round trip of its own. Order is kept: outbox rows go in as appended, so the relay
 * publishes them in the order the command produced them. Flush inside the command's transaction.
 */
export class PendingWrites {
  private readonly access: { petitionId: number; orgId: number; reason: AccessReason }[] = [];
  private readonly outbox: OutboxAppend[] = [];

  /** Access reasons to grant (idempotent: a reason the organisation already has is kept). */
  grant(petitionId: number, grants: readonly { orgId: number; reason: AccessReason }[]): void {
    for (const g of grants) this.access.push({ petitionId, orgId: g.orgId, reason: g.reason });
  }

  /** Events to append to the outbox. */
  append(rows: readonly OutboxAppend[]): void {
    this.outbox.push(...rows);
  }

  /** Writes what was collected (at most two statements) and forgets it. */
  async flush(em: EntityManager): Promise<void> {
    const access = this.access.splice(0);
    const outbox = this.outbox.splice(0);
    await grantAccessRows(em, access);
    await appendOutboxRows(em, outbox);
  }
}
