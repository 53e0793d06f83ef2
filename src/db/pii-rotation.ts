import { DataSource, In } from "typeorm";
import { factsFingerprint } from "../commands/matter-fingerprint";
import { Logger } from "../platform/logger";
import { PiiCrypto } from "../platform/pii-crypto";
import { MatterEntity, PetitionEntity, PetitionerEntity, ReferralEntity } from "./entities";
import { openValue, sealValue, SealedField } from "./petitioner-pii";
import { withTransaction } from "./transaction";

/** How many rows of each kind a pass rewrote (or, for {@link countPendingPii}, would rewrite). */
export interface PiiRotationReport {
  petitioners: number;
  raisedReferrals: number;
  matters: number;
}

export interface PiiRotationOptions {
  /** Rows per transaction (default 200). */
  batchSize?: number;
  /** Only rows still in clear from before encryption (the start-up pass); otherwise every row not under the current keys. */
  legacyOnly?: boolean;
  log?: Logger;
}

const q = (db: DataSource, name: string) => db.driver.escape(name);

/**
 * SQL condition: the petitioner row needs rewriting. Legacy: a value without a ciphertext prefix or without its
 * masked copy / index. Full: also a ciphertext or index under a key that is not the current one.
 */
function petitionerPending(db: DataSource, pii: PiiCrypto, legacyOnly: boolean): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const f of ["idNumber", "phone"] as SealedField[]) {
    const c = q(db, `${f}Cipher`), m = q(db, `${f}Masked`), i = q(db, `${f}Index`);
    const legacy = `(SUBSTR(${c}, 1, 3) NOT IN ('v1:', 's1:') OR ${m} IS NULL OR ${i} IS NULL)`;
    if (legacyOnly) parts.push(`(${c} IS NOT NULL AND ${legacy})`);
    else {
      parts.push(`(${c} IS NOT NULL AND (${legacy} OR SUBSTR(${c}, 1, ?) <> ? OR SUBSTR(${i}, 1, ?) <> ?))`);
      params.push(pii.currentPrefix.length, pii.currentPrefix, pii.currentIndexPrefix.length, pii.currentIndexPrefix);
    }
  }
  return { where: parts.join(" OR "), params };
}

function matterPending(db: DataSource, pii: PiiCrypto, legacyOnly: boolean): { where: string; params: unknown[] } {
  const f = q(db, "factsFingerprint");
  if (legacyOnly) return { where: `${f} NOT LIKE '%:%'`, params: [] };
  return { where: `SUBSTR(${f}, 1, ?) <> ?`, params: [pii.currentIndexPrefix.length, pii.currentIndexPrefix] };
}

const needsRewrite = (pii: PiiCrypto, v: unknown, legacyOnly: boolean) =>
  typeof v === "string" && v !== "" && (!PiiCrypto.isEncrypted(v) || (!legacyOnly && !v.startsWith(pii.currentPrefix)));

/** Counts what {@link rotatePii} would rewrite; used at start-up to refuse clear rows in production. */
export async function countPendingPii(db: DataSource, pii: PiiCrypto, legacyOnly = true): Promise<PiiRotationReport> {
  const p = petitionerPending(db, pii, legacyOnly);
  const m = matterPending(db, pii, legacyOnly);
  const [[{ n: petitioners }], [{ n: matters }]] = await Promise.all([
    db.query(`SELECT COUNT(*) AS n FROM ${q(db, "petitioner")} WHERE ${p.where}`, p.params),
    db.query(`SELECT COUNT(*) AS n FROM ${q(db, "matter")} WHERE ${m.where}`, m.params),
  ]);
  const raised = await db.getRepository(ReferralEntity).createQueryBuilder("r").select(["r.id", "r.raised"]).where("r.raised IS NOT NULL").getMany();
  const raisedReferrals = raised.filter((r) => raisedPeople(r).some((x) => needsRewrite(pii, x.idNumber, legacyOnly) || needsRewrite(pii, x.phone, legacyOnly))).length;
  return { petitioners: Number(petitioners), raisedReferrals, matters: Number(matters) };
}

type RaisedPerson = { idNumber?: string | null; phone?: string | null };
const raisedPeople = (r: ReferralEntity): RaisedPerson[] => ((r.raised?.petitioners as RaisedPerson[] | undefined) ?? []);

/**
 * Re-encrypts every personal value not under the current key (including legacy clear rows), recomputes masked
 * copies and blind indexes under the current index key, re-keys matter fingerprints, and re-encrypts the
 * petitioners inside raised referrals. Batches of `batchSize` rows, each batch in one transaction, keyset by id,
 * so the pass can be interrupted and run again. On SQLite it then truncates the WAL and vacuums, so no page with
 * an old value survives in the file.
 */
export async function rotatePii(db: DataSource, pii: PiiCrypto, o: PiiRotationOptions = {}): Promise<PiiRotationReport> {
  const batch = o.batchSize ?? 200;
  const legacyOnly = o.legacyOnly ?? false;
  const report: PiiRotationReport = { petitioners: 0, raisedReferrals: 0, matters: 0 };

  const p = petitionerPending(db, pii, legacyOnly);
  for (let after = 0; ; ) {
    const ids: { id: number }[] = await db.query(`SELECT ${q(db, "id")} AS id FROM ${q(db, "petitioner")} WHERE ${q(db, "id")} > ? AND (${p.where}) ORDER BY ${q(db, "id")} LIMIT ${batch}`, [after, ...p.params]);
    if (ids.length === 0) break;
    await withTransaction(db, async (em) => {
      for (const row of await em.findBy(PetitionerEntity, { id: In(ids.map((x) => Number(x.id))) })) {
        const id = sealValue(pii, "idNumber", openValue(pii, "idNumber", row.idNumberCipher));
        const ph = sealValue(pii, "phone", openValue(pii, "phone", row.phoneCipher));
        await em.update(PetitionerEntity, { id: row.id }, { idNumberCipher: id.cipher, idNumberMasked: id.masked, idNumberIndex: id.index, phoneCipher: ph.cipher, phoneMasked: ph.masked, phoneIndex: ph.index });
      }
    });
    report.petitioners += ids.length;
    after = Number(ids[ids.length - 1].id);
    o.log?.info({ table: "petitioner", done: report.petitioners }, "pii rotation batch");
  }

  for (let after = 0; ; ) {
    const rows = await db.getRepository(ReferralEntity).createQueryBuilder("r").select(["r.id", "r.raised"]).where("r.raised IS NOT NULL AND r.id > :after", { after }).orderBy("r.id").take(batch).getMany();
    if (rows.length === 0) break;
    const stale = rows.filter((r) => raisedPeople(r).some((x) => needsRewrite(pii, x.idNumber, legacyOnly) || needsRewrite(pii, x.phone, legacyOnly)));
    if (stale.length)
      await withTransaction(db, async (em) => {
        for (const r of await em.findBy(ReferralEntity, { id: In(stale.map((x) => x.id)) })) {
          const people = raisedPeople(r).map((x) => ({ ...x, idNumber: reseal(pii, "idNumber", x.idNumber), phone: reseal(pii, "phone", x.phone) }));
          await em.update(ReferralEntity, { id: r.id }, { raised: { ...r.raised, petitioners: people } });
        }
      });
    report.raisedReferrals += stale.length;
    after = rows[rows.length - 1].id;
  }

  const m = matterPending(db, pii, legacyOnly);
  for (let after = 0; ; ) {
    const ids: { id: number }[] = await db.query(`SELECT ${q(db, "id")} AS id FROM ${q(db, "matter")} WHERE ${q(db, "id")} > ? AND (${m.where}) ORDER BY ${q(db, "id")} LIMIT ${batch}`, [after, ...m.params]);
    if (ids.length === 0) break;
    await withTransaction(db, async (em) => {
      for (const { id } of ids) {
        // Every item of a matter was linked by the same fingerprint, so its first item reproduces it.
        const first = await em.findOne(PetitionEntity, { where: { matterId: Number(id) }, order: { id: "ASC" } });
        if (!first) continue;
        const people = await em.find(PetitionerEntity, { where: { petitionId: first.id }, order: { id: "ASC" } });
        const fp = factsFingerprint(pii, { ...first, petitioners: people.map((x) => ({ name: x.name, idNumber: openValue(pii, "idNumber", x.idNumberCipher) })) });
        await em.update(MatterEntity, { id: Number(id) }, { factsFingerprint: fp });
      }
    });
    report.matters += ids.length;
    after = Number(ids[ids.length - 1].id);
  }

  if (db.options.type === "better-sqlite3" && report.petitioners + report.raisedReferrals + report.matters > 0) {
    // Old values may survive in the WAL and in free pages: truncate the WAL, rebuild the file, truncate again.
    await db.query("PRAGMA wal_checkpoint(TRUNCATE)");
    await db.query("VACUUM");
    await db.query("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  return report;
}

function reseal(pii: PiiCrypto, field: SealedField, v: string | null | undefined): string | null {
  if (v === null || v === undefined || v === "") return v ?? null;
  return pii.encrypt(openValue(pii, field, v)!, field);
}
