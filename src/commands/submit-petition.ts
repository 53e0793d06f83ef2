import { randomBytes, randomUUID } from "node:crypto";
import { EntityManager, In } from "typeorm";
import { BadInputError } from "../domain/errors";
import { transition } from "../domain/lifecycle/transition";
import { PetitionState } from "../domain/petition-terms";
import { MatterEntity, OrganizationEntity, PetitionEntity, PetitionGroupEntity, PetitionerEntity } from "../db/entities";
import { bottomLineSettings, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";
import { parseInput, submitPetitionInput, SubmitPetitionInput } from "./petition-input";
import { createReferralsForPetition } from "./create-referrals";
import { applyTransition, persistTransitionRecords } from "./persist-transition";
import { PendingWrites } from "./pending-writes";
import { factsFingerprint, requestDigest } from "./matter-fingerprint";
import { sealPetitioner } from "../db/petitioner-pii";
import { insertRow, insertRows } from "../db/insert-rows";
import { assertOperationAllowed } from "../domain/access/policy";
import { checkGroupVisit } from "./check-group-visit";
import { QUERY_CODE_FIELD, queryCodeFrom } from "../domain/citizen/query-code";
import { openFastTrackIfCityVisit } from "./open-city-visit-fast-track";

/**
 * Registers a new petition item (Arts. 17, 22): never refused, whatever earlier items say. It opens a matter of its
 * own; earlier items on the same matter are suggested afterwards (matterSuggestions) and linked only when a person
 * confirms (link-petition-to-matter.ts). Records petitioners, opens the forwarding clock, grants the locality and
 * registering unit access, and writes the events — one transaction.
 */
export async function submitPetition(deps: HubDeps, ctx: CommandContext, raw: SubmitPetitionInput): Promise<PetitionEntity> {
  return (await submitPetitionWithCode(deps, ctx, raw)).petition;
}

/**
 * submitPetition, also returning the query code (查询码) issued with it: the only time the code exists in clear. The
 * caller shows it to the registrar once (for the petitioner's receipt) and keeps it nowhere.
 */
export function submitPetitionWithCode(deps: HubDeps, ctx: CommandContext, raw: SubmitPetitionInput): Promise<{ petition: PetitionEntity; queryCode: string }> {
  return inTransaction(deps, (em) => registerIn(em, deps, ctx, raw));
}

/** submitPetition inside the caller's transaction (used when registration is part of a larger command). */
export async function submitPetitionIn(em: EntityManager, deps: HubDeps, ctx: CommandContext, raw: SubmitPetitionInput): Promise<PetitionEntity> {
  return (await registerIn(em, deps, ctx, raw)).petition;
}

async function registerIn(em: EntityManager, deps: HubDeps, ctx: CommandContext, raw: SubmitPetitionInput): Promise<{ petition: PetitionEntity; queryCode: string }> {
  const p = ctx.principal;
  assertOperationAllowed(p, "Mutation.submitPetition");
  const input = parseInput(submitPetitionInput, raw);
  const now = nowOf(ctx);
  const receivedAt = input.receivedAt ?? now;
  assertDateInputs(deps, now, [{ path: "receivedAt", value: receivedAt, kind: "past" }]);
  const { locality, accused } = await requireOrgs(em, input.localityOrgId, input.accusedOrgId ?? null);
  const queryCode = queryCodeFrom(randomBytes(16));
  // 首接首办: the registering petition department is the new matter's first receiving unit (same INSERT).
  const matterId = await insertRow(em, MatterEntity, { factsFingerprint: factsFingerprint(deps.pii, input), firstReceivingOrgId: p.orgId, terminatedAt: null, createdAt: now });

  const petition = em.create(PetitionEntity, {
    number: `TMP-${randomUUID().slice(0, 24)}`, // replaced by the real number once the id is known
    matterId,
    matterLink: "OWN",
    requestDigest: requestDigest(input.request),
    state: PetitionState.RECEIVED,
    channel: input.channel,
    category: input.category,
    localityOrgId: input.localityOrgId,
    accusedOrgId: input.accusedOrgId ?? null,
    handlerOrgId: null,
    registeringOrgId: p.orgId,
    summary: input.summary,
    request: input.request,
    headcount: input.headcount,
    specialGroups: [...new Set(input.specialGroups)].sort().join(","),
    // The same bound as bottom line 1's group pre-alert (BOTTOM_LINE_GROUP_MIN, default 5: 集体访 is 5 people or more).
    groupVisit: input.headcount >= bottomLineSettings(deps).groupMin,
    levelSkipping: input.levelSkipping,
    threat: input.threat,
    anonymous: input.anonymous,
    urgent: input.urgent,
    extended: false,
    hearingReturnState: null,
    hearingStartedAt: null,
    decidedAt: null,
    deliveredAt: null,
    receivedAt,
    registeredAt: null,
    updatedAt: now,
    queryCodeDigest: deps.pii.keyedDigest([QUERY_CODE_FIELD, queryCode]),
  });
  // Registered at once: the REGISTER move is decided before the row exists, so the row is written once, already
  // moved (its history, clocks and events are written below as for any move).
  const registered = input.register
    ? transition({ state: PetitionState.RECEIVED, category: input.category, extended: false, hearingReturnState: null, hearingStartedAt: null, openDeadlines: [] }, { type: "REGISTER" }, receivedAt, deps.calc)
    : null;
  const previousHandlerOrgId = registered ? applyTransition(petition, registered, now) : null;
  if (registered) petition.registeredAt = now;
  petition.id = await insertRow(em, PetitionEntity, petition);
  petition.version = 1;
  petition.number = `XF${deps.calc.calendar.localDate(receivedAt).replace(/-/g, "")}-${String(petition.id).padStart(6, "0")}`;
  await em.update(PetitionEntity, petition.id, { number: petition.number });

  if (input.petitioners.length)
    await insertRows(
      em,
      PetitionerEntity,
      input.petitioners.map(({ idNumber, phone, ...x }) => ({ ...x, ...sealPetitioner(deps.pii, { idNumber, phone }), address: x.address ?? null, petitionId: petition.id })),
    );
  const groups = [...new Set(input.specialGroups)];
  await insertRows(em, PetitionGroupEntity, groups.map((group) => ({ petitionId: petition.id, group })));
  const writes = new PendingWrites();
  writes.grant(petition.id, [
    { orgId: input.localityOrgId, reason: "LOCALITY" },
    { orgId: p.orgId, reason: "REGISTERING" },
  ]);
  const meta = { actor: p.subject, requestId: ctx.requestId, at: now };
  writes.append([{ aggregateType: "petition", aggregateId: petition.id, meta, event: { type: "petition.received", data: { number: petition.number, matterId, category: input.category, channel: input.channel, specialGroups: groups, localityOrgId: input.localityOrgId } } }]);

  if (registered) {
    await persistTransitionRecords(em, deps, ctx, petition, "REGISTER", registered, { reason: null, details: null, onBehalfOfOrgId: null, openDeadlineRows: [] }, previousHandlerOrgId, writes);
    await createReferralsForPetition(em, deps, ctx, petition, { locality, accused, writes });
  }
  await openFastTrackIfCityVisit(em, deps, p, petition, locality, now, writes); // issue 9 item 3: city visits only
  await writes.flush(em);
  await checkGroupVisit(em, deps, petition, meta); // issue 9 item 4: bottom line 1 (large-scale group petition)
  return { petition, queryCode };
}

/** The locality and accused organisations, in one statement; an unknown id is bad input. */
async function requireOrgs(em: EntityManager, localityOrgId: number, accusedOrgId: number | null) {
  const found = await em.findBy(OrganizationEntity, { id: In(accusedOrgId === null ? [localityOrgId] : [localityOrgId, accusedOrgId]) });
  const locality = found.find((o) => o.id === localityOrgId);
  const accused = accusedOrgId === null ? null : found.find((o) => o.id === accusedOrgId);
  if (!locality || accused === undefined) throw new BadInputError("unknown organisation", [{ path: "localityOrgId", message: "no such organisation" }]);
  return { locality, accused };
}
