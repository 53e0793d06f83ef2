import { DataSource, EntityManager, In, Not } from "typeorm";
import { Principal } from "../domain/access/principal";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { MatterItemFacts } from "../domain/matters/matter-bar";
import { isSuggestion, MatterKeys, SuggestionReason, suggestionReasons } from "../domain/matters/matter-suggestions";
import { normaliseText } from "../commands/matter-fingerprint";
import { DeadlineEntity, MatterLinkDecisionEntity, PetitionEntity, PetitionerEntity, PetitionTransitionEntity } from "./entities";
import { visibilityClause } from "./petition-visibility";
import { RowReader } from "./row-reader";

const readers = new WeakMap<DataSource, RowReader<PetitionEntity>>();
const reader = (db: DataSource) => readers.get(db) ?? readers.set(db, new RowReader(db, PetitionEntity)).get(db)!;
const marks = (xs: readonly unknown[]) => xs.map(() => "?").join(",");

/** How many earlier items are considered at most (newest first); more than this is a list, not a suggestion. */
const MAX_CANDIDATES = 50;

/** The comparable keys of each item, by petition id. */
async function keysOf(db: DataSource, items: readonly PetitionEntity[]): Promise<Map<number, MatterKeys>> {
  const people = items.length ? await db.getRepository(PetitionerEntity).find({ where: { petitionId: In(items.map((p) => p.id)) }, select: { petitionId: true, idNumberIndex: true, phoneIndex: true } }) : [];
  return new Map(
    items.map((p) => {
      const mine = people.filter((x) => x.petitionId === p.id);
      const keys: MatterKeys = {
        idIndexes: mine.map((x) => x.idNumberIndex).filter((x): x is string => !!x),
        phoneIndexes: mine.map((x) => x.phoneIndex).filter((x): x is string => !!x),
        localityOrgId: p.localityOrgId,
        accusedOrgId: p.accusedOrgId,
        requestDigest: p.requestDigest,
        requestLength: normaliseText(p.request).length,
      };
      return [p.id, keys];
    }),
  );
}

/** An earlier item suggested as the same matter, with the reasons. */
export interface MatterSuggestion {
  petition: PetitionEntity;
  reasons: SuggestionReason[];
}

/**
 * Earlier items (lower id) on other matters that may be the same matter as `item`, among those `p` may see: found by
 * the petitioners' blind indexes (ID number, phone) or by the same request at the same unit, then kept only when the
 * domain rule calls the shared reasons a suggestion. Pairs a person rejected are left out. Names are never compared.
 */
export async function findMatterSuggestions(db: DataSource, p: Principal, item: PetitionEntity): Promise<MatterSuggestion[]> {
  const mine = (await keysOf(db, [item])).get(item.id)!;
  const people = [...mine.idIndexes, ...mine.phoneIndexes];
  const vis = visibilityClause(p);
  const alike: string[] = [];
  const params: unknown[] = [];
  if (people.length) {
    alike.push(`EXISTS (SELECT 1 FROM petitioner x WHERE x.petitionId = p.id AND (x.idNumberIndex IN (${marks(people)}) OR x.phoneIndex IN (${marks(people)})))`);
    params.push(...people, ...people);
  }
  if (mine.requestDigest) {
    alike.push("(p.requestDigest = ? AND (p.localityOrgId = ? OR p.accusedOrgId = ?))");
    params.push(mine.requestDigest, mine.localityOrgId, mine.accusedOrgId ?? -1);
  }
  if (!alike.length) return [];
  const rows = await reader(db).select(
    "p",
    `WHERE p.id < ? AND p.matterId <> ? AND (${alike.join(" OR ")}) AND ${vis.sql} AND NOT EXISTS (SELECT 1 FROM matter_link_decision d WHERE d.petitionId = ? AND d.otherPetitionId = p.id AND d.decision = 'REJECTED') ORDER BY p.id DESC LIMIT ${MAX_CANDIDATES}`,
    [item.id, item.matterId, ...params, ...vis.params, item.id],
  );
  const keys = await keysOf(db, rows);
  return rows
    .map((petition) => ({ petition, reasons: suggestionReasons(mine, keys.get(petition.id)!) }))
    .filter((s) => isSuggestion(s.reasons, mine));
}

/** The items of a matter that `p` may see, oldest first. */
export function findVisibleMatterItems(db: DataSource, p: Principal, matterId: number): Promise<PetitionEntity[]> {
  const vis = visibilityClause(p);
  return reader(db).select("p", `WHERE p.matterId = ? AND ${vis.sql} ORDER BY p.id`, [matterId, ...vis.params]);
}

/** What the Art. 36 bar needs about the other items of a matter (inside the command's transaction). */
export async function loadMatterItemFacts(em: EntityManager, matterId: number, exceptPetitionId: number): Promise<MatterItemFacts[]> {
  const others = await em.find(PetitionEntity, { where: { matterId, id: Not(exceptPetitionId) }, select: { id: true, state: true, matterLink: true } });
  if (!others.length) return [];
  const ids = others.map((o) => o.id);
  const history = await em.find(PetitionTransitionEntity, { where: { petitionId: In(ids) }, select: { petitionId: true, toState: true } });
  const windows = await em.find(DeadlineEntity, {
    where: { petitionId: In(ids), kind: In([DeadlineKind.REVIEW_REQUEST_WINDOW, DeadlineKind.REREVIEW_REQUEST_WINDOW]) },
    select: { petitionId: true, state: true, dueAt: true, closedAt: true },
  });
  return others.map((o) => ({
    petitionId: o.id,
    state: o.state,
    link: o.matterLink,
    reachedStates: history.filter((h) => h.petitionId === o.id).map((h) => h.toState),
    reviewWindows: windows.filter((w) => w.petitionId === o.id).map((w) => ({ state: w.state, dueAt: w.dueAt, closedAt: w.closedAt })),
  }));
}

/** The latest recorded decisions on an item's matter, newest first. */
export function matterLinkHistory(db: DataSource, petitionId: number): Promise<MatterLinkDecisionEntity[]> {
  return db.getRepository(MatterLinkDecisionEntity).find({ where: { petitionId }, order: { id: "DESC" } });
}
