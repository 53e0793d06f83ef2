import { IsNull, LessThan } from "typeorm";
import { isReportOverdue } from "../domain/bottom-lines/bottom-line-rules";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { OrganizationEntity, UrgentReportEntity } from "../db/entities";
import { appendOutbox, HubDeps, inTransaction } from "./command-context";
import { raiseLateReportCandidate } from "./record-urgent-report";

const BATCH = 200;

/**
 * Finds every urgent report still unrecorded past its due time, flags it late once (`urgentReport.late`) and raises
 * its accountability candidate against the city bureau. Runs with the deadline sweep; idempotent (the flag is claimed
 * by a conditional update, the candidate keyed by the report).
 */
export async function sweepUrgentReports(deps: HubDeps, now: Date): Promise<{ urgentReportsLate: number }> {
  let flagged = 0;
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const due = await em.find(UrgentReportEntity, { where: { reportedAt: IsNull(), lateAt: IsNull(), dueAt: LessThan(now) }, take: BATCH, order: { dueAt: "ASC" } });
      if (!due.length) return 0;
      const bureau = await em.findOneBy(OrganizationEntity, { kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY });
      let claimedHere = 0;
      for (const r of due) {
        if (!isReportOverdue(r, now) || !bureau) continue;
        const claimed = await em.update(UrgentReportEntity, { id: r.id, reportedAt: IsNull(), lateAt: IsNull() }, { lateAt: now });
        if (!claimed.affected) continue;
        flagged++;
        claimedHere++;
        const meta = { actor: "system:urgent-report-sweep", at: now };
        await appendOutbox(em, "bottom-line-breach", r.breachId, [{ type: "urgentReport.late", data: { breachId: r.breachId, reportId: r.id, recipient: r.recipient, dueAt: r.dueAt.toISOString(), reportedAt: null } }], meta);
        await raiseLateReportCandidate(em, r, bureau.id, "not made by then", meta);
      }
      return claimedHere ? due.length : 0;
    });
    if (n < BATCH) break;
  }
  return { urgentReportsLate: flagged };
}
