import { z } from "zod";
import { Category, SpecialGroup } from "../petition-terms";
import { Expectation, ReferralRole } from "./referral-terms";

/** One routing rule: when a petition matches, refer it to `agencyCode` in `role`. Rules are data (configurable). */
export interface RoutingRule {
  agencyCode: string;
  role: ReferralRole;
  /** Any of these special-group tags matches. */
  groups?: SpecialGroup[];
  /** The problem is located in one of these organisations (by code). */
  localityCodes?: string[];
  /** Any of these words in the summary or request matches. */
  keywords?: string[];
  /** Categories the rule applies to; accusations are excluded by default so their content does not travel. */
  categories: Category[];
  expected: Expectation[];
  /** Working days for the agency's first response. */
  responseWorkdays: number;
  /** Shown on the referral: why it was routed there. */
  label: string;
}

/** What routing needs to know about a petition. */
export interface RoutingFacts {
  category: Category;
  specialGroups: readonly SpecialGroup[];
  localityCode: string;
  summary: string;
  request: string;
  /** Organisations that must never receive it (the accused unit of an accusation). */
  excludedCodes?: readonly string[];
}

export interface ReferralDecision {
  agencyCode: string;
  role: ReferralRole;
  expected: Expectation[];
  responseWorkdays: number;
  reasons: string[];
}

const ORDINARY = [Category.SUGGESTION, Category.APPEAL_REQUEST];
const ANSWER = [Expectation.OPINION, Expectation.ACTIONS];

/** The Dongying defaults: four partner agencies by group or subject, three special units by place or subject. */
export const DEFAULT_ROUTING_RULES: RoutingRule[] = [
  { agencyCode: "DY_CL", role: ReferralRole.CO_HANDLER, groups: [SpecialGroup.DISABLED], keywords: ["残疾", "残障", "残疾人"], categories: ORDINARY, expected: ANSWER, responseWorkdays: 5, label: "残疾人 (残联)" },
  { agencyCode: "DY_FL", role: ReferralRole.CO_HANDLER, groups: [SpecialGroup.WOMEN_CHILDREN], keywords: ["家暴", "家庭暴力", "妇女权益", "儿童", "未成年", "抚养", "离婚"], categories: ORDINARY, expected: ANSWER, responseWorkdays: 5, label: "妇女儿童 (妇联)" },
  { agencyCode: "DY_TYJR", role: ReferralRole.CO_HANDLER, groups: [SpecialGroup.VETERAN_MILITARY], keywords: ["退役", "退伍", "复员", "转业", "军人", "优抚", "军属"], categories: ORDINARY, expected: ANSWER, responseWorkdays: 5, label: "退役军人及军队相关人员 (退役军人事务局)" },
  { agencyCode: "DY_RSJ", role: ReferralRole.CO_HANDLER, groups: [SpecialGroup.MIGRANT_WORKER], keywords: ["欠薪", "拖欠工资", "讨薪", "工资", "社保", "社会保险", "劳动合同", "劳动关系", "工伤"], categories: ORDINARY, expected: ANSWER, responseWorkdays: 5, label: "农民工工资、劳动关系、社会保险 (人社局)" },
  { agencyCode: "SL_YT", role: ReferralRole.LEAD, localityCodes: ["SL_YT"], categories: ORDINARY, expected: [Expectation.CO_HANDLING, ...ANSWER], responseWorkdays: 5, label: "问题发生在胜利油田" },
  { agencyCode: "SL_YT", role: ReferralRole.CO_HANDLER, keywords: ["油田", "胜利油田", "采油厂"], categories: ORDINARY, expected: ANSWER, responseWorkdays: 5, label: "涉及胜利油田" },
  { agencyCode: "JMC", role: ReferralRole.LEAD, localityCodes: ["JMC"], categories: ORDINARY, expected: [Expectation.CO_HANDLING, ...ANSWER], responseWorkdays: 5, label: "问题发生在军马场" },
  { agencyCode: "JMC", role: ReferralRole.CO_HANDLER, keywords: ["军马场"], categories: ORDINARY, expected: ANSWER, responseWorkdays: 5, label: "涉及军马场" },
  { agencyCode: "NGQ", role: ReferralRole.LEAD, localityCodes: ["NGQ"], categories: ORDINARY, expected: [Expectation.CO_HANDLING, ...ANSWER], responseWorkdays: 5, label: "问题发生在农高区" },
  { agencyCode: "NGQ", role: ReferralRole.CO_HANDLER, keywords: ["农高区", "农业高新技术"], categories: ORDINARY, expected: ANSWER, responseWorkdays: 5, label: "涉及农高区" },
];

function matches(rule: RoutingRule, f: RoutingFacts): boolean {
  if (!rule.categories.includes(f.category)) return false;
  const text = `${f.summary}\n${f.request}`;
  return (
    (rule.groups ?? []).some((g) => f.specialGroups.includes(g)) ||
    (rule.localityCodes ?? []).includes(f.localityCode) ||
    (rule.keywords ?? []).some((k) => text.includes(k))
  );
}

/**
 * Decides the referrals for a petition: one per agency, the strongest role winning (a unit where the problem is
 * located leads; a unit merely mentioned assists), expectations merged, the shortest response period kept.
 * Untagged ordinary matters that match nothing get no referral.
 */
export function decideReferrals(f: RoutingFacts, rules: readonly RoutingRule[] = DEFAULT_ROUTING_RULES): ReferralDecision[] {
  const byAgency = new Map<string, ReferralDecision>();
  for (const rule of rules) {
    if (f.excludedCodes?.includes(rule.agencyCode) || !matches(rule, f)) continue;
    const d = byAgency.get(rule.agencyCode);
    if (!d) {
      byAgency.set(rule.agencyCode, { agencyCode: rule.agencyCode, role: rule.role, expected: [...rule.expected], responseWorkdays: rule.responseWorkdays, reasons: [rule.label] });
      continue;
    }
    if (rule.role === ReferralRole.LEAD) d.role = ReferralRole.LEAD;
    d.expected = [...new Set([...d.expected, ...rule.expected])];
    d.responseWorkdays = Math.min(d.responseWorkdays, rule.responseWorkdays);
    d.reasons.push(rule.label);
  }
  return [...byAgency.values()];
}

const ruleSchema = z.object({
  agencyCode: z.string().min(1),
  role: z.enum(ReferralRole),
  groups: z.array(z.enum(SpecialGroup)).optional(),
  localityCodes: z.array(z.string()).optional(),
  keywords: z.array(z.string().min(1)).optional(),
  categories: z.array(z.enum(Category)).min(1),
  expected: z.array(z.enum(Expectation)).min(1),
  responseWorkdays: z.number().int().min(1).max(60),
  label: z.string().min(1),
});

/** Parses routing rules from configuration JSON; throws with the offending paths. */
export function parseRoutingRules(json: string): RoutingRule[] {
  const r = z.array(ruleSchema).safeParse(JSON.parse(json));
  if (!r.success) throw new Error(`REFERRAL_RULES_JSON: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

/** The special groups an agency's routing rules serve: what a partner may learn of a petitioner's group status. */
export function groupsServedBy(rules: readonly RoutingRule[], agencyCode: string): SpecialGroup[] {
  return [...new Set(rules.filter((r) => r.agencyCode === agencyCode).flatMap((r) => r.groups ?? []))];
}
