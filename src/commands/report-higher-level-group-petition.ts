import { randomUUID } from "node:crypto";
import { assertOperationAllowed } from "../domain/access/policy";
import { AlertSubjectType } from "../domain/alerts/alert-terms";
import { groupVisitVerdict, higherLevelLine, LineVerdict } from "../domain/bottom-lines/bottom-line-rules";
import { BreachSource, HigherLevel } from "../domain/bottom-lines/bottom-line-terms";
import { BadInputError } from "../domain/errors";
import { AlertEntity, BottomLineBreachEntity } from "../db/entities";
import { assertBottomLineRefs, textIssue } from "./bottom-line-inputs";
import { bottomLineSettings, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";
import { raiseBottomLineBreach, raiseBottomLinePreAlert } from "./raise-bottom-line-breach";

/** What the city bureau learned of a petition received at the province or in Beijing (lines 2 and 3). */
export interface HigherLevelGroupPetitionInput {
  level: HigherLevel;
  localityOrgId: number;
  headcount: number;
  occurredAt: Date;
  summary: string;
  petitionId: number | null;
  matterId: number | null;
  owningLeader: string | null;
}

/** What a record did for its line: its verdict, the breach it recorded, the alert it raised (none below threshold). */
export interface BottomLineOutcome {
  verdict: LineVerdict;
  breach: BottomLineBreachEntity | null;
  alert: AlertEntity | null;
}

/**
 * Records a group petition received at the province or in Beijing, as reported to the city bureau (the provincial
 * system's feed, a phone call from the liaison office): at or above the group minimum it breaches line 2 or 3 (alert,
 * report chain, candidate); fewer people are an individual higher-level visit, a WARNING pre-alert of the same line.
 * One transaction.
 */
export async function reportHigherLevelGroupPetition(deps: HubDeps, ctx: CommandContext, input: HigherLevelGroupPetitionInput): Promise<BottomLineOutcome> {
  assertOperationAllowed(ctx.principal, "Mutation.reportHigherLevelGroupPetition");
  const now = nowOf(ctx);
  const issues: { path: string; message: string }[] = [];
  textIssue(issues, "summary", input.summary, 500);
  if (input.owningLeader !== null) textIssue(issues, "owningLeader", input.owningLeader, 100);
  if (!Number.isInteger(input.headcount) || input.headcount < 1 || input.headcount > 1_000_000) issues.push({ path: "headcount", message: "a whole number from 1 to 1000000" });
  if (issues.length) throw new BadInputError("invalid higher-level petition report", issues);
  assertDateInputs(deps, now, [{ path: "occurredAt", value: input.occurredAt, kind: "past" }]);
  await assertBottomLineRefs(deps.db, ctx.principal, input);
  const settings = bottomLineSettings(deps);
  const line = higherLevelLine(input.level);
  // At the province or in Beijing any group is a breach; the large-group threshold is line 1's, not these lines'.
  const verdict: LineVerdict = groupVisitVerdict(input.headcount, { groupMin: settings.groupMin, largeGroupMin: settings.groupMin }) === "BREACH" ? "BREACH" : "PRE_ALERT";
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  return inTransaction(deps, async (em) => {
    if (verdict === "BREACH") {
      const breach = await raiseBottomLineBreach(
        em,
        deps,
        { dedupeKey: `report:${randomUUID()}`, line, source: BreachSource.HIGHER_LEVEL_REPORT, localityOrgId: input.localityOrgId, headcount: input.headcount, reach: null, petitionId: input.petitionId, matterId: input.matterId, owningLeader: input.owningLeader?.trim() || null, summary: input.summary.trim(), occurredAt: input.occurredAt },
        meta,
      );
      const alert = breach && (await em.findOneBy(AlertEntity, { dedupeKey: `bottom-line-breach:${breach.id}` }));
      return { verdict, breach, alert };
    }
    const subject = input.petitionId !== null ? { subjectType: AlertSubjectType.PETITION, subjectId: input.petitionId } : input.matterId !== null ? { subjectType: AlertSubjectType.MATTER, subjectId: input.matterId } : null;
    if (!subject) throw new BadInputError("an individual higher-level visit needs its petition or matter", [{ path: "petitionId", message: "required below the group minimum" }]);
    const alert = await raiseBottomLinePreAlert(
      em,
      deps,
      { dedupeKey: `higher-level:${randomUUID()}`, line, localityOrgId: input.localityOrgId, ownerPerson: input.owningLeader?.trim() || null, ...subject, message: `${input.headcount} people at the ${input.level === HigherLevel.BEIJING ? "national" : "provincial"} level: ${input.summary.trim()}` },
      meta,
    );
    return { verdict, breach: null, alert };
  });
}
