import { DataSource } from "typeorm";
import { PetitionAccessEntity, PetitionEntity, ReferralEntity } from "../db/entities";
import { RowReader } from "../db/row-reader";
import { ChangeEvent } from "../streams/change-event";

/** What decides who may see one change: its petition (with access rows) and its referral, as read once. */
export interface ChangeFacts {
  petition: PetitionEntity | null;
  access: PetitionAccessEntity[];
  referral: ReferralEntity | null;
}

/**
 * Facts per live event object. The feed hands the SAME event object to every subscriber of the process, so the rows
 * behind an event are read once per process (three statements per batch), not once per subscriber; each subscriber
 * then applies the visibility rule to them in memory. Entries go when the event object does (WeakMap).
 */
const memo = new WeakMap<ChangeEvent, Promise<ChangeFacts>>();
const readers = new WeakMap<DataSource, { petitions: RowReader<PetitionEntity>; access: RowReader<PetitionAccessEntity>; referrals: RowReader<ReferralEntity> }>();

function readersOf(db: DataSource) {
  let r = readers.get(db);
  if (!r) readers.set(db, (r = { petitions: new RowReader(db, PetitionEntity), access: new RowReader(db, PetitionAccessEntity), referrals: new RowReader(db, ReferralEntity) }));
  return r;
}

/** The facts of each event, reading those not yet read in one batch. */
export function changeFacts(db: DataSource, events: readonly ChangeEvent[]): Promise<ChangeFacts[]> {
  const missing = events.filter((e) => !memo.has(e));
  if (missing.length) {
    const loaded = load(db, missing);
    for (const e of missing) memo.set(e, loaded.then((m) => m.get(e)!));
  }
  return Promise.all(events.map((e) => memo.get(e)!));
}

async function load(db: DataSource, events: readonly ChangeEvent[]): Promise<Map<ChangeEvent, ChangeFacts>> {
  const r = readersOf(db);
  const referralIds = [...new Set(events.map((e) => e.referralId).filter((id): id is number => id !== null))];
  const referrals = new Map((await r.referrals.byIds("id", referralIds)).map((x) => [x.id, x]));
  const petitionOf = (e: ChangeEvent) => (e.aggregateType === "referral" ? (e.referralId !== null ? (referrals.get(e.referralId)?.petitionId ?? null) : null) : e.petitionId);
  const petitionIds = [...new Set(events.map(petitionOf).filter((id): id is number => id !== null))];
  const [petitions, access] = await Promise.all([r.petitions.byIds("id", petitionIds), r.access.byIds("petitionId", petitionIds, "orgId")]);
  const byId = new Map(petitions.map((p) => [p.id, p]));
  const grants = new Map<number, PetitionAccessEntity[]>();
  for (const a of access) grants.set(a.petitionId, [...(grants.get(a.petitionId) ?? []), a]);
  return new Map(
    events.map((e) => {
      const pid = petitionOf(e);
      return [e, { petition: pid !== null ? (byId.get(pid) ?? null) : null, access: pid !== null ? (grants.get(pid) ?? []) : [], referral: e.referralId !== null ? (referrals.get(e.referralId) ?? null) : null }];
    }),
  );
}
