import { assertOperationAllowed } from "../domain/access/policy";
import { consultationDueAt } from "../domain/early-warning/consultation-rules";
import { LedgerEntryState, Reliability, RiskType } from "../domain/early-warning/ledger-terms";
import { canSeeLedgerEntry } from "../domain/early-warning/ledger-visibility";
import { BadInputError, ForbiddenError, NotFoundError } from "../domain/errors";
import { OrgKind } from "../domain/petition-terms";
import { LedgerEntryEntity, OrganizationEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { appendOutbox, CommandContext, earlyWarningSettings, HubDeps, inTransaction, nowOf } from "./command-context";

/** A grid force's risk report as the filing office records it. */
export interface LedgerEntryInput {
  subject: string;
  peopleCount: number;
  riskType: RiskType;
  reliability: Reliability;
  localityOrgId: number;
  reporterRole: string;
  reporterName: string;
}

function validate(i: LedgerEntryInput, reporterRoles: readonly string[]): void {
  const issues: { path: string; message: string }[] = [];
  const text = (path: keyof LedgerEntryInput, v: string, max: number) => {
    if (!v.trim() || v.length > max) issues.push({ path, message: `1–${max} characters` });
  };
  text("subject", i.subject, 500);
  text("reporterName", i.reporterName, 100);
  if (!Number.isInteger(i.peopleCount) || i.peopleCount < 1 || i.peopleCount > 1_000_000) issues.push({ path: "peopleCount", message: "a whole number from 1 to 1000000" });
  if (!reporterRoles.includes(i.reporterRole)) issues.push({ path: "reporterRole", message: `one of ${reporterRoles.join(", ")}` });
  if (issues.length) throw new BadInputError("invalid ledger entry", issues);
}

/**
 * Files a risk report into the ledger of its locality, with its consultation due the configured days later. A
 * county office files for its own locality only; the city bureau for any. One transaction, event on the outbox.
 */
export async function fileLedgerEntry(deps: HubDeps, ctx: CommandContext, input: LedgerEntryInput): Promise<LedgerEntryEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.fileLedgerEntry");
  const settings = earlyWarningSettings(deps);
  validate(input, settings.reporterRoles);
  const now = nowOf(ctx);
  const locality = await deps.db.getRepository(OrganizationEntity).findOneBy({ id: input.localityOrgId });
  if (!locality) throw new NotFoundError("organisation", input.localityOrgId);
  if (locality.kind !== OrgKind.PETITION_OFFICE) throw new BadInputError("a ledger's locality is a county petition office", [{ path: "localityOrgId", message: "not a county petition office" }]);
  if (!canSeeLedgerEntry(ctx.principal, await orgPath(deps.db, locality.id))) throw new ForbiddenError("a county office files risk reports for its own locality only");
  return inTransaction(deps, async (em) => {
    const entry = em.create(LedgerEntryEntity, {
      ...input,
      subject: input.subject.trim(),
      reporterName: input.reporterName.trim(),
      state: LedgerEntryState.AWAITING_CONSULTATION,
      filedBy: ctx.principal.subject,
      filedByOrgId: ctx.principal.orgId,
      filedAt: now,
      consultationDueAt: consultationDueAt(now, settings.consultationDays),
      consultationOverdueAt: null,
    });
    await em.insert(LedgerEntryEntity, entry);
    const data = { entryId: entry.id, localityOrgId: entry.localityOrgId, riskType: entry.riskType, peopleCount: entry.peopleCount, consultationDueAt: entry.consultationDueAt.toISOString() };
    await appendOutbox(em, "ledger-entry", entry.id, [{ type: "ledger.entry-filed", data }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return entry;
  });
}
