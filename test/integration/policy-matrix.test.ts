import { inTransaction } from "../../src/commands/command-context";
import { raiseAccountabilityCandidate } from "../../src/commands/raise-accountability-candidate";
import { AccountabilityCause, AccountabilitySubjectType } from "../../src/domain/accountability/accountability-terms";
import { Role } from "../../src/domain/petition-terms";
import { basicAuth, createClient, tokenRequest } from "../factories/machine-clients";
import { startTestHub, TestHub } from "../factories/test-hub";

// Every operation × every kind of caller, through HTTP, against an expected table written out by hand from the
// rules (shared/domain.md §7, Arts. 22–36): who may call it at all, then who the resource lets through.
//
// The fixture petition P is an appeal-request about a disabled person located in 广饶县, registered by the city
// bureau, forwarded to 住建局 (DY_ZJJ) and not accepted, with its referral R to 残联 (DY_CL). Because P is
// NOT_ACCEPTED, every lifecycle move that passes authorization fails with INVALID_TRANSITION and changes nothing (a
// non-acceptance is not terminated: Art. 36 ends matters, not acceptance decisions),
// so "I" in the table means "allowed" and the cells do not depend on each other. Referral moves are ordered so the
// allowed ones make sense in sequence; closeReferral runs last (it ends 残联's access).
//
// A repeated referral move is a no-op without error (at-least-once callbacks), hence O for 残联's answer after the
// bureau recorded one for it.
// Replays name 残联, which this hub has no connector for: the operator passes the policy and meets NOT_FOUND.
// Matter operations use a second item Q at 广饶 on a matter of its own; unlinking P, the only item of its matter, is
// allowed and then refused by the input (B), and the link of P to Q's matter runs last of them.
// Codes: O = answered without error (queries: the item is in the answer), Z = answered with null / not listed,
// B = BAD_USER_INPUT,
// I = INVALID_TRANSITION, U = UNAUTHENTICATED, F = FORBIDDEN, N = NOT_FOUND.

const CLIENT_CREDENTIALS = "referred agency, client-credentials token (残联)";
const CALLERS: [string, string | null, Role[]][] = [
  ["anonymous", null, []],
  ["bureau registrar", "DY_XFJ", [Role.REGISTRAR]],
  ["bureau case officer", "DY_XFJ", [Role.CASE_OFFICER]],
  ["bureau leader", "DY_XFJ", [Role.LEADER]],
  ["bureau operator", "DY_XFJ", [Role.OPERATOR]],
  ["county office of the locality (广饶)", "GRX_XFJ", [Role.CASE_OFFICER]],
  ["another county office (利津)", "LJX_XFJ", [Role.CASE_OFFICER]],
  ["handling department (住建局)", "DY_ZJJ", [Role.HANDLER]],
  ["another department (教育局)", "DY_JYJ", [Role.HANDLER]],
  ["referred agency, handler (残联)", "DY_CL", [Role.HANDLER]],
  ["referred agency, machine client (残联)", "DY_CL", [Role.AGENCY_SYSTEM]],
  ["another agency, machine client (妇联)", "DY_FL", [Role.AGENCY_SYSTEM]],
  ["another agency, handler (退役军人事务局)", "DY_TYJR", [Role.HANDLER]],
  ["another agency, machine client (人社局)", "DY_RSJ", [Role.AGENCY_SYSTEM]],
  ["special unit, handler (胜利油田)", "SL_YT", [Role.HANDLER]],
  ["special unit, machine client (军马场)", "JMC", [Role.AGENCY_SYSTEM]],
  ["bureau auditor", "DY_XFJ", [Role.AUDITOR]],
  // A real OAuth client-credentials token of a machine client registered for 残联 (not a test-signed token).
  [CLIENT_CREDENTIALS, "DY_CL", [Role.AGENCY_SYSTEM]],
];

//                                  anon REG CASE LDR OPR GRX LJX ZJJ JYJ CLh CLm FL TYJR RSJ YT JMC AUD CC
const EXPECTED: [string, string][] = [
  ["petition",                     "U    O   O    O   O   O   Z   O   Z   O   O   Z   Z   Z   Z   Z   O O"],
  ["petitions",                    "U    O   O    O   O   O   Z   O   Z   O   O   Z   Z   Z   Z   Z   O O"],
  ["entities",                     "U    O   O    O   O   O   Z   O   Z   O   O   Z   Z   Z   Z   Z   O O"],
  ["myPetitionActions",            "U    O   O    O   O   O   N   O   N   O   O   N   N   N   N   N   O O"],
  ["referral",                     "U    O   O    O   O   Z   Z   Z   Z   O   O   Z   Z   Z   Z   Z   O O"],
  ["referrals",                    "U    O   O    O   O   Z   Z   Z   Z   O   O   Z   Z   Z   Z   Z   O O"],
  ["organizations",                "U    O   O    O   O   O   O   O   O   O   O   O   O   O   O   O   O O"],
  ["organization",                 "U    O   O    O   O   O   O   O   O   O   O   O   O   O   O   O   O O"],
  ["me",                           "U    O   O    O   O   O   O   O   O   O   O   O   O   O   O   O   O O"],
  ["service",                      "O    O   O    O   O   O   O   O   O   O   O   O   O   O   O   O   O O"],
  // changes: "present" = an event of P is in the page (P's petition events and R's referral events, same visibility as P).
  ["changes",                      "U    O   O    O   O   O   Z   O   Z   O   O   Z   Z   Z   Z   Z   O O"],
  ["agencyBacklog",                "U    F   O    O   O   F   F   F   F   F   F   F   F   F   F   F   F F"],
  // dashboard: "present" = 残联's backlog is counted; only the bureau and 残联 itself see R (canSeeReferral).
  ["dashboard",                    "U    O   O    O   O   Z   Z   Z   Z   O   O   Z   Z   Z   Z   Z   O O"],
  ["failedDeliveries",             "U    F   F    F   O   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["registerPetition",             "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["startRouting",                 "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["forwardPetition",              "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["assignPetition",               "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["reroutePetition",              "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["receivePetition",              "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["objectToPetition",             "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["acceptPetition",               "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["notAcceptPetition",            "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["divertPetition",               "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["startHandling",                "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["extendHandling",               "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["startHearing",                 "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["endHearing",                   "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["mediatePetition",              "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["answerPetition",               "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["evaluateAnswer",               "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["recordDelivery",               "U    F   I    F   F   F   N   I   N   F   F   F   N   F   N   F   F F"],
  ["requestReview",                "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["issueReview",                  "U    F   I    F   F   F   N   F   N   F   F   F   N   F   N   F   F F"],
  ["requestSecondReview",          "U    I   I    F   F   I   N   F   N   F   F   F   N   F   N   F   F F"],
  ["issueSecondReview",            "U    F   I    F   F   F   N   F   N   F   F   F   N   F   N   F   F F"],
  ["terminatePetition",            "U    I   I    F   F   F   N   F   N   F   F   F   N   F   N   F   F F"],
  ["submitPetition",               "U    O   O    F   F   O   O   F   F   F   F   F   F   F   F   F   F F"],
  ["raiseReferral",                "U    F   F    F   F   F   F   F   F   O   O   O   O   O   O   O   F O"],
  ["registerRaisedReferral",       "U    O   I    F   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["acknowledgeReferral",          "U    F   O    F   F   F   F   F   F   O   O   N   N   N   N   N   F O"],
  ["respondToReferral",            "U    F   O    F   F   F   F   F   F   O   O   N   N   N   N   N   F O"],
  ["returnReferral",               "U    F   I    F   F   F   F   F   F   I   I   N   N   N   N   N   F I"],
  ["setOrganizationLevelAbove",    "U    F   F    F   O   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["replayFailedDelivery",         "U    F   F    F   N   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["auditTrail",                   "U    F   F    F   F   F   F   F   F   F   F   F   F   F   F   F   O   F"],
  ["machineClients",               "U    F   F    F   O   F   F   F   F   F   F   F   F   F   F   F   F   F"],
  ["createMachineClient",          "U    F   F    F   O   F   F   F   F   F   F   F   F   F   F   F   F   F"],
  ["rotateMachineClientSecret",    "U    F   F    F   O   F   F   F   F   F   F   F   F   F   F   F   F   F"],
  ["revokeMachineClient",          "U    F   F    F   O   F   F   F   F   F   F   F   F   F   F   F   F   F"],
  ["deadLetters",                  "U    F   F    F   O   F   F   F   F   F   F   F   F   F   F   F   F   F"],
  ["replayDeadLetters",            "U    F   F    F   N   F   F   F   F   F   F   F   F   F   F   F   F   F"],
  ["matterSuggestions",            "U    O   O    F   F   O   N   F   F   F   F   F   F   F   F   F   F F"],
  ["matterItems",                  "U    O   O    O   O   O   N   O   N   O   O   N   N   N   N   N   O O"],
  ["rejectMatterSuggestion",       "U    O   O    F   F   O   N   F   F   F   F   F   F   F   F   F   F F"],
  ["unlinkPetitionFromMatter",     "U    B   B    F   F   B   N   F   F   F   F   F   F   F   F   F   F F"],
  ["linkPetitionToMatter",         "U    O   O    F   F   O   N   F   F   F   F   F   F   F   F   F   F F"],
  ["closeReferral",                "U    F   O    F   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  // Issue 9: the query code is the credential, whoever holds it (a token changes nothing); partners' systems only ask by ID number.
  ["citizenProgress",              "O    O   O    O   O   O   O   O   O   O   O   O   O   O   O   O   O O"],
  ["citizenProgressWrongCode",     "N    N   N    N   N   N   N   N   N   N   N   N   N   N   N   N   N N"],
  ["alreadyInProcedure",           "U    F   F    F   F   F   F   F   F   F   O   O   F   O   F   O   F O"],
  // Last of the citizen rows: it replaces P's code.
  ["reissueQueryCode",             "U    O   O    F   F   O   N   F   F   F   F   F   F   F   F   F   F F"],
  // Early warning: ledger entry L at 广饶 and alert A owned by 广饶 (raised by escalating another entry there).
  // recordConsultation decides MONITOR, which may be repeated; A is acknowledged, then closed, by the first caller let
  // through, so the later ones meet INVALID_TRANSITION (I). Another county meets NOT_FOUND: it cannot see L or A.
  ["ledgerEntry",                  "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["ledgerEntries",                "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["fileLedgerEntry",              "U    O   O    F   F   O   F   F   F   F   F   F   F   F   F   F   F F"],
  ["recordConsultation",           "U    F   O    O   F   O   N   F   F   F   F   F   F   F   F   F   F F"],
  ["alerts",                       "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["acknowledgeAlert",             "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
  ["closeAlert",                   "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
  // Candidate C is about 广饶's office, so the city bureau reviews it; 广饶 itself passes the rule and sees nothing.
  ["accountabilityCandidates",     "U    F   O    O   F   Z   Z   F   F   F   F   F   F   F   F   F   F F"],
  // Accident case K at 广饶, opened by the bureau. Each duty is done by the first caller let through, then the case is
  // closed on an agreement, so the later ones meet INVALID_TRANSITION (I); another county meets NOT_FOUND, and
  // opening for 广饶 FORBIDDEN.
  ["accidentCase",                 "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["accidentCases",                "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["openAccidentCase",             "U    F   O    O   F   O   F   F   F   F   F   F   F   F   F   F   F F"],
  ["formAccidentTeam",             "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
  ["recordAccidentConsultation",   "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
  ["startAccidentOpinionWatch",    "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
  ["closeAccidentCase",            "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
  // Bottom lines: breach B at 广饶 (a group petition at the province, reported by the bureau) and its first urgent
  // report RPT. Status "present" = 广饶 is among the caller's localities. The bureau's case officer records RPT, so the
  // leader after it meets INVALID_TRANSITION; another county may not record a post for 广饶 (F).
  ["bottomLineBreaches",           "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["bottomLineStatus",             "U    O   O    O   O   O   Z   F   F   F   F   F   F   F   F   F   O F"],
  ["reportHigherLevelGroupPetition", "U  F   O    O   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["recordPublicOpinionPost",      "U    F   O    O   F   O   F   F   F   F   F   F   F   F   F   F   F F"],
  ["recordUrgentReport",           "U    F   O    I   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  // P is at 广饶: the bureau's officer flags it first, so the leader and 广饶 meet INVALID_TRANSITION; 利津 cannot see P.
  ["flagKeyPerson",                "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
  // Visit at most once: matter() reads P's matter (visible as P). W1..W3 are items 广饶 registered, so 广饶 owns their
  // matters and the city bureau (its supervisor) decides. X1 (W1 → 利津) and X2 (W2 → 垦利) were asked by 广饶's setup
  // officer: the first decider let through decides, later ones meet I; 广饶 (the owner) and 利津 (X1's target) meet
  // H = HIGHER_APPROVAL_REQUIRED; 利津 is not concerned by X2 (N). The request on W3 is made once, then P = pending.
  // 残联 no longer sees P here: closeReferral (above) ended its access.
  ["matter",                       "U    O   O    O   O   O   N   O   N   N   N   N   N   N   N   N   O N"],
  ["oneVisitRate",                 "U    O   O    O   O   O   O   F   F   F   F   F   F   F   F   F   O F"],
  ["requestMatterReassignment",    "U    F   O    P   F   P   N   F   F   F   F   F   F   F   F   F   F F"],
  ["approveMatterReassignment",    "U    F   O    I   F   H   H   F   F   F   F   F   F   F   F   F   F F"],
  ["refuseMatterReassignment",     "U    F   O    I   F   H   N   F   F   F   F   F   F   F   F   F   F F"],
  // City visits: P is a visit registered by the city bureau, so it opened the fast track (市控 entry E, letters at 广饶).
  // 广饶 answers letter W declaring "not our matter"; the bureau's case officer rejects that, so the leader meets I.
  ["cityControlList",              "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["cityVisitLetters",             "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["respondToCityVisitLetter",     "U    F   F    F   F   O   N   F   F   F   F   F   F   F   N   F   F F"],
  ["rejectNotOwnDeclaration",      "U    F   O    I   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["setCityVisitResolutionDeadline", "U  F   O    O   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["setCityControlResponsiblePerson", "U F   O    O   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  // reviewCityControlEntry runs before the delisting: any bureau case officer or leader may review E again.
  ["reviewCityControlEntry",       "U    F   O    O   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  ["delistCityControl",            "U    F   O    I   F   F   F   F   F   F   F   F   F   F   F   F   F F"],
  // Dispute case D at 广饶, opened by the bureau's consultation of a ledger entry there (OPEN_MEDIATION_CASE). Seen as
  // its ledger entry; the first caller let through closes it, so the later ones meet INVALID_TRANSITION (I); another
  // county meets NOT_FOUND.
  ["disputeCase",                  "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["disputeCases",                 "U    O   O    O   O   O   Z   Z   Z   Z   Z   Z   Z   Z   Z   Z   O Z"],
  ["closeDisputeCase",             "U    F   O    I   F   I   N   F   F   F   F   F   F   F   F   F   F F"],
];

let t: TestHub;
const ids: Record<string, string> = {};
let P = "";
let R = "";
let raised = "";
let Q = "";
let victimClient = "";
let P_NUMBER = "";
let P_CODE = "";
let clientCredentialsToken = "";
let L = "";
let A = "";
let C = "";
let K = "";
const accidentInput = (localityOrgId: string) => ({ localityOrgId, kind: "INJURY", casualties: 3, occurredAt: "2026-01-05T01:30:00Z", place: "某工地", summary: "脚手架倒塌，三人受伤", leader: "副县长赵某" });
let B = "";
let RPT = "";
let W3 = "";
let X1 = "";
let X2 = "";
let E = "";
let W = "";
let D = "";

const ledgerInput = (localityOrgId: string) => ({ subject: "拟聚集讨要工资", peopleCount: 30, riskType: "GROUP_GATHERING", reliability: "PROBABLE", localityOrgId, reporterRole: "MEDIATOR", reporterName: "调解员某" });
const higherLevelInput = () => ({ level: "PROVINCE", localityOrgId: ids.GRX_XFJ, headcount: 10, occurredAt: "2026-12-01T00:00:00Z", summary: "到省集访" });
const consultationInput = (decision: string) => ({ participants: ["王某"], assessment: "评估", grade: "LOW", decision, owner: "赵某", dueAt: "2030-01-01T00:00:00Z" });

/** Each operation as a GraphQL document and how to read "present" from its data. */
function operation(name: string): { query: string; vars?: Record<string, unknown>; present?: (d: Record<string, unknown>) => boolean } {
  const mut = (field: string, args = "") => ({ query: `mutation { ${field}(id: "${P}"${args}) { id } }` });
  const refMove = (field: string, args = "") => ({ query: `mutation { ${field}(id: "${R}"${args}) { id } }` });
  switch (name) {
    case "petition":
      return { query: `{ petition(id: "${P}") { id } }`, present: (d) => d.petition !== null };
    case "petitions":
      return { query: `{ petitions(first: 100) { nodes { id } } }`, present: (d) => (d.petitions as { nodes: { id: string }[] }).nodes.some((n) => n.id === P) };
    case "entities":
      return { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id } } }`, vars: { r: [{ __typename: "Petition", id: P }] }, present: (d) => (d._entities as unknown[])[0] !== null };
    case "myPetitionActions":
      return { query: `{ myPetitionActions(petitionId: "${P}") { event } }` };
    case "referral":
      return { query: `{ referral(id: "${R}") { id } }`, present: (d) => d.referral !== null };
    case "referrals":
      return { query: `{ referrals(first: 100) { nodes { id } } }`, present: (d) => (d.referrals as { nodes: { id: string }[] }).nodes.some((n) => n.id === R) };
    case "organizations":
      return { query: `{ organizations { id } }` };
    case "organization":
      return { query: `{ organization(id: "${ids.GRX_XFJ}") { id } }` };
    case "me":
      return { query: `{ me { id } }` };
    case "service":
      return { query: `{ _service { sdl } }` };
    case "changes":
      return { query: `{ changes(limit: 500) { events { petitionId } nextCursor } }`, present: (d) => (d.changes as { events: { petitionId: string | null }[] }).events.some((e) => e.petitionId === P) };
    case "agencyBacklog":
      return { query: `{ agencyBacklog { agencyCode } }` };
    case "dashboard":
      return { query: `{ dashboard { openPetitions agencies { agencyCode } } }`, present: (d) => (d.dashboard as { agencies: { agencyCode: string }[] }).agencies.some((a) => a.agencyCode === "DY_CL") };
    case "failedDeliveries":
      return { query: `{ failedDeliveries { jobId } }` };
    case "forwardPetition":
      return mut(name, `, toOrgId: "${ids.DY_JYJ}"`);
    case "assignPetition":
      return mut(name, `, toOrgId: "${ids.DY_JYJ}", resultDueAt: "2030-01-01T00:00:00Z"`);
    case "objectToPetition":
    case "notAcceptPetition":
    case "terminatePetition":
      return mut(name, `, reason: "理由"`);
    case "divertPetition":
      return mut(name, `, route: LITIGATION, reason: "理由"`);
    case "extendHandling":
      return mut(name, `, days: 10, approver: "局长", reason: "理由", petitionerNotified: true`);
    case "mediatePetition":
      return mut(name, `, agreement: "协议"`);
    case "answerPetition":
      return mut(name, `, outcome: SUPPORT, text: "答复"`);
    case "evaluateAnswer":
      return mut(name, `, satisfaction: SATISFIED, source: PETITIONER`);
    case "recordDelivery":
      return { query: `mutation { recordDelivery(petitionId: "${P}", deliveredAt: "2026-01-01T00:00:00Z", method: "邮寄") { id } }` };
    case "issueReview":
    case "issueSecondReview":
      return mut(name, `, outcome: SUPPORT, text: "意见"`);
    case "submitPetition":
      return {
        query: `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`,
        vars: { i: { channel: "LETTER", category: "SUGGESTION", localityOrgId: ids.LJX_XFJ, summary: `建议增设公交线路 ${Math.random()}`, request: "增设线路", petitioners: [{ name: "孙某" }] } },
      };
    case "raiseReferral":
      return { query: `mutation($i: RaiseReferralInput!) { raiseReferral(input: $i) { id } }`, vars: { i: { category: "APPEAL_REQUEST", localityOrgId: ids.LJX_XFJ, summary: "残疾人托养补贴", request: "请求发放", specialGroups: ["DISABLED"], petitioners: [{ name: "王某", phone: "13800001111" }] } } };
    case "registerRaisedReferral":
      return { query: `mutation { registerRaisedReferral(id: "${raised}") { id } }` };
    case "acknowledgeReferral":
    case "closeReferral":
      return refMove(name);
    case "respondToReferral":
      return refMove(name, `, input: { opinion: "已核实", attachments: [] }`);
    case "returnReferral":
      return refMove(name, `, reason: "不属本会"`);
    case "setOrganizationLevelAbove":
      return { query: `mutation { setOrganizationLevelAbove(id: "${ids.GRX_XFJ}", levelAboveId: "${ids.DY_XFJ}") { id } }` };
    case "auditTrail":
      return { query: `{ auditTrail(first: 5) { nodes { seq } } }` };
    case "machineClients":
      return { query: `{ machineClients { id } }` };
    case "createMachineClient":
      return { query: `mutation($i: CreateMachineClientInput!) { createMachineClient(input: $i) { client { id } } }`, vars: { i: { orgId: ids.DY_FL, name: "妇联 system", roles: ["AGENCY_SYSTEM"], authMethod: "CLIENT_SECRET_BASIC" } } };
    case "rotateMachineClientSecret":
      return { query: `mutation { rotateMachineClientSecret(id: "${victimClient}") { clientSecret } }` };
    case "revokeMachineClient":
      return { query: `mutation { revokeMachineClient(id: "${victimClient}") { id } }` };
    case "deadLetters":
      return { query: `{ deadLetters(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { referralId } }` };
    case "replayDeadLetters":
      return { query: `mutation { replayDeadLetters(agencyCode: "DY_CL", from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") }` };
    case "matterSuggestions":
      return { query: `{ matterSuggestions(petitionId: "${P}") { reasons } }` };
    case "matterItems":
      return { query: `{ matterItems(petitionId: "${P}") { link } }` };
    case "rejectMatterSuggestion":
      return { query: `mutation { rejectMatterSuggestion(petitionId: "${P}", otherPetitionId: "${Q}", reason: "不同事项") { id } }` };
    case "unlinkPetitionFromMatter":
      return { query: `mutation { unlinkPetitionFromMatter(petitionId: "${P}", reason: "并非同一事项") { id } }` };
    case "linkPetitionToMatter":
      return { query: `mutation { linkPetitionToMatter(petitionId: "${P}", toPetitionId: "${Q}", reason: "同一事项") { id } }` };
    case "citizenProgress":
      return { query: `query($n: String!, $c: String!) { citizenProgress(number: $n, queryCode: $c) { number steps { step } } }`, vars: { n: P_NUMBER, c: P_CODE } };
    case "citizenProgressWrongCode":
      // A code that differs from P's in one symbol: refused alike for every caller, holding a token or not.
      return { query: `query($n: String!, $c: String!) { citizenProgress(number: $n, queryCode: $c) { number } }`, vars: { n: P_NUMBER, c: (P_CODE[0] === "Z" ? "Y" : "Z") + P_CODE.slice(1) } };
    case "reissueQueryCode":
      return { query: `mutation { reissueQueryCode(petitionId: "${P}") { number queryCode } }` };
    case "alreadyInProcedure":
      return { query: `{ alreadyInProcedure(idNumber: "370523197001010011") { inProcedure openMatters } }` };
    case "ledgerEntry":
      return { query: `{ ledgerEntry(id: "${L}") { id } }`, present: (d) => d.ledgerEntry !== null };
    case "ledgerEntries":
      return { query: `{ ledgerEntries(first: 200) { id } }`, present: (d) => (d.ledgerEntries as { id: string }[]).some((e) => e.id === L) };
    case "fileLedgerEntry":
      return { query: `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, vars: { i: ledgerInput(ids.GRX_XFJ) } };
    case "recordConsultation":
      return { query: `mutation($i: ConsultationInput!) { recordConsultation(entryId: "${L}", input: $i) { entry { id } } }`, vars: { i: consultationInput("MONITOR") } };
    case "accountabilityCandidates":
      return { query: `{ accountabilityCandidates(first: 200) { id } }`, present: (d) => (d.accountabilityCandidates as { id: string }[]).some((c) => c.id === C) };
    case "accidentCase":
      return { query: `{ accidentCase(id: "${K}") { id } }`, present: (d) => d.accidentCase !== null };
    case "accidentCases":
      return { query: `{ accidentCases(first: 200) { id } }`, present: (d) => (d.accidentCases as { id: string }[]).some((c) => c.id === K) };
    case "openAccidentCase":
      return { query: `mutation($i: OpenAccidentCaseInput!) { openAccidentCase(input: $i) { id } }`, vars: { i: accidentInput(ids.GRX_XFJ) } };
    case "formAccidentTeam":
      return { query: `mutation { formAccidentTeam(caseId: "${K}", input: { leader: "赵某", members: [{ name: "王某", unit: "应急局" }] }) { id } }` };
    case "recordAccidentConsultation":
      return { query: `mutation { recordAccidentConsultation(caseId: "${K}", input: { participants: ["王某"], assessment: "评估", grade: LOW }) { id } }` };
    case "startAccidentOpinionWatch":
      return { query: `mutation { startAccidentOpinionWatch(caseId: "${K}", input: { startedAt: "2026-01-05T02:00:00Z", channels: ["微博"], findings: "无" }) { id } }` };
    case "disputeCase":
      return { query: `{ disputeCase(id: "${D}") { id } }`, present: (d) => d.disputeCase !== null };
    case "disputeCases":
      return { query: `{ disputeCases(first: 200) { id } }`, present: (d) => (d.disputeCases as { id: string }[]).some((c) => c.id === D) };
    case "closeDisputeCase":
      return { query: `mutation { closeDisputeCase(id: "${D}", input: { outcome: RESOLVED, note: "双方达成调解协议" }) { id } }` };
    case "closeAccidentCase":
      return { query: `mutation { closeAccidentCase(caseId: "${K}", input: { agreement: { date: "2026-01-06T02:00:00Z", parties: ["伤者", "施工单位"], reference: "调协 1 号" } }) { id } }` };
    case "cityControlList":
      return { query: `{ cityControlList(first: 50) { id } }`, present: (d) => (d.cityControlList as { id: string }[]).some((e) => e.id === E) };
    case "cityVisitLetters":
      return { query: `{ cityVisitLetters(petitionId: "${P}") { id } }`, present: (d) => (d.cityVisitLetters as { id: string }[]).some((l) => l.id === W) };
    case "respondToCityVisitLetter":
      return { query: `mutation { respondToCityVisitLetter(letterId: "${W}", input: { text: "该地块不属本县管辖", notOurMatter: true }) { id } }` };
    case "rejectNotOwnDeclaration":
      return { query: `mutation { rejectNotOwnDeclaration(letterId: "${W}", reason: "地块位于本县") { id } }` };
    case "setCityVisitResolutionDeadline":
      return { query: `mutation { setCityVisitResolutionDeadline(entryId: "${E}", dueAt: "2030-01-01T00:00:00Z", reason: "延长化解期限") { id } }` };
    case "setCityControlResponsiblePerson":
      return { query: `mutation { setCityControlResponsiblePerson(entryId: "${E}", person: "广饶县副县长 某某") { id } }` };
    case "reviewCityControlEntry":
      return { query: `mutation { reviewCityControlEntry(entryId: "${E}", nextReviewOn: "2030-01-31", note: "继续市控") { id } }` };
    case "delistCityControl":
      return { query: `mutation { delistCityControl(entryId: "${E}", reason: "已化解") { id } }` };
    case "alerts":
      return { query: `{ alerts(first: 200) { id } }`, present: (d) => (d.alerts as { id: string }[]).some((a) => a.id === A) };
    case "acknowledgeAlert":
      return { query: `mutation { acknowledgeAlert(id: "${A}") { id } }` };
    case "closeAlert":
      return { query: `mutation { closeAlert(id: "${A}", note: "已处置") { id } }` };
    case "bottomLineBreaches":
      return { query: `{ bottomLineBreaches(first: 200) { id } }`, present: (d) => (d.bottomLineBreaches as { id: string }[]).some((b) => b.id === B) };
    case "bottomLineStatus":
      return { query: `{ bottomLineStatus { localities { orgId } } }`, present: (d) => (d.bottomLineStatus as { localities: { orgId: string }[] }).localities.some((l) => l.orgId === ids.GRX_XFJ) };
    case "reportHigherLevelGroupPetition":
      return { query: `mutation($i: HigherLevelGroupPetitionInput!) { reportHigherLevelGroupPetition(input: $i) { verdict } }`, vars: { i: higherLevelInput() } };
    case "recordPublicOpinionPost":
      return { query: `mutation($i: PublicOpinionPostInput!) { recordPublicOpinionPost(input: $i) { post { id } } }`, vars: { i: { platform: "微博", url: "https://weibo.example/p/2", reach: 10, sentiment: "NEGATIVE", localityOrgId: ids.GRX_XFJ, petitionId: P } } };
    case "flagKeyPerson":
      return { query: `mutation { flagKeyPerson(petitionId: "${P}", line: BEIJING_GROUP, reason: "扬言进京") { id } }` };
    case "recordUrgentReport":
      return { query: `mutation { recordUrgentReport(reportId: "${RPT}") { id } }` };
    case "matter":
      return { query: `{ matter(petitionId: "${P}") { id firstReceivingUnit { code } } }` };
    case "oneVisitRate":
      return { query: `{ oneVisitRate(from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z") { resolvedFirstItems rate } }` };
    case "requestMatterReassignment":
      return { query: `mutation { requestMatterReassignment(petitionId: "${W3}", toOrgId: "${ids.LJX_XFJ}", reason: "争议地在利津") { id } }` };
    case "approveMatterReassignment":
      return { query: `mutation { approveMatterReassignment(id: "${X1}", note: "同意") { id } }` };
    case "refuseMatterReassignment":
      return { query: `mutation { refuseMatterReassignment(id: "${X2}", note: "不同意") { id } }` };
    case "replayFailedDelivery":
      return { query: `mutation { replayFailedDelivery(agencyCode: "DY_CL", jobId: "no-such-job") }` };
    default:
      return mut(name);
  }
}

const CODES: Record<string, string> = { INVALID_TRANSITION: "I", UNAUTHENTICATED: "U", FORBIDDEN: "F", NOT_FOUND: "N", BAD_USER_INPUT: "B", HIGHER_APPROVAL_REQUIRED: "H", REASSIGNMENT_PENDING: "P" };

beforeAll(async () => {
  // Limits high enough that the wrong-code row (18 callers, one address) shows the refusal, not the rate limit.
  t = await startTestHub({ CITIZEN_LOOKUP_MAX_FAILURES_PER_CLIENT: "1000", CITIZEN_LOOKUP_MAX_FAILURES_PER_PETITION: "1000" });
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_ZJJ", "DY_JYJ", "DY_XFJ", "DY_CL", "DY_FL"]) ids[code] = String((await t.org(code)).id);
  const machine = await createClient(t, { orgCode: "DY_CL", roles: [Role.AGENCY_SYSTEM] });
  const issued = await tokenRequest(t, { grant_type: "client_credentials" }, basicAuth(machine.clientId, machine.clientSecret!));
  clientCredentialsToken = String(issued.body.access_token);
  victimClient = (await createClient(t, { orgCode: "DY_RSJ", roles: [Role.AGENCY_SYSTEM] })).id;
  const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
  const must = async <T>(token: string, query: string, vars?: Record<string, unknown>) => {
    const r = await t.gql<T>(token, query, vars);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const made = await must<{ submitPetition: { id: string; number: string; queryCode: string; referrals: { id: string; agency: { code: string } }[] } }>(
    officer,
    `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id number queryCode referrals { id agency { code } } } }`,
    { i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: ids.GRX_XFJ, summary: "残疾人康复补贴未发放", request: "请求补发", specialGroups: ["DISABLED"], petitioners: [{ name: "李某", idNumber: "370523197001010011", phone: "13900001111", disabled: true }] } },
  );
  P = made.submitPetition.id;
  P_NUMBER = made.submitPetition.number;
  P_CODE = made.submitPetition.queryCode;
  Q = (await must<{ submitPetition: { id: string } }>(officer, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "LETTER", category: "SUGGESTION", localityOrgId: ids.GRX_XFJ, summary: "建议增设公交站点", request: "增设站点", petitioners: [{ name: "钱某" }] },
  })).submitPetition.id;
  R = made.submitPetition.referrals.find((r) => r.agency.code === "DY_CL")!.id;
  await must(officer, `mutation { forwardPetition(id: "${P}", toOrgId: "${ids.DY_ZJJ}") { id } }`);
  await must(await t.token("DY_ZJJ", [Role.HANDLER]), `mutation { notAcceptPetition(id: "${P}", reason: "已过诉讼时效") { id } }`);
  L = (await must<{ fileLedgerEntry: { id: string } }>(officer, `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, { i: ledgerInput(ids.GRX_XFJ) })).fileLedgerEntry.id;
  const escalated = (await must<{ fileLedgerEntry: { id: string } }>(officer, `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, { i: ledgerInput(ids.GRX_XFJ) })).fileLedgerEntry.id;
  await must(officer, `mutation($i: ConsultationInput!) { recordConsultation(entryId: "${escalated}", input: $i) { entry { id } } }`, { i: consultationInput("ESCALATE_TO_JOINT_MEETING") });
  A = (await must<{ alerts: { id: string; subjectId: string }[] }>(officer, `{ alerts(first: 200) { id subjectId } }`)).alerts.find((a) => a.subjectId === escalated)!.id;
  C = String(
    (await inTransaction(t.hub.deps, (em) =>
      raiseAccountabilityCandidate(em, { dedupeKey: "matrix", cause: AccountabilityCause.BUCK_PASSING, article: "信访工作条例 第四十五条", responsibleOrgId: Number(ids.GRX_XFJ), responsiblePerson: null, subjectType: AccountabilitySubjectType.PETITION, subjectId: Number(P), summary: "推诿" }, { actor: "rule:matrix", at: new Date() }),
    ))!.id,
  );
  const mediated = (await must<{ fileLedgerEntry: { id: string } }>(officer, `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, { i: ledgerInput(ids.GRX_XFJ) })).fileLedgerEntry.id;
  D = (await must<{ recordConsultation: { disputeCase: { id: string } } }>(officer, `mutation($i: ConsultationInput!) { recordConsultation(entryId: "${mediated}", input: $i) { disputeCase { id } } }`, { i: consultationInput("OPEN_MEDIATION_CASE") })).recordConsultation.disputeCase.id;
  K = (await must<{ openAccidentCase: { id: string } }>(officer, `mutation($i: OpenAccidentCaseInput!) { openAccidentCase(input: $i) { id } }`, { i: accidentInput(ids.GRX_XFJ) })).openAccidentCase.id;
  const reported = await must<{ reportHigherLevelGroupPetition: { breach: { id: string; reports: { id: string }[] } } }>(officer, `mutation($i: HigherLevelGroupPetitionInput!) { reportHigherLevelGroupPetition(input: $i) { breach { id reports { id } } } }`, { i: higherLevelInput() });
  B = reported.reportHigherLevelGroupPetition.breach.id;
  RPT = reported.reportHigherLevelGroupPetition.breach.reports[0].id;
  const grxSetup = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "matrix-setup-grx");
  const grxItem = async () =>
    (await must<{ submitPetition: { id: string } }>(grxSetup, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
      i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: ids.GRX_XFJ, summary: "宅基地确权争议", request: `请求确认宅基地使用权 ${Math.random()}`, petitioners: [{ name: "周某" }] },
    })).submitPetition.id;
  const ask = async (petitionId: string, toOrgId: string) =>
    (await must<{ requestMatterReassignment: { id: string } }>(grxSetup, `mutation { requestMatterReassignment(petitionId: "${petitionId}", toOrgId: "${toOrgId}", reason: "争议地不在本县") { id } }`)).requestMatterReassignment.id;
  ids.KLQ_XFJ = String((await t.org("KLQ_XFJ")).id);
  X1 = await ask(await grxItem(), ids.LJX_XFJ);
  X2 = await ask(await grxItem(), ids.KLQ_XFJ);
  W3 = await grxItem();
  E = String((await t.hub.deps.db.query("SELECT id FROM city_control_entry WHERE petitionId = ?", [Number(P)]))[0].id);
  W = String((await t.hub.deps.db.query("SELECT id FROM city_visit_letter WHERE petitionId = ? AND kind = 'STABILITY_ASSIGNMENT'", [Number(P)]))[0].id);
  const cl = await t.token("DY_CL", [Role.AGENCY_SYSTEM]);
  raised = (await must<{ raiseReferral: { id: string } }>(cl, `mutation($i: RaiseReferralInput!) { raiseReferral(input: $i) { id } }`, {
    i: { category: "APPEAL_REQUEST", localityOrgId: ids.LJX_XFJ, summary: "残疾人就业援助", request: "请求帮助", specialGroups: ["DISABLED"], petitioners: [{ name: "赵某", idNumber: "370522198001010022", phone: "13700002222" }] },
  })).raiseReferral.id;
});
afterAll(() => t?.stop());

describe("the authorization matrix: every operation × every kind of caller", () => {
  it("has one expected row per operation and one column per caller", () => {
    for (const [op, row] of EXPECTED) expect([op, row.split(/\s+/).length]).toEqual([op, CALLERS.length]);
  });

  it.each(EXPECTED.map(([op, row]) => [op, row] as const))("%s", async (op, row) => {
    const want = row.split(/\s+/);
    const got: string[] = [];
    for (const [name, org, roles] of CALLERS) {
      const token = name === CLIENT_CREDENTIALS ? clientCredentialsToken : org ? await t.token(org, roles, `matrix:${org}:${roles.join("+")}`) : null;
      const o = operation(op);
      const r = await t.gql<Record<string, unknown>>(token, o.query, o.vars);
      const code = r.errors?.[0]?.extensions?.code;
      if (code) got.push(CODES[code] ?? code);
      else got.push(o.present && !o.present(r.data!) ? "Z" : "O");
    }
    // Print caller names beside the cells so a failure reads as "who got what".
    expect(CALLERS.map(([name], i) => `${name}: ${got[i]}`)).toEqual(CALLERS.map(([name], i) => `${name}: ${want[i]}`));
  });
});
