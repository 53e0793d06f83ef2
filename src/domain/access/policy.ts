import { ForbiddenError, UnauthenticatedError } from "../errors";
import { OrgKind, OrgLevel, Role } from "../petition-terms";
import { Principal } from "./principal";

/**
 * The kinds of caller the policy distinguishes. A machine client of a partner system is a PARTNER_AGENCY or
 * SPECIAL_UNIT principal with the AGENCY_SYSTEM role; the hub's own workers are SYSTEM.
 */
export type PrincipalKind = "CITY_BUREAU" | "COUNTY_OFFICE" | "GOVERNMENT" | "DEPARTMENT" | "PARTNER_AGENCY" | "SPECIAL_UNIT" | "OTHER";

/** Which kind of caller a principal is, from its organisation. */
export function principalKind(p: Principal): PrincipalKind {
  switch (p.orgKind) {
    case OrgKind.PETITION_BUREAU:
      return p.orgLevel === OrgLevel.CITY ? "CITY_BUREAU" : "OTHER";
    case OrgKind.PETITION_OFFICE:
      return p.orgLevel === OrgLevel.COUNTY ? "COUNTY_OFFICE" : "OTHER";
    case OrgKind.GOVERNMENT:
      return "GOVERNMENT";
    case OrgKind.DEPARTMENT:
      return "DEPARTMENT";
    case OrgKind.PARTNER_AGENCY:
      return "PARTNER_AGENCY";
    case OrgKind.SPECIAL_UNIT:
      return "SPECIAL_UNIT";
  }
}

/**
 * What the command or query behind an operation still checks against the resource itself, after the caller passed
 * the operation rule. Each names one domain function, so the table says where the second half of the decision is:
 * - `PETITION_VISIBLE`: `canSeePetition` (visibility.ts); invisible and missing are both NOT_FOUND.
 * - `PETITION_ACTOR`: visible, then `assertMayPerform` (lifecycle-permissions.ts): FORBIDDEN for the wrong party.
 * - `REFERRAL_PARTY`: `canSeeReferral` then `assertMayActOnReferral` (referrals/referral-permissions.ts).
 * - `ROUTING_TARGET`: the target organisation must not be the accused unit or under it (`mayReceiveAccusation`).
 * - `LEDGER_VISIBLE`: `canSeeLedgerEntry` (early-warning/ledger-visibility.ts); invisible and missing are both NOT_FOUND.
 * - `ALERT_OWNER`: `canSeeAlert` (alerts/alert-visibility.ts): the owning organisation or the city bureau.
 * - `ACCOUNTABILITY_REVIEWER`: `canSeeAccountabilityCandidate` (accountability/accountability-visibility.ts): the
 *   city bureau, or the responsible unit's supervisor that reviews the candidate; never the responsible unit itself.
 * - `ACCIDENT_VISIBLE`: `canSeeAccidentCase` (accidents/accident-visibility.ts): the locality's petition office and the
 *   city bureau; invisible and missing are both NOT_FOUND.
 * - `BOTTOM_LINE_LOCALITY`: `canSeeBottomLine` (bottom-lines/bottom-line-visibility.ts): the city bureau all, a county
 *   office its own locality, everyone else nothing; a record for another locality is FORBIDDEN, a linked item unseen NOT_FOUND.
 * - `MATTER_OWNER`: the item is visible, then visit-once/matter-owner.ts: a reassignment of the first receiving unit
 *   is asked by the owner or a higher level and decided only by a higher level (the owner's supervisor or the city
 *   bureau), never by the requester; a request that does not concern the caller is NOT_FOUND.
 * - `CITY_VISIT_LOCALITY`: `canSeeCityVisitRecord` (city-visit/city-visit-visibility.ts): the city bureau all, a petition
 *   office its own locality's 市控 entries and letters (a special unit its own); only the recipient answers a letter
 *   (`mayRespondToLetter`).
 * - `NONE`: the operation rule is the whole decision (reference data, bureau-only operations).
 */
export type ResourceCheck = "PETITION_VISIBLE" | "PETITION_ACTOR" | "REFERRAL_PARTY" | "ROUTING_TARGET" | "LEDGER_VISIBLE" | "ALERT_OWNER" | "ACCOUNTABILITY_REVIEWER" | "ACCIDENT_VISIBLE" | "BOTTOM_LINE_LOCALITY" | "MATTER_OWNER" | "CITY_VISIT_LOCALITY" | "NONE";

/** One row of the policy: who may call an operation at all, and what is checked on the resource afterwards. */
export interface OperationRule {
  /** `PUBLIC` needs no caller; otherwise the caller's kind must be listed (`ANY` = every authenticated kind). */
  kinds: "PUBLIC" | "ANY" | readonly PrincipalKind[];
  /** When given, the caller needs one of these roles. */
  roles?: readonly Role[];
  resource: readonly ResourceCheck[];
  /** Why the rule is what it is (shown in docs/security.md and the policy test's failures). */
  why: string;
}

const ALL_KINDS = "ANY" as const;
const PETITION_DEPTS: readonly PrincipalKind[] = ["CITY_BUREAU", "COUNTY_OFFICE"];
const ACTING: readonly Role[] = [Role.REGISTRAR, Role.CASE_OFFICER, Role.HANDLER];
/** Everyone who may act on a petition as registrar, handler, reviewer or on the bureau's behalf. */
const MOVERS: readonly PrincipalKind[] = ["CITY_BUREAU", "COUNTY_OFFICE", "GOVERNMENT", "DEPARTMENT", "PARTNER_AGENCY", "SPECIAL_UNIT"];
const PARTNERS: readonly PrincipalKind[] = ["PARTNER_AGENCY", "SPECIAL_UNIT"];

const move = (why: string, ...extra: ResourceCheck[]): OperationRule => ({ kinds: MOVERS, roles: ACTING, resource: ["PETITION_ACTOR", ...extra], why });
const bureau = (roles: readonly Role[], why: string): OperationRule => ({ kinds: ["CITY_BUREAU"], roles, resource: ["NONE"], why });

/**
 * THE authorization policy: every root field of the schema (queries, mutations, subscriptions, federation entry
 * points) has exactly one row, keyed `Type.field`. Deny by default: a field without a row is refused at run time
 * (`assertOperationAllowed`) and fails the schema-walking test. Commands then apply the row's resource checks.
 */
export const POLICY: Readonly<Record<string, OperationRule>> = {
  // Reads of petition data: the list and the item are filtered by visibility, then projected per caller.
  "Query.petition": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE"], why: "deny by default: only organisations with an access reason see a petition" },
  "Query.petitions": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE"], why: "the SQL visibility filter is the same rule as canSeePetition" },
  "Query.myPetitionActions": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE"], why: "a party, current or former, reads its own recorded actions only" },
  "Query.referral": { kinds: ALL_KINDS, resource: ["REFERRAL_PARTY"], why: "an agency sees its own referrals, the city bureau all" },
  "Query.referrals": { kinds: ALL_KINDS, resource: ["REFERRAL_PARTY"], why: "an agency sees its own referrals, the city bureau all" },
  "Query.organizations": { kinds: ALL_KINDS, resource: ["NONE"], why: "organisations are public reference data of the linkage" },
  "Query.organization": { kinds: ALL_KINDS, resource: ["NONE"], why: "organisations are public reference data of the linkage" },
  "Query.me": { kinds: ALL_KINDS, resource: ["NONE"], why: "the caller's own organisation" },
  "Query.agencyBacklog": bureau([Role.OPERATOR, Role.CASE_OFFICER, Role.LEADER], "cross-agency workload is the bureau's supervision view"),
  "Query.dashboard": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE", "REFERRAL_PARTY", "ALERT_OWNER", "ACCIDENT_VISIBLE", "BOTTOM_LINE_LOCALITY", "CITY_VISIT_LOCALITY", "LEDGER_VISIBLE"], why: "the command screen counts only what the caller could list itself (petitions' visibility, its own referrals, the alerts it owns)" },
  "Subscription.dashboard": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE", "REFERRAL_PARTY", "ALERT_OWNER", "ACCIDENT_VISIBLE", "BOTTOM_LINE_LOCALITY", "CITY_VISIT_LOCALITY", "LEDGER_VISIBLE"], why: "the same figures as Query.dashboard, pushed when they change, computed per scope (one organisation, or the bureau's all)" },
  "Query.failedDeliveries": bureau([Role.OPERATOR], "queue internals are for the bureau's operators"),
  "Query.deadLetters": bureau([Role.OPERATOR], "the delivery dead-letter list is for the bureau's operators"),
  "Query._service": { kinds: "PUBLIC", resource: ["NONE"], why: "gateways compose the SDL without a caller; the schema is not data" },
  "Query._entities": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE", "REFERRAL_PARTY"], why: "entity resolution applies the same visibility as the queries" },

  // Registration: petition departments only (Art. 17: 信访工作机构 register).
  "Mutation.submitPetition": { kinds: PETITION_DEPTS, roles: [Role.REGISTRAR, Role.CASE_OFFICER], resource: ["NONE"], why: "registration is the petition departments' duty (Arts. 17, 22)" },
  "Mutation.registerPetition": move("registration of a received item", "PETITION_VISIBLE"),
  "Mutation.startRouting": move("the petition department routes"),
  "Mutation.forwardPetition": move("转送 by the petition department; never to the accused", "ROUTING_TARGET"),
  "Mutation.assignPetition": move("交办 by the petition department; never to the accused", "ROUTING_TARGET"),
  "Mutation.receivePetition": move("the handler acknowledges its own receipt (Art. 23)"),
  "Mutation.objectToPetition": move("the handler objects (Art. 23)"),
  "Mutation.reroutePetition": move("the petition department re-routes after an objection"),
  "Mutation.acceptPetition": move("the handler accepts (Art. 23)"),
  "Mutation.notAcceptPetition": move("the handler does not accept"),
  "Mutation.divertPetition": move("the handler diverts to a statutory route (Art. 31)"),
  "Mutation.startHandling": move("the handler handles"),
  "Mutation.extendHandling": move("the handler extends once (Art. 34)"),
  "Mutation.startHearing": move("the handler or the 复核 organ holds a hearing"),
  "Mutation.endHearing": move("the handler or the 复核 organ ends the hearing"),
  "Mutation.mediatePetition": move("the handler records a mediation agreement"),
  "Mutation.answerPetition": move("the handler answers in writing (Art. 32)"),
  "Mutation.evaluateAnswer": move("a petition department records the petitioner's evaluation or its return visit; never the handler rated"),
  "Mutation.recordDelivery": move("the organ that issued the answer or opinion records its service; the bureau may record it on its behalf"),
  "Mutation.requestReview": move("the petitioner's 复查 request, recorded by a petition department or the reviewer"),
  "Mutation.issueReview": move("the reviewing organ (level above the handler, Art. 35)"),
  "Mutation.requestSecondReview": move("the petitioner's 复核 request"),
  "Mutation.issueSecondReview": move("the 复核 organ (level above the reviewer, Art. 36)"),
  "Mutation.terminatePetition": move("the city bureau records termination (Art. 36)"),

  // Matters (Arts. 22, 36): petition departments link items they can both see; anyone reads the items they can see.
  "Query.matterSuggestions": { kinds: PETITION_DEPTS, roles: [Role.REGISTRAR, Role.CASE_OFFICER], resource: ["PETITION_VISIBLE"], why: "the registrar decides links; suggestions list only items the caller can see" },
  "Query.matterItems": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE"], why: "a matter's items, each only if the caller can see it" },
  "Mutation.linkPetitionToMatter": { kinds: PETITION_DEPTS, roles: [Role.REGISTRAR, Role.CASE_OFFICER], resource: ["PETITION_VISIBLE"], why: "a petition department confirms a link between two items it can both see (Art. 36 bars only confirmed links)" },
  "Mutation.unlinkPetitionFromMatter": { kinds: PETITION_DEPTS, roles: [Role.REGISTRAR, Role.CASE_OFFICER], resource: ["PETITION_VISIBLE"], why: "a petition department takes a wrongly linked item off its matter" },
  "Mutation.rejectMatterSuggestion": { kinds: PETITION_DEPTS, roles: [Role.REGISTRAR, Role.CASE_OFFICER], resource: ["PETITION_VISIBLE"], why: "a petition department rejects a suggested link between two items it can both see" },

  // Joint handling with partner agencies and special units.
  "Mutation.acknowledgeReferral": { kinds: ["PARTNER_AGENCY", "SPECIAL_UNIT", "CITY_BUREAU"], roles: [Role.AGENCY_SYSTEM, Role.HANDLER, Role.CASE_OFFICER], resource: ["REFERRAL_PARTY"], why: "the receiving agency signs for its own referral; the bureau may record it for them" },
  "Mutation.respondToReferral": { kinds: ["PARTNER_AGENCY", "SPECIAL_UNIT", "CITY_BUREAU"], roles: [Role.AGENCY_SYSTEM, Role.HANDLER, Role.CASE_OFFICER], resource: ["REFERRAL_PARTY"], why: "the receiving agency answers its own referral" },
  "Mutation.returnReferral": { kinds: ["PARTNER_AGENCY", "SPECIAL_UNIT", "CITY_BUREAU"], roles: [Role.AGENCY_SYSTEM, Role.HANDLER, Role.CASE_OFFICER], resource: ["REFERRAL_PARTY"], why: "the receiving agency returns its own referral" },
  "Mutation.closeReferral": bureau([Role.CASE_OFFICER], "the bureau closes an answered referral"),
  "Mutation.raiseReferral": { kinds: PARTNERS, roles: [Role.AGENCY_SYSTEM, Role.HANDLER], resource: ["NONE"], why: "an agency raises a case towards the city bureau" },
  "Mutation.registerRaisedReferral": bureau([Role.REGISTRAR, Role.CASE_OFFICER], "raised cases are addressed to the city bureau; no county office may take them up"),

  // The change stream (issue 8): every event filtered by the same visibility and projections as the queries above.
  "Query.changes": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE", "REFERRAL_PARTY"], why: "the updated-since feed: each event only if the caller could query its petition or referral" },
  "Subscription.changes": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE", "REFERRAL_PARTY"], why: "the live feed applies the changes query's filter to every event; expiry or revocation ends it" },

  // Issue 9: the citizen's view and the partners' "already in procedure" question.
  "Query.citizenProgress": { kinds: "PUBLIC", resource: ["NONE"], why: "a petitioner has no account: the query code is the credential; the answer is steps and dates only, wrong codes are rate-limited, every lookup audited" },
  "Mutation.reissueQueryCode": { kinds: PETITION_DEPTS, roles: [Role.REGISTRAR, Role.CASE_OFFICER], resource: ["PETITION_VISIBLE"], why: "a petition department that can see the item gives the petitioner a new code (lost receipt, raised case); audited" },
  "Query.alreadyInProcedure": { kinds: MOVERS, roles: [Role.AGENCY_SYSTEM], resource: ["NONE"], why: "partner systems (the 12345 hotline) ask by machine client only; yes/no and a count, never content; every question audited" },
  // Source early warning (issue 9): ledgers are seen and acted on by their locality's petition office and the city bureau.
  "Query.ledgerEntry": { kinds: ALL_KINDS, resource: ["LEDGER_VISIBLE"], why: "a county sees its own locality's ledger, the city bureau all; agencies nothing (intelligence names people before any petition)" },
  "Query.ledgerEntries": { kinds: ALL_KINDS, resource: ["LEDGER_VISIBLE"], why: "the list is filtered by the same rule as ledgerEntry" },
  "Mutation.fileLedgerEntry": { kinds: PETITION_DEPTS, roles: [Role.REGISTRAR, Role.CASE_OFFICER], resource: ["LEDGER_VISIBLE"], why: "a petition office files grid reports for its own locality; the city bureau for any" },
  "Mutation.recordConsultation": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["LEDGER_VISIBLE"], why: "the locality's office (or the bureau) holds the 会商研判 of its own entries" },
  "Query.disputeCase": { kinds: ALL_KINDS, resource: ["LEDGER_VISIBLE"], why: "a mediation or pre-petition case is seen as its ledger entry: a county its own locality's, the city bureau all; agencies nothing" },
  "Query.disputeCases": { kinds: ALL_KINDS, resource: ["LEDGER_VISIBLE"], why: "the list is filtered by the same rule as disputeCase" },
  "Mutation.closeDisputeCase": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["LEDGER_VISIBLE"], why: "the locality's office (or the bureau) closes its own cases; a named petition must be one it sees" },
  "Query.alerts": { kinds: ALL_KINDS, resource: ["ALERT_OWNER"], why: "an organisation sees the alerts it owns; the city bureau supervises all" },
  "Mutation.acknowledgeAlert": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["ALERT_OWNER"], why: "the owning office signs for its alert; the bureau may for any" },
  "Mutation.closeAlert": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["ALERT_OWNER"], why: "the owning office closes its alert with a note; the bureau may for any" },
  "Query.accountabilityCandidates": { kinds: [...PETITION_DEPTS, "GOVERNMENT"], roles: [Role.CASE_OFFICER, Role.LEADER, Role.INSPECTOR], resource: ["ACCOUNTABILITY_REVIEWER"], why: "a candidate is read by whoever reviews the responsible unit (its supervisor; the city bureau all), never by the unit itself" },
  // Accidental death or injury (issue 9 item 5): the locality's petition office and the city bureau, as for ledgers.
  "Query.accidentCase": { kinds: ALL_KINDS, resource: ["ACCIDENT_VISIBLE"], why: "a county sees its own locality's accident cases, the city bureau all; agencies nothing (families are named before any petition)" },
  "Query.accidentCases": { kinds: ALL_KINDS, resource: ["ACCIDENT_VISIBLE"], why: "the list is filtered by the same rule as accidentCase" },
  "Mutation.openAccidentCase": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["ACCIDENT_VISIBLE"], why: "the locality's petition office opens its own cases; the city bureau any" },
  "Mutation.formAccidentTeam": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["ACCIDENT_VISIBLE"], why: "the locality's office (or the bureau) records its working team (工作专班)" },
  "Mutation.recordAccidentConsultation": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["ACCIDENT_VISIBLE"], why: "the locality's office (or the bureau) records its risk consultation (风险研判)" },
  "Mutation.startAccidentOpinionWatch": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["ACCIDENT_VISIBLE"], why: "the locality's office (or the bureau) records its public-opinion watch (舆情监测)" },
  "Mutation.closeAccidentCase": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["ACCIDENT_VISIBLE"], why: "the locality's office (or the bureau) closes a case on an agreement or a legal route" },
  // Visit at most once (issue 9 item 2): the first receiving unit owns the matter; a higher level approves a move.
  "Query.matter": { kinds: ALL_KINDS, resource: ["PETITION_VISIBLE"], why: "an item's matter and its first receiving unit, for whoever can see the item; reassignment reasons for petition departments only" },
  "Query.oneVisitRate": { kinds: [...PETITION_DEPTS, "GOVERNMENT"], resource: ["PETITION_VISIBLE"], why: "the one-visit indicator counts only matters whose first item the caller can see; petition departments and governments read it" },
  "Mutation.requestMatterReassignment": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["PETITION_VISIBLE", "MATTER_OWNER"], why: "the owning petition department (or a higher level) asks, with an audited reason, to move the first receiving unit" },
  "Mutation.approveMatterReassignment": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["MATTER_OWNER"], why: "only the owner's supervisor or the city bureau approves, never the requester or the owner itself" },
  "Mutation.refuseMatterReassignment": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["MATTER_OWNER"], why: "only the owner's supervisor or the city bureau refuses, never the requester or the owner itself" },
  // City visits (issue 9 item 3): the city bureau supervises the locality through the 市控 list and its letters.
  "Query.cityControlList": { kinds: ALL_KINDS, resource: ["CITY_VISIT_LOCALITY"], why: "the city bureau sees every 市控 entry, a county office its own locality's; agencies and departments nothing" },
  "Query.cityVisitLetters": { kinds: ALL_KINDS, resource: ["CITY_VISIT_LOCALITY"], why: "letters are read by their issuer (the city bureau) and their recipient locality only" },
  "Mutation.respondToCityVisitLetter": { kinds: ["COUNTY_OFFICE", "SPECIAL_UNIT"], roles: [Role.CASE_OFFICER, Role.LEADER, Role.HANDLER], resource: ["CITY_VISIT_LOCALITY"], why: "only the recipient locality (its petition office, or the special unit for its area) answers its letter; the bureau cannot answer for it" },
  "Mutation.rejectNotOwnDeclaration": bureau([Role.CASE_OFFICER, Role.LEADER], "the issuing city bureau judges a 'not our matter' declaration (推诿 → accountability candidate)"),
  "Mutation.delistCityControl": bureau([Role.CASE_OFFICER, Role.LEADER], "the 市控 list is the city bureau's: only it delists, with a reason"),
  "Mutation.setCityVisitResolutionDeadline": bureau([Role.CASE_OFFICER, Role.LEADER], "the city bureau sets and supervises the resolution deadline; each change audited"),
  "Mutation.setCityControlResponsiblePerson": bureau([Role.CASE_OFFICER, Role.LEADER], "the 市控 list is the city bureau's: it records the responsible person the locality names"),
  "Mutation.reviewCityControlEntry": bureau([Role.CASE_OFFICER, Role.LEADER], "the city bureau reviews its 市控 list: keeps an entry with the next review date (audited) or delists it"),

  // The four bottom lines (issue 9 item 4): stability reporting is the petition departments' business, never an agency's.
  "Query.bottomLineBreaches": { kinds: ALL_KINDS, resource: ["BOTTOM_LINE_LOCALITY"], why: "a county sees its own locality's breaches and their report chains, the city bureau all; agencies nothing" },
  "Query.bottomLineStatus": { kinds: PETITION_DEPTS, resource: ["BOTTOM_LINE_LOCALITY"], why: "days since the last breach: the city's figure and each locality the caller sees (a county: its own)" },
  "Mutation.reportHigherLevelGroupPetition": bureau([Role.CASE_OFFICER, Role.LEADER], "the city bureau learns of group petitions at the province or in Beijing (the provincial feed, the liaison office) and records them"),
  "Mutation.recordPublicOpinionPost": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["BOTTOM_LINE_LOCALITY", "PETITION_VISIBLE"], why: "public-opinion monitoring of a locality (its office, or the bureau) links a post to an item it can see" },
  "Mutation.flagKeyPerson": { kinds: PETITION_DEPTS, roles: [Role.CASE_OFFICER, Role.LEADER], resource: ["PETITION_VISIBLE", "BOTTOM_LINE_LOCALITY"], why: "the city bureau, or the county office of the petition's locality, marks key persons (a pre-alert of lines 2/3)" },
  "Mutation.recordUrgentReport": bureau([Role.CASE_OFFICER, Role.LEADER], "the city bureau owes the Art. 25 reports and records when it made each"),
  // Configuration and operations.
  "Mutation.setOrganizationLevelAbove": bureau([Role.OPERATOR], "the review chain is the bureau's configuration"),
  "Mutation.replayFailedDelivery": bureau([Role.OPERATOR], "queue operations are for the bureau's operators"),
  "Mutation.replayDeadLetters": bureau([Role.OPERATOR], "replaying deliveries by time range is a queue operation of the bureau's operators; audited"),
  "Query.auditTrail": bureau([Role.AUDITOR], "the audit log is read by the city bureau's auditors only (MLPS 2.0 level 3); each read is audited"),

  // Machine clients (OAuth client credentials) of partner systems: the bureau administrator only.
  "Query.machineClients": bureau([Role.OPERATOR], "the client registry is the bureau administrator's"),
  "Mutation.createMachineClient": bureau([Role.OPERATOR], "only the bureau administrator registers partner systems' clients"),
  "Mutation.rotateMachineClientSecret": bureau([Role.OPERATOR], "only the bureau administrator rotates client secrets"),
  "Mutation.revokeMachineClient": bureau([Role.OPERATOR], "only the bureau administrator revokes clients"),
};

/**
 * The operation half of every decision: UNAUTHENTICATED without a caller (unless public), FORBIDDEN when the caller's
 * kind or roles are not in the row, and FORBIDDEN for an operation the policy does not know (deny by default).
 */
export function assertOperationAllowed(p: Principal | null, operation: string): void {
  const rule = POLICY[operation];
  if (!rule) throw new ForbiddenError(`${operation} has no authorization policy`);
  if (rule.kinds === "PUBLIC") return;
  if (!p) throw new UnauthenticatedError();
  if (rule.kinds !== "ANY" && !rule.kinds.includes(principalKind(p))) throw new ForbiddenError(`${operation} is not open to ${p.orgCode}`);
  if (rule.roles && !rule.roles.some((r) => p.roles.includes(r))) throw new ForbiddenError(`${operation} requires role ${rule.roles.join(" or ")}`);
}
