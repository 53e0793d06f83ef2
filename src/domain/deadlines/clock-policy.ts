import { Category, PetitionState } from "../petition-terms";

/** Every statutory clock the hub tracks. */
export enum DeadlineKind {
  /** Art. 22: petition department forwards or assigns within 15 days of registration. */
  ROUTING = "ROUTING",
  /** Art. 23: handler's written notice of acceptance within 15 days of receipt. */
  ACCEPTANCE_NOTICE = "ACCEPTANCE_NOTICE",
  /** Art. 23: handler may object that the matter is not theirs within 5 working days. */
  OBJECTION_WINDOW = "OBJECTION_WINDOW",
  /** Art. 34: handling of an accepted appeal/request, 60 days, one extension ≤ 30 days. */
  HANDLING = "HANDLING",
  /** Art. 22: result and closure report of an assigned matter, date set by the assigning organ. */
  ASSIGNED_RESULT = "ASSIGNED_RESULT",
  /** Art. 35: petitioner may ask for first review within 30 days of receiving the answer. */
  REVIEW_REQUEST_WINDOW = "REVIEW_REQUEST_WINDOW",
  /** Art. 35: review opinion within 30 days of the request. */
  REVIEW_OPINION = "REVIEW_OPINION",
  /** Art. 36: petitioner may ask for second review within 30 days of the review opinion. */
  REREVIEW_REQUEST_WINDOW = "REREVIEW_REQUEST_WINDOW",
  /** Art. 36: second review opinion within 30 days, hearing time excluded. */
  REREVIEW_OPINION = "REREVIEW_OPINION",
  /** The petitioner's satisfaction evaluation after service of the answer (configured period; EVAL_OVERDUE when it lapses). */
  EVALUATION = "EVALUATION",
}

/** A duty binds an organ (missing it is a breach); a window binds the petitioner or handler (it lapses). */
export type DeadlineNature = "DUTY" | "WINDOW";

/** How a period is counted. `FIXED` means the date is set by someone (e.g. the assigning organ). */
export type DayCounting = "CALENDAR" | "WORKING" | "FIXED";

export interface ClockRule {
  nature: DeadlineNature;
  counting: DayCounting;
  days: number;
  /** Legal basis recorded on the deadline row and in history. */
  basis: string;
  /**
   * Petition states during which the law suspends this clock (Art. 36: hearing time is excluded from the 复核 period).
   * While the petition is in one of them the deadline is PAUSED; on leaving, it is moved by the suspended days.
   */
  suspendedIn?: PetitionState[];
}

/** Configurable lengths and counting rules for every clock. Defaults follow shared/domain.md §2. */
export interface ClockPolicy {
  rules: Record<DeadlineKind, ClockRule>;
  /** Art. 34 allows one extension of at most this many days. */
  maxExtensionDays: number;
  /** Categories to which the Art. 34 handling clock applies (open question in the domain; default: appeal/request). */
  handlingClockCategories: Category[];
  /** Yellow warning this many working days before a duty deadline. */
  yellowWarningWorkdays: number;
  /**
   * Categories whose written handling opinions open the petitioner's review windows (Arts. 35, 36 cover opinions on
   * appeal/request matters; answers to suggestions and accusations have none).
   */
  reviewWindowCategories: Category[];
  /** Shandong Art. 46(1): a mediation agreement ends the matter (no review window; it may be terminated at once). */
  mediationEndsMatter: boolean;
}

export const DEFAULT_CLOCK_POLICY: ClockPolicy = {
  rules: {
    ROUTING: { nature: "DUTY", counting: "CALENDAR", days: 15, basis: "信访工作条例 第22条" },
    ACCEPTANCE_NOTICE: { nature: "DUTY", counting: "CALENDAR", days: 15, basis: "信访工作条例 第23条" },
    OBJECTION_WINDOW: { nature: "WINDOW", counting: "WORKING", days: 5, basis: "信访工作条例 第23条" },
    HANDLING: { nature: "DUTY", counting: "CALENDAR", days: 60, basis: "信访工作条例 第34条" },
    ASSIGNED_RESULT: { nature: "DUTY", counting: "FIXED", days: 0, basis: "信访工作条例 第22条" },
    REVIEW_REQUEST_WINDOW: { nature: "WINDOW", counting: "CALENDAR", days: 30, basis: "信访工作条例 第35条" },
    REVIEW_OPINION: { nature: "DUTY", counting: "CALENDAR", days: 30, basis: "信访工作条例 第35条" },
    REREVIEW_REQUEST_WINDOW: { nature: "WINDOW", counting: "CALENDAR", days: 30, basis: "信访工作条例 第36条" },
    REREVIEW_OPINION: { nature: "DUTY", counting: "CALENDAR", days: 30, basis: "信访工作条例 第36条", suspendedIn: [PetitionState.HEARING] },
    EVALUATION: { nature: "WINDOW", counting: "CALENDAR", days: 30, basis: "满意度评价 (configured period)" },
  },
  maxExtensionDays: 30,
  handlingClockCategories: [Category.APPEAL_REQUEST],
  yellowWarningWorkdays: 1,
  reviewWindowCategories: [Category.APPEAL_REQUEST],
  mediationEndsMatter: true,
};
