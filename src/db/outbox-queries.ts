import { DataSource } from "typeorm";
import { dateParam } from "./sql-params";

/** A datetime column read with raw SQL: MySQL gives a Date, SQLite the stored UTC text (no zone marker). */
export function dbDate(v: Date | string): Date {
  if (v instanceof Date) return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(" ", "T")}Z`);
}

/** An outbox row as the relay and the reconciler read it (raw SQL: ids may come back as strings). */
export interface OutboxRow {
  id: string | number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: string;
  createdAt: Date | string;
  attempts: number;
}

/** A delivery request whose referral still waits for its delivery. */
export interface AwaitedDelivery extends OutboxRow {
  referralId: number;
  sentAt: Date | string | null;
}

/**
 * Outbound referrals still waiting for their delivery (SENT, no external reference), with their delivery-request
 * outbox row, in referral id order after `afterReferralId`. The reconciler walks them in pages.
 */
export function deliveriesAwaited(db: DataSource, afterReferralId: number, limit: number, deliveryType: string): Promise<AwaitedDelivery[]> {
  return db.query(
    `SELECT r.id AS referralId, o.id, o.type, o.aggregateType, o.aggregateId, o.payload, o.createdAt, o.attempts, o.sentAt
       FROM referral r JOIN outbox o ON o.aggregateType = 'referral' AND o.aggregateId = CAST(r.id AS CHAR) AND o.type = ?
      WHERE r.state = 'SENT' AND r.externalRef IS NULL AND r.direction = 'OUTBOUND' AND r.id > ?
      ORDER BY r.id LIMIT ${Math.max(1, Math.floor(limit))}`,
    [deliveryType, afterReferralId],
  );
}

/** An outbox row dead-lettered by the relay (it could not be parsed or routed). */
export interface DeadOutboxRow {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: string;
  attempts: number;
  lastError: string | null;
  deadAt: Date;
}

/** Dead-lettered outbox rows of [from, to), oldest first (at most `limit`). */
export async function deadOutboxRows(db: DataSource, from: Date, to: Date, limit = 5000): Promise<DeadOutboxRow[]> {
  const rows: (Omit<DeadOutboxRow, "deadAt" | "id"> & { id: string | number; deadAt: Date | string })[] = await db.query(
    `SELECT id, type, aggregateType, aggregateId, payload, attempts, lastError, deadAt FROM outbox WHERE deadAt >= ? AND deadAt < ? ORDER BY deadAt, id LIMIT ${limit}`,
    [dateParam(db, from), dateParam(db, to)],
  );
  return rows.map((r) => ({ ...r, id: String(r.id), attempts: Number(r.attempts), deadAt: dbDate(r.deadAt) }));
}
