import { DeadlineKind } from "../deadlines/clock-policy";
import { Category, PetitionState as S } from "../petition-terms";

/**
 * The public Open311 GeoReport v2 view (read-only): what civic tools may know of petitions without personal data.
 * Pure rules; src/http/open311-routes.ts serves them and src/db/open311-queries.ts reads the rows.
 */

/**
 * Services are the petition categories a citizen may follow in public. Accusations (检举控告类) are left out
 * entirely: Art. 30 forbids telling the accused unit, and even an accusation's existence, agency and dates tell it
 * that someone complained. Special groups (disability, veteran status) are never a service either: PIPL Art. 28
 * makes them sensitive, and a category with dates is enough to single a person out in a small county.
 */
export const OPEN311_SERVICES: readonly { code: Category; name: string; description: string }[] = [
  { code: Category.SUGGESTION, name: "建议意见", description: "Suggestions and opinions on the work of state organs (信访工作条例 第29条)" },
  { code: Category.APPEAL_REQUEST, name: "申诉求决", description: "Appeals and requests handled to a written opinion, or diverted to a statutory route (第31条)" },
];

/** States in which the petition has its answer (or its end), so civic tools show it as closed. */
const CLOSED: ReadonlySet<S> = new Set([S.ANSWERED, S.MEDIATED, S.EVALUATED, S.EVAL_OVERDUE, S.REVIEWED, S.REREVIEWED, S.NOT_ACCEPTED, S.DIVERTED, S.TERMINATED]);

/** `open` or `closed`, GeoReport v2's two statuses. */
export const open311Status = (state: S): "open" | "closed" => (CLOSED.has(state) ? "closed" : "open");

/**
 * `status_notes`: a fixed phrase per state, never text a person typed (reasons, opinions and answers name people
 * and facts). The phrase says where the item stands in the procedure, which is what the status is for.
 */
const NOTES: Readonly<Record<S, string>> = {
  [S.RECEIVED]: "已收到，待登记",
  [S.REGISTERED]: "已登记",
  [S.ROUTING]: "已登记，正在转送",
  [S.FORWARDED]: "已转送有权处理机关",
  [S.ASSIGNED]: "已交办有权处理机关",
  [S.RECEIVED_BY_HANDLER]: "有权处理机关已收到",
  [S.OBJECTED]: "正在重新确定处理机关",
  [S.ACCEPTED]: "已受理",
  [S.NOT_ACCEPTED]: "不予受理",
  [S.DIVERTED]: "已导入法定途径处理",
  [S.IN_HANDLING]: "办理中",
  [S.EXTENDED]: "已延期办理",
  [S.HEARING]: "听证中",
  [S.MEDIATED]: "已调解",
  [S.ANSWERED]: "已出具处理意见",
  [S.EVALUATED]: "已出具处理意见",
  [S.EVAL_OVERDUE]: "已出具处理意见",
  [S.REVIEW_REQUESTED]: "复查中",
  [S.REVIEWED]: "已出具复查意见",
  [S.REREVIEW_REQUESTED]: "复核中",
  [S.REREVIEWED]: "已出具复核意见",
  [S.TERMINATED]: "已终结",
};
export const open311StatusNotes = (state: S): string => NOTES[state];

/** The organs' duties whose due date is the `expected_datetime` (the petitioner's own windows are not). */
export const EXPECTED_KINDS: readonly DeadlineKind[] = [
  DeadlineKind.ROUTING,
  DeadlineKind.ACCEPTANCE_NOTICE,
  DeadlineKind.HANDLING,
  DeadlineKind.ASSIGNED_RESULT,
  DeadlineKind.REVIEW_OPINION,
  DeadlineKind.REREVIEW_OPINION,
];

/** GeoReport v2: without dates the last 90 days; a range may span at most 90 days; at most 1000 results. */
export const OPEN311_LIMITS = { defaultDays: 90, maxRangeDays: 90, maxResults: 1000, maxIds: 100 } as const;

/** Parsed `requests.json` parameters, or the GeoReport error to answer with. */
export type Open311Query =
  | { ok: true; ids: string[] | null; serviceCodes: Category[] | null; statuses: ("open" | "closed")[] | null; start: Date; end: Date }
  | { ok: false; code: 400; description: string };

const DAY = 86_400_000;

/** Reads the GeoReport v2 query parameters against the limits above; `now` is passed in. */
export function parseOpen311Query(params: URLSearchParams, now: Date): Open311Query {
  const bad = (description: string) => ({ ok: false as const, code: 400 as const, description });
  const list = (name: string) => {
    const v = params.get(name);
    return v === null || v.trim() === "" ? null : v.split(",").map((s) => s.trim()).filter(Boolean);
  };
  const date = (name: string) => {
    const v = params.get(name);
    if (v === null || v === "") return undefined;
    // W3C date-time (ISO 8601 with a time zone), as the spec asks.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return null;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const ids = list("service_request_id");
  if (ids && ids.length > OPEN311_LIMITS.maxIds) return bad(`at most ${OPEN311_LIMITS.maxIds} service_request_id values`);
  const codes = list("service_code");
  if (codes && codes.some((c) => !OPEN311_SERVICES.some((s) => s.code === c))) return bad("unknown service_code");
  const statuses = list("status");
  if (statuses && statuses.some((s) => s !== "open" && s !== "closed")) return bad("status must be open or closed");
  const s = date("start_date");
  const e = date("end_date");
  if (s === null || e === null) return bad("start_date and end_date must be W3C date-times with a time zone");
  const end = e ?? (s ? new Date(s.getTime() + OPEN311_LIMITS.defaultDays * DAY) : now);
  const start = s ?? new Date(end.getTime() - OPEN311_LIMITS.defaultDays * DAY);
  if (start > end) return bad("start_date is after end_date");
  if (end.getTime() - start.getTime() > OPEN311_LIMITS.maxRangeDays * DAY) return bad(`the date range may span at most ${OPEN311_LIMITS.maxRangeDays} days`);
  return { ok: true, ids, serviceCodes: codes as Category[] | null, statuses: statuses as ("open" | "closed")[] | null, start, end };
}
