import { DataSource } from "typeorm";
import { DocumentEntity } from "./entities";

/** A petition's documents, oldest first (metadata only). */
export function documentsOfPetitions(db: DataSource, petitionIds: readonly number[]): Promise<DocumentEntity[]> {
  if (!petitionIds.length) return Promise.resolve([]);
  return db.getRepository(DocumentEntity).createQueryBuilder("d").where("d.petitionId IN (:...ids)", { ids: [...petitionIds] }).orderBy("d.petitionId").addOrderBy("d.id").getMany();
}

/** Number of documents per petition (the command screen's timeline count). */
export async function documentCounts(db: DataSource, petitionIds: readonly number[]): Promise<Map<number, number>> {
  if (!petitionIds.length) return new Map();
  const rows: { petitionId: number; n: number | string }[] = await db.getRepository(DocumentEntity).createQueryBuilder("d").select("d.petitionId", "petitionId").addSelect("COUNT(*)", "n").where("d.petitionId IN (:...ids)", { ids: [...petitionIds] }).groupBy("d.petitionId").getRawMany();
  return new Map(rows.map((r) => [Number(r.petitionId), Number(r.n)]));
}

/**
 * Object keys no document row references: blobs of uploads or letters whose transaction rolled back after the bytes
 * were stored. Only keys older than the caller's grace period should be deleted (a transaction may still be running).
 */
export async function unreferencedKeys(db: DataSource, keys: readonly string[]): Promise<string[]> {
  if (!keys.length) return [];
  const rows: { storageKey: string }[] = await db.getRepository(DocumentEntity).createQueryBuilder("d").select("d.storageKey", "storageKey").where("d.storageKey IN (:...keys)", { keys: [...keys] }).getRawMany();
  const used = new Set(rows.map((r) => r.storageKey));
  return keys.filter((k) => !used.has(k));
}
