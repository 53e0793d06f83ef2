import { IsNull } from "typeorm";
import { AccountabilityCause, AccountabilitySubjectType } from "../domain/accountability/accountability-terms";
import { assertOperationAllowed } from "../domain/access/policy";
import { isReportLate } from "../domain/bottom-lines/bottom-line-rules";
import { BadInputError, DomainError, NotFoundError } from "../domain/errors";
import { BottomLineBreachEntity, UrgentReportEntity } from "../db/entities";
import { EntityManager } from "typeorm";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";
import { LATE_REPORT_ARTICLE } from "./raise-bottom-line-breach";
import { raiseAccountabilityCandidate } from "./raise-accountability-candidate";

/**
 * The late-report candidate (Art. 46(4)): against the city bureau, which owes the Art. 25 reports, once per report
 * whether found at recording or by the sweep.
 */
export async function raiseLateReportCandidate(em: EntityManager, report: UrgentReportEntity, responsibleOrgId: number, how: string, meta: { actor: string; requestId?: string; at: Date }) {
  return raiseAccountabilityCandidate(
    em,
    { dedupeKey: `urgent-report-late:${report.id}`, cause: AccountabilityCause.URGENT_REPORT_LATE, article: LATE_REPORT_ARTICLE, responsibleOrgId, responsiblePerson: null, subjectType: AccountabilitySubjectType.BOTTOM_LINE_BREACH, subjectId: report.breachId, summary: `urgent report to ${report.recipient} due ${report.dueAt.toISOString()} ${how}` },
    meta,
  );
}

/**
 * Records when the city bureau made one urgent report of a breach (Art. 25). A report made after its due time is late:
 * the `urgentReport.late` event and an accountability candidate, unless the sweep found it late already. The report
 * is claimed by a conditional update, so it is recorded once; a second recording is INVALID_TRANSITION.
 */
export async function recordUrgentReport(deps: HubDeps, ctx: CommandContext, reportId: number, reportedAtInput: Date | null): Promise<UrgentReportEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.recordUrgentReport");
  const now = nowOf(ctx);
  const reportedAt = reportedAtInput ?? now;
  assertDateInputs(deps, now, [{ path: "reportedAt", value: reportedAt, kind: "past" }]);
  const report = await deps.db.getRepository(UrgentReportEntity).findOneBy({ id: reportId });
  if (!report) throw new NotFoundError("urgent report", reportId);
  const breach = await deps.db.getRepository(BottomLineBreachEntity).findOneByOrFail({ id: report.breachId });
  if (reportedAt.getTime() < breach.occurredAt.getTime()) throw new BadInputError("a report cannot precede its breach", [{ path: "reportedAt", message: "before the breach occurred" }]);
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  return inTransaction(deps, async (em) => {
    const claimed = await em.update(UrgentReportEntity, { id: reportId, reportedAt: IsNull() }, { reportedAt, reportedBy: ctx.principal.subject });
    if (!claimed.affected) throw new DomainError("INVALID_TRANSITION", `urgent report ${reportId} is already recorded`, { from: "REPORTED", event: "REPORT" });
    const late = isReportLate(report.dueAt, reportedAt);
    const updated = { ...report, reportedAt, reportedBy: ctx.principal.subject };
    await appendOutbox(em, "bottom-line-breach", breach.id, [{ type: "urgentReport.recorded", data: { breachId: breach.id, reportId, recipient: report.recipient, dueAt: report.dueAt.toISOString(), reportedAt: reportedAt.toISOString(), late } }], meta);
    if (late) {
      const flagged = await em.update(UrgentReportEntity, { id: reportId, lateAt: IsNull() }, { lateAt: now });
      if (flagged.affected) {
        updated.lateAt = now;
        await appendOutbox(em, "bottom-line-breach", breach.id, [{ type: "urgentReport.late", data: { breachId: breach.id, reportId, recipient: report.recipient, dueAt: report.dueAt.toISOString(), reportedAt: reportedAt.toISOString() } }], meta);
        await raiseLateReportCandidate(em, report, ctx.principal.orgId, `made late at ${reportedAt.toISOString()}`, meta);
      }
    }
    return Object.assign(new UrgentReportEntity(), updated);
  });
}
