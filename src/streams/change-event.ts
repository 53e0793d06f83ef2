/**
 * One entry of the change stream: a relayed outbox row, reduced to what decides who may see it. The payload stays in
 * the database (it can hold personal data); readers load what the caller may query through the normal resolvers.
 */
export interface ChangeEvent {
  /** The stream entry id: the cursor. Relay order, so a row that committed late is appended late and never skipped. */
  id: string;
  outboxId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** The petition concerned, when the row names one (petition events, referrals of a petition). */
  petitionId: number | null;
  /** The referral concerned, for referral events. */
  referralId: number | null;
  /** When the change committed (the outbox row's time). */
  at: Date;
}

/** The Redis Stream holding the changes of the hub with queue prefix `prefix`. */
export const changesKey = (prefix: string) => `${prefix}:changes`;
/** Outbox ids already appended (a sorted set scored by time, trimmed with the stream): re-relays append nothing. */
export const appendedKey = (prefix: string) => `${prefix}:changes:appended`;

/** What the relay appends for one outbox row. */
export interface ChangeRow {
  outboxId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  petitionId: number | null;
  referralId: number | null;
  at: Date;
}

/** The facts of an outbox row that the stream carries: ids only, never payload text. */
export function changeRowOf(r: { id: string | number; type: string; aggregateType: string; aggregateId: string; createdAt: Date }, payload: Record<string, unknown>): ChangeRow {
  const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);
  const petitionId = r.aggregateType === "petition" ? num(r.aggregateId) : num(payload.petitionId);
  const referralId = r.aggregateType === "referral" ? num(r.aggregateId) : num(payload.referralId);
  return { outboxId: String(r.id), type: r.type, aggregateType: r.aggregateType, aggregateId: String(r.aggregateId), petitionId, referralId, at: r.createdAt };
}

/** Parses one XRANGE/XREAD entry (`[id, [field, value, ...]]`). */
export function parseEntry([id, fields]: [string, string[]]): ChangeEvent {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  const int = (v: string | undefined) => (v ? Number(v) : null);
  return { id, outboxId: f.o, type: f.t, aggregateType: f.a, aggregateId: f.i, petitionId: int(f.p), referralId: int(f.r), at: new Date(Number(f.c)) };
}
