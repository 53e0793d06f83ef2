import { DataSource, EntityManager } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { AuditEntry, AuditFacts, AuditHashAlg, chainEntries, GENESIS_HASH } from "../domain/audit/audit-chain";
import { AuditEntryEntity, AuditHeadEntity } from "./entities";
import { withTransaction } from "./transaction";

const HEAD_ID = 1;

/**
 * Reads the chain head for an append. On MySQL/MariaDB the row is locked (`FOR UPDATE`) until the caller's
 * transaction ends, so concurrent appends queue here and each sees the previous one's seq and hash: the chain
 * cannot fork and seq has no gaps (a rolled-back append rolls back its head update too). SQLite already runs one
 * writing transaction at a time (and src/db/transaction.ts queues ours), so a plain read is enough there.
 */
async function lockHead(em: EntityManager): Promise<{ seq: number; hash: string }> {
  const qb = em.createQueryBuilder(AuditHeadEntity, "h").where("h.id = :id", { id: HEAD_ID });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  const head = await qb.getOne();
  if (head) return { seq: head.seq, hash: head.hash };
  // Only if someone removed the row: recreate it from the log's last entry rather than restart the chain.
  const last = await em.createQueryBuilder(AuditEntryEntity, "a").orderBy("a.seq", "DESC").limit(1).getOne();
  await em.insert(AuditHeadEntity, { id: HEAD_ID, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH });
  return lockHead(em);
}

/**
 * Appends entries to the audit chain inside the caller's transaction (so a command's change and its audit entry
 * commit or roll back together). Call it last in the transaction: the head lock is held until commit, and taking
 * it last keeps the time other appenders wait short and the lock order (business rows, then head) fixed.
 */
export async function appendAudit(em: EntityManager, facts: AuditFacts[], alg: AuditHashAlg): Promise<AuditEntry[]> {
  if (facts.length === 0) return [];
  const head = await lockHead(em);
  const entries = chainEntries(head, facts, alg);
  // Batches keep statements short for a wide PII read (one entry per field read).
  for (let i = 0; i < entries.length; i += 200) await em.insert(AuditEntryEntity, entries.slice(i, i + 200) as QueryDeepPartialEntity<AuditEntryEntity>[]); // recursive JSON defeats the deep-partial type
  const last = entries[entries.length - 1];
  await em.update(AuditHeadEntity, { id: HEAD_ID }, { seq: last.seq, hash: last.hash });
  return entries;
}

/** Appends in a transaction of its own (failures, reads, Bull Board actions: nothing else to commit with). */
export function appendAuditNow(db: DataSource, facts: AuditFacts[], alg: AuditHashAlg): Promise<AuditEntry[]> {
  return withTransaction(db, (em) => appendAudit(em, facts, alg));
}

/** The stored chain head (what the last append wrote), or null if the row is missing. */
export async function readAuditHead(db: DataSource): Promise<{ seq: number; hash: string } | null> {
  const h = await db.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ID });
  return h ? { seq: h.seq, hash: h.hash } : null;
}

/** Maps a stored row to the chain's entry shape. */
export function toAuditEntry(r: AuditEntryEntity): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    alg: r.alg as AuditHashAlg,
    actorSubject: r.actorSubject,
    actorOrgId: r.actorOrgId,
    onBehalfOfOrgId: r.onBehalfOfOrgId,
    roles: r.roles,
    action: r.action,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    petitionId: r.petitionId,
    outcome: r.outcome,
    requestId: r.requestId,
    clientIp: r.clientIp,
    details: r.details,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/** Streams the whole log in seq order, a page at a time (keyset on seq, so memory stays flat). */
export async function* readAuditLog(db: DataSource, pageSize = 1000): AsyncGenerator<AuditEntry> {
  let after = -1;
  for (;;) {
    const rows = await db.getRepository(AuditEntryEntity).createQueryBuilder("a").where("a.seq > :after", { after }).orderBy("a.seq", "ASC").limit(pageSize).getMany();
    for (const r of rows) yield toAuditEntry(r);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].seq;
  }
}

/** Filters of the auditTrail query. */
export interface AuditTrailFilter {
  petitionId?: number;
  /** Entries by this organisation or on its behalf. */
  orgId?: number;
  actor?: string;
  from?: Date;
  to?: Date;
}

/** One page of the log in seq order after `afterSeq`, plus whether more follow. */
export async function auditTrailPage(db: DataSource, f: AuditTrailFilter, first: number, afterSeq: number | null): Promise<{ rows: AuditEntry[]; hasNext: boolean }> {
  const qb = db.getRepository(AuditEntryEntity).createQueryBuilder("a");
  if (afterSeq !== null) qb.andWhere("a.seq > :afterSeq", { afterSeq });
  if (f.petitionId !== undefined) qb.andWhere("a.petitionId = :petitionId", { petitionId: f.petitionId });
  if (f.orgId !== undefined) qb.andWhere("(a.actorOrgId = :orgId OR a.onBehalfOfOrgId = :orgId)", { orgId: f.orgId });
  if (f.actor !== undefined) qb.andWhere("a.actorSubject = :actor", { actor: f.actor });
  if (f.from) qb.andWhere("a.at >= :from", { from: f.from });
  if (f.to) qb.andWhere("a.at < :to", { to: f.to });
  const rows = await qb.orderBy("a.seq", "ASC").limit(first + 1).getMany();
  return { rows: rows.slice(0, first).map(toAuditEntry), hasNext: rows.length > first };
}
