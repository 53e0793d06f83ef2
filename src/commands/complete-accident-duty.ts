import { IsNull } from "typeorm";
import { assertOperationAllowed } from "../domain/access/policy";
import { AccidentCaseState, AccidentDutyKind, ConsultationEvidence, DutyEvidence, OpinionWatchEvidence, TeamEvidence } from "../domain/accidents/accident-terms";
import { canSeeAccidentCase } from "../domain/accidents/accident-visibility";
import { AlertKind, AlertSubjectType } from "../domain/alerts/alert-terms";
import { consultationAlertSeverity, gradeAtLeast } from "../domain/early-warning/consultation-rules";
import { RiskGrade } from "../domain/early-warning/ledger-terms";
import { BadInputError, DomainError, NotFoundError } from "../domain/errors";
import { AccidentCaseEntity, AccidentDutyEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { appendOutbox, CommandContext, earlyWarningSettings, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";
import { raiseAlert } from "./raise-alert";

/** The working team (工作专班): its leader and members with their units. */
export interface AccidentTeamInput {
  leader: string;
  members: { name: string; unit: string }[];
}

/** The risk consultation (风险研判), in the ledger consultation's vocabulary. */
export interface AccidentConsultationInput {
  participants: string[];
  assessment: string;
  grade: RiskGrade;
}

/** The public-opinion watch (舆情监测): when it started, which channels, what was found so far. */
export interface AccidentOpinionWatchInput {
  startedAt: Date;
  channels: string[];
  findings: string;
}

type Issues = { path: string; message: string }[];
const name = (v: string, max = 100) => !!v.trim() && v.length <= max;
const refuse = (what: string, issues: Issues) => {
  if (issues.length) throw new BadInputError(`invalid ${what}`, issues);
};

/** Forms the case's working team; refused once formed (INVALID_TRANSITION). */
export function formAccidentTeam(deps: HubDeps, ctx: CommandContext, caseId: number, i: AccidentTeamInput) {
  assertOperationAllowed(ctx.principal, "Mutation.formAccidentTeam");
  const issues: Issues = [];
  if (!name(i.leader)) issues.push({ path: "leader", message: "1–100 characters" });
  if (i.members.length < 1 || i.members.length > 50 || i.members.some((m) => !name(m.name) || !name(m.unit))) issues.push({ path: "members", message: "1–50 members, each with a name and a unit of 1–100 characters" });
  refuse("working team", issues);
  const evidence: TeamEvidence = { leader: i.leader.trim(), members: i.members.map((m) => ({ name: m.name.trim(), unit: m.unit.trim() })) };
  return completeDuty(deps, ctx, caseId, AccidentDutyKind.WORKING_TEAM, evidence);
}

/** Records the case's risk consultation; a grade at or above LEDGER_ALERT_GRADE raises an alert to the locality. */
export function recordAccidentConsultation(deps: HubDeps, ctx: CommandContext, caseId: number, i: AccidentConsultationInput) {
  assertOperationAllowed(ctx.principal, "Mutation.recordAccidentConsultation");
  const issues: Issues = [];
  if (i.participants.length < 1 || i.participants.length > 30 || i.participants.some((p) => !name(p))) issues.push({ path: "participants", message: "1–30 names of 1–100 characters" });
  if (!name(i.assessment, 2000)) issues.push({ path: "assessment", message: "1–2000 characters" });
  refuse("risk consultation", issues);
  const evidence: ConsultationEvidence = { participants: i.participants.map((p) => p.trim()), assessment: i.assessment.trim(), grade: i.grade };
  return completeDuty(deps, ctx, caseId, AccidentDutyKind.RISK_CONSULTATION, evidence);
}

/** Records that the public-opinion watch is running. */
export function startAccidentOpinionWatch(deps: HubDeps, ctx: CommandContext, caseId: number, i: AccidentOpinionWatchInput) {
  assertOperationAllowed(ctx.principal, "Mutation.startAccidentOpinionWatch");
  const issues: Issues = [];
  if (i.channels.length < 1 || i.channels.length > 20 || i.channels.some((c) => !name(c))) issues.push({ path: "channels", message: "1–20 channels of 1–100 characters" });
  if (!name(i.findings, 2000)) issues.push({ path: "findings", message: "1–2000 characters" });
  refuse("public-opinion watch", issues);
  assertDateInputs(deps, nowOf(ctx), [{ path: "startedAt", value: i.startedAt, kind: "past" }]);
  const evidence: OpinionWatchEvidence = { startedAt: i.startedAt.toISOString(), channels: i.channels.map((c) => c.trim()), findings: i.findings.trim() };
  return completeDuty(deps, ctx, caseId, AccidentDutyKind.OPINION_WATCH, evidence);
}

/**
 * Marks one duty done with its evidence. The duty is claimed by a conditional update on `doneAt IS NULL`, so two
 * completions at once cannot both apply; a done duty, or a closed case, is INVALID_TRANSITION. A late duty is still
 * completed (its overdue flag stays: it was late).
 */
async function completeDuty(deps: HubDeps, ctx: CommandContext, caseId: number, kind: AccidentDutyKind, evidence: DutyEvidence): Promise<AccidentCaseEntity> {
  const now = nowOf(ctx);
  const found = await deps.db.getRepository(AccidentCaseEntity).findOneBy({ id: caseId });
  // Invisible and missing are the same answer: a county learns nothing of another county's cases.
  if (!found || !canSeeAccidentCase(ctx.principal, await orgPath(deps.db, found.localityOrgId))) throw new NotFoundError("accident case", caseId);
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  const ew = earlyWarningSettings(deps);
  return inTransaction(deps, async (em) => {
    const c = await em.findOneByOrFail(AccidentCaseEntity, { id: caseId });
    if (c.state !== AccidentCaseState.OPEN) throw new DomainError("INVALID_TRANSITION", `accident case ${caseId} is ${c.state}`, { from: c.state, event: kind });
    const duty = await em.findOneByOrFail(AccidentDutyEntity, { caseId, kind });
    const claimed = await em.update(AccidentDutyEntity, { id: duty.id, doneAt: IsNull() }, { doneAt: now, doneBy: ctx.principal.subject, evidence });
    if (!claimed.affected) throw new DomainError("INVALID_TRANSITION", `the ${kind} duty of accident case ${caseId} is already done`, { from: "DONE", event: kind });
    const data = { caseId, dutyId: duty.id, kind, localityOrgId: c.localityOrgId, dueAt: duty.dueAt.toISOString(), late: now.getTime() > duty.dueAt.getTime(), ...(kind === AccidentDutyKind.RISK_CONSULTATION ? { grade: (evidence as ConsultationEvidence).grade } : {}) };
    await appendOutbox(em, "accident-case", caseId, [{ type: "accident.duty-done", data }], meta);
    if (kind === AccidentDutyKind.RISK_CONSULTATION) {
      const grade = (evidence as ConsultationEvidence).grade as RiskGrade;
      if (gradeAtLeast(grade, ew.alertGrade)) {
        await raiseAlert(
          em,
          {
            dedupeKey: `accident-high-risk:${caseId}`,
            kind: AlertKind.ACCIDENT_HIGH_RISK,
            severity: consultationAlertSeverity("LEDGER_HIGH_RISK", grade),
            ownerOrgId: c.localityOrgId,
            ownerPerson: c.leader,
            subjectType: AlertSubjectType.ACCIDENT_CASE,
            subjectId: caseId,
            message: `意外伤亡 case ${caseId}: risk graded ${grade}`,
            requiredActions: ["assign stability-control responsibility (稳控责任)", "keep the families' contact person in place", "report developments daily"],
          },
          { ...meta, ackHours: ew.alertAckHours },
        );
      }
    }
    return c;
  });
}
