import { randomUUID } from "node:crypto";
import { EntityManager } from "typeorm";
import { BadInputError } from "../domain/errors";
import { transition } from "../domain/lifecycle/transition";
import { GROUP_VISIT_THRESHOLD, PetitionState } from "../domain/petition-terms";
import { MatterEntity, OrganizationEntity, PetitionAccessEntity, PetitionEntity, PetitionGroupEntity, PetitionerEntity } from "../db/entities";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";
import { parseInput, submitPetitionInput, SubmitPetitionInput } from "./petition-input";
import { createReferralsForPetition } from "./create-referrals";
import { persistTransition } from "./persist-transition";
import { factsFingerprint, requestDigest } from "./matter-fingerprint";
import { sealPetitioner } from "../db/petitioner-pii";
import { assertOperationAllowed } from "../domain/access/policy";

/**
 * Registers a new petition item (Arts. 17, 22): never refused, whatever earlier items say. It opens a matter of its
 * own; earlier items on the same matter are suggested afterwards (matterSuggestions) and linked only when a person
 * confirms (link-petition-to-matter.ts). Records petitioners, opens the forwarding clock, grants the locality and
 * registering unit access, and writes the events — one transaction.
 */
export function submitPetition(deps: HubDeps, ctx: CommandContext, raw: SubmitPetitionInput): Promise<PetitionEntity> {
  return inTransaction(deps, (em) => submitPetitionIn(em, deps, ctx, raw));
}

/** submitPetition inside the caller's transaction (used when registration is part of a larger command). */
export async function submitPetitionIn(em: EntityManager, deps: HubDeps, ctx: CommandContext, raw: SubmitPetitionInput): Promise<PetitionEntity> {
  const p = ctx.principal;
  assertOperationAllowed(p, "Mutation.submitPetition");
  const input = parseInput(submitPetitionInput, raw);
  const now = nowOf(ctx);
  const receivedAt = input.receivedAt ?? now;
  assertDateInputs(deps, now, [{ path: "receivedAt", value: receivedAt, kind: "past" }]);
  await requireOrgs(em, [input.localityOrgId, ...(input.accusedOrgId ? [input.accusedOrgId] : [])]);
  const matter = await em.save(em.create(MatterEntity, { factsFingerprint: factsFingerprint(deps.pii, input), terminatedAt: null, createdAt: now }));

  const petition = await em.save(
    em.create(PetitionEntity, {
      number: `TMP-${randomUUID().slice(0, 24)}`, // replaced by the real number once the id is known
      matterId: matter.id,
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
      groupVisit: input.headcount > GROUP_VISIT_THRESHOLD,
      levelSkipping: input.levelSkipping,
      threat: input.threat,
      anonymous: input.anonymous,
      urgent: input.urgent,
      extended: false,
      hearingReturnState: null,
      hearingStartedAt: null,
      receivedAt,
      registeredAt: null,
      updatedAt: now,
    }),
  );
  petition.number = `XF${deps.calc.calendar.localDate(receivedAt).replace(/-/g, "")}-${String(petition.id).padStart(6, "0")}`;
  await em.update(PetitionEntity, petition.id, { number: petition.number });

  if (input.petitioners.length)
    await em.insert(
      PetitionerEntity,
      input.petitioners.map(({ idNumber, phone, ...x }) => ({ ...x, ...sealPetitioner(deps.pii, { idNumber, phone }), address: x.address ?? null, petitionId: petition.id })),
    );
  const groups = [...new Set(input.specialGroups)];
  if (groups.length) await em.insert(PetitionGroupEntity, groups.map((group) => ({ petitionId: petition.id, group })));
  await em.insert(PetitionAccessEntity, dedupeAccess([
    { petitionId: petition.id, orgId: input.localityOrgId, reason: "LOCALITY" },
    { petitionId: petition.id, orgId: p.orgId, reason: "REGISTERING" },
  ]));
  await appendOutbox(em, "petition", petition.id, [{ type: "petition.received", data: { number: petition.number, matterId: matter.id, category: input.category, channel: input.channel, specialGroups: groups, localityOrgId: input.localityOrgId } }], { actor: p.subject, requestId: ctx.requestId, at: now });

  if (input.register) {
    const result = transition({ state: PetitionState.RECEIVED, category: input.category, extended: false, hearingReturnState: null, hearingStartedAt: null, openDeadlines: [] }, { type: "REGISTER" }, receivedAt, deps.calc);
    await persistTransition(em, deps, ctx, petition, "REGISTER", result, { reason: null, details: null, onBehalfOfOrgId: null, openDeadlineRows: [] });
    petition.registeredAt = now;
    await em.update(PetitionEntity, petition.id, { registeredAt: now });
    await createReferralsForPetition(em, deps, ctx, petition);
  }
  return petition;
}

async function requireOrgs(em: EntityManager, ids: number[]) {
  const found = await em.countBy(OrganizationEntity, ids.map((id) => ({ id })));
  if (found !== new Set(ids).size) throw new BadInputError("unknown organisation", [{ path: "localityOrgId", message: "no such organisation" }]);
}

function dedupeAccess(rows: PetitionAccessEntity[]): PetitionAccessEntity[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(`${r.orgId}:${r.reason}`) && seen.add(`${r.orgId}:${r.reason}`));
}
