import { Role } from "../../src/domain/petition-terms";
import { TestHub } from "./test-hub";

export interface ReferralView {
  id: string;
  state: string;
  role: string;
  agency: { code: string };
  externalRef: string | null;
  response: { opinion: string } | null;
  timeline: { event: string; actor: string }[];
}

const REFERRALS = `query($id: ID!) { petition(id: $id) { referrals { id state role externalRef agency { code } response { opinion } timeline { event actor } } } }`;

/**
 * Registers a petition as the city bureau's registrar and returns its id. A letter by default: a visit registered at
 * the city bureau opens the fast track and renders three PDF letters, which referral tests do not need (city-visit.test.ts).
 */
export async function registerPetition(t: TestHub, input: Record<string, unknown>): Promise<string> {
  const token = await t.token("DY_XFJ", [Role.REGISTRAR]);
  const locality = String((await t.org((input.localityCode as string) ?? "GRX_XFJ")).id);
  const { localityCode: _l, ...rest } = input;
  const r = await t.gql<{ submitPetition: { id: string } }>(token, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "LETTER", category: "APPEAL_REQUEST", localityOrgId: locality, summary: "反映问题", request: "请求解决", petitioners: [{ name: "赵某", phone: "13800001111" }], ...rest },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition.id;
}

/** The petition's referrals as the city bureau sees them. */
export async function referralsOf(t: TestHub, petitionId: string): Promise<ReferralView[]> {
  const token = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
  const r = await t.gql<{ petition: { referrals: ReferralView[] } }>(token, REFERRALS, { id: petitionId });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.petition.referrals;
}

/** Polls until `done` holds for the referrals (or fails after `ms` with the last view). */
export async function waitForReferrals(t: TestHub, petitionId: string, done: (rs: ReferralView[]) => boolean, ms = 15_000): Promise<ReferralView[]> {
  const until = Date.now() + ms;
  let last: ReferralView[] = [];
  while (Date.now() < until) {
    last = await referralsOf(t, petitionId);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`referrals did not settle: ${JSON.stringify(last.map((r) => [r.agency.code, r.state, r.timeline.map((e) => e.event)]))}`);
}

export const count = (r: ReferralView, event: string) => r.timeline.filter((e) => e.event === event).length;
