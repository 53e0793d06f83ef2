import { assertOperationAllowed } from "../domain/access/policy";
import { AlertSubjectType } from "../domain/alerts/alert-terms";
import { postVerdict } from "../domain/bottom-lines/bottom-line-rules";
import { BottomLine, BreachSource, Sentiment } from "../domain/bottom-lines/bottom-line-terms";
import { BadInputError } from "../domain/errors";
import { AlertEntity, PublicOpinionPostEntity } from "../db/entities";
import { appendOutbox, bottomLineSettings, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertBottomLineRefs, textIssue } from "./bottom-line-inputs";
import { raiseBottomLineBreach, raiseBottomLinePreAlert } from "./raise-bottom-line-breach";
import type { BottomLineOutcome } from "./report-higher-level-group-petition";

/** A petition-related post as public-opinion monitoring records it. */
export interface PublicOpinionPostInput {
  platform: string;
  url: string;
  reach: number;
  sentiment: Sentiment;
  localityOrgId: number;
  petitionId: number | null;
  matterId: number | null;
}

/**
 * Records a post linked to a petition or matter of a locality (line 4): a negative post at or above the breach reach
 * breaches the line (alert, report chain, candidate); at or above the watch reach it raises a WARNING pre-alert; below,
 * or not negative, it is only recorded. One transaction; the `publicOpinion.postRecorded` event in any case.
 */
export async function recordPublicOpinionPost(deps: HubDeps, ctx: CommandContext, input: PublicOpinionPostInput): Promise<{ post: PublicOpinionPostEntity; outcome: BottomLineOutcome }> {
  assertOperationAllowed(ctx.principal, "Mutation.recordPublicOpinionPost");
  const now = nowOf(ctx);
  const issues: { path: string; message: string }[] = [];
  textIssue(issues, "platform", input.platform, 60);
  textIssue(issues, "url", input.url, 500);
  if (!/^https?:\/\/\S+$/.test(input.url.trim())) issues.push({ path: "url", message: "an http(s) address" });
  if (!Number.isInteger(input.reach) || input.reach < 0 || input.reach > 2_000_000_000) issues.push({ path: "reach", message: "a whole number from 0 to 2000000000" });
  // Petition-related means linked: a post about nothing the bureau handles is not the fourth line's business.
  if (input.petitionId === null && input.matterId === null) issues.push({ path: "petitionId", message: "link the post to a petition or a matter" });
  if (issues.length) throw new BadInputError("invalid public-opinion post", issues);
  await assertBottomLineRefs(deps.db, ctx.principal, input);
  const verdict = postVerdict(input.reach, input.sentiment, bottomLineSettings(deps));
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  return inTransaction(deps, async (em) => {
    const post = em.create(PublicOpinionPostEntity, { ...input, platform: input.platform.trim(), url: input.url.trim(), recordedAt: now, recordedBy: ctx.principal.subject });
    await em.insert(PublicOpinionPostEntity, post);
    await appendOutbox(em, "public-opinion-post", post.id, [{ type: "publicOpinion.postRecorded", data: { postId: post.id, localityOrgId: post.localityOrgId, reach: post.reach, sentiment: post.sentiment, petitionId: post.petitionId, matterId: post.matterId, verdict } }], meta);
    const summary = `${post.platform} post, reach ${post.reach}`;
    if (verdict === "BREACH") {
      const breach = await raiseBottomLineBreach(
        em,
        deps,
        { dedupeKey: `post:${post.id}`, line: BottomLine.PUBLIC_OPINION, source: BreachSource.PUBLIC_OPINION_POST, localityOrgId: post.localityOrgId, headcount: null, reach: post.reach, petitionId: post.petitionId, matterId: post.matterId, owningLeader: null, summary, occurredAt: now },
        meta,
      );
      const alert = breach && (await em.findOneBy(AlertEntity, { dedupeKey: `bottom-line-breach:${breach.id}` }));
      return { post, outcome: { verdict, breach, alert } };
    }
    if (verdict === "PRE_ALERT") {
      const alert = await raiseBottomLinePreAlert(em, deps, { dedupeKey: `post-watch:${post.id}`, line: BottomLine.PUBLIC_OPINION, localityOrgId: post.localityOrgId, ownerPerson: null, subjectType: AlertSubjectType.PUBLIC_OPINION_POST, subjectId: post.id, message: summary }, meta);
      return { post, outcome: { verdict, breach: null, alert } };
    }
    return { post, outcome: { verdict, breach: null, alert: null } };
  });
}
