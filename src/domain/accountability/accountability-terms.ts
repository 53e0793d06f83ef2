/**
 * Accountability candidates (责任追究, domain.md §3.8): raised automatically from breaches, each coded to the article
 * it falls under (Arts. 42–46), then reviewed by a person. The review and the receiving authority's written feedback
 * belong to the governance systems; this is the record they start from. Pure values.
 */

/** What raised a candidate. Rules append their cause here. */
export enum AccountabilityCause {
  BOTTOM_LINE_BREACH = "BOTTOM_LINE_BREACH",
  URGENT_REPORT_LATE = "URGENT_REPORT_LATE",
  BUCK_PASSING = "BUCK_PASSING",
  LETTER_RESPONSE_OVERDUE = "LETTER_RESPONSE_OVERDUE",
  MISSED_NOTICE = "MISSED_NOTICE",
  MISSED_HANDLING_DEADLINE = "MISSED_HANDLING_DEADLINE",
  MISSED_FORWARDING = "MISSED_FORWARDING",
}

/** What a candidate is about. */
export enum AccountabilitySubjectType {
  PETITION = "PETITION",
  MATTER = "MATTER",
  LETTER = "LETTER",
  BOTTOM_LINE_BREACH = "BOTTOM_LINE_BREACH",
  ALERT = "ALERT",
  LEDGER_ENTRY = "LEDGER_ENTRY",
  ACCIDENT_CASE = "ACCIDENT_CASE",
}

/** A candidate is open until a person has reviewed it (the review itself is the governance issue's). */
export enum AccountabilityState {
  OPEN = "OPEN",
  REVIEWED = "REVIEWED",
}
