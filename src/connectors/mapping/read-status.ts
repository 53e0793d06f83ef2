/**
 * Interprets a mapping's `status` over a partner's status document, producing the contract's AgencyStatus.
 * Every field is checked; problems are reported by path and rule only, never by value (values may be personal).
 */
import { z } from "zod";
import { AgencyAttachment, AgencyStatus } from "../agency-connector";
import { beijingLocalInstant, compactStatus, isoInstant, sha256Field } from "../partner-fields";
import { readPath } from "./map-delivery";
import { ReadSpec, StatusMapping, TimeFormat } from "./partner-mapping";

const text = z.string().trim().min(1);
const offsetInstant = isoInstant;
const TIME: Record<TimeFormat, z.ZodType<string>> = { iso: isoInstant, "beijing-local": beijingLocalInstant, "beijing-offset": offsetInstant };

/** Collects issues as zod would, so errorForBadPayload can report them. */
class Reader {
  readonly issues: z.core.$ZodIssue[] = [];
  constructor(private readonly doc: unknown) {}

  private check<T>(schema: z.ZodType<T>, raw: unknown, path: string): T | undefined {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    for (const i of r.error.issues) this.issues.push({ ...i, path: [...path.split("."), ...i.path] });
    return undefined;
  }

  /** A value that may be absent (null or missing → undefined). */
  optional<T>(schema: z.ZodType<T>, from: unknown, path: string, prefix = ""): T | undefined {
    const raw = readPath(from, path);
    return raw === null || raw === undefined ? undefined : this.check(schema, raw, prefix + path);
  }

  required<T>(schema: z.ZodType<T>, from: unknown, path: string, prefix = ""): T | undefined {
    return this.check(schema, readPath(from, path), prefix + path);
  }

  time(spec: ReadSpec, from: unknown, prefix: string, required: boolean): string | undefined {
    const { path, time } = typeof spec === "string" ? { path: spec, time: "iso" as const } : spec;
    return required ? this.required(TIME[time], from, path, prefix) : this.optional(TIME[time], from, path, prefix);
  }

  get root(): unknown {
    return this.doc;
  }
}

/**
 * The partner's status document in the contract's terms.
 * @returns the status, or the issues that make the document unreadable.
 */
export function readStatus(m: StatusMapping, doc: unknown, externalRef: string): { ok: true; status: AgencyStatus } | { ok: false; issues: z.core.$ZodIssue[] } {
  const r = new Reader(doc);
  if (doc === null || typeof doc !== "object") return { ok: false, issues: [{ code: "custom", path: [], message: "expected an object", input: undefined } as z.core.$ZodIssue] };
  const stateRaw = readPath(doc, m.state.path);
  const state = typeof stateRaw === "string" || typeof stateRaw === "number" ? m.state.values[String(stateRaw)] : undefined;
  if (!state) r.issues.push({ code: "custom", path: m.state.path.split("."), message: `expected one of ${Object.keys(m.state.values).join(", ")}`, input: undefined } as z.core.$ZodIssue);

  const acknowledgedAt = r.time(m.acknowledgedAt, doc, "", false);
  let response: AgencyStatus["response"];
  const answer = readPath(doc, m.response.path);
  if (answer !== null && answer !== undefined) {
    const p = `${m.response.path}.`;
    const a = m.response.attachments;
    const files = r.required(z.array(z.unknown()), answer, a.path, p) ?? [];
    const attachments = files.map((f, i): AgencyAttachment => {
      const fp = `${p}${a.path}.${i}.`;
      return {
        name: r.required(text, f, a.name, fp) ?? "",
        mimeType: r.required(text, f, a.mimeType, fp) ?? "",
        sizeBytes: r.required(z.number().int().nonnegative(), f, a.sizeBytes, fp) ?? 0,
        sha256: a.sha256 ? r.optional(sha256Field, f, a.sha256, fp) : undefined,
        url: a.url ? r.optional(z.url(), f, a.url, fp) : undefined,
      };
    });
    response = {
      opinion: r.required(text, answer, m.response.opinion, p) ?? "",
      actionsTaken: r.optional(z.string(), answer, m.response.actionsTaken, p),
      attachments,
      respondedAt: r.time(m.response.respondedAt, answer, p, true) ?? "",
    };
  } else if (state === "RESPONDED") r.issues.push({ code: "custom", path: m.response.path.split("."), message: "required when RESPONDED", input: undefined } as z.core.$ZodIssue);
  const returnReason = r.optional(text, doc, m.returnReason);
  if (state === "RETURNED" && !returnReason) r.issues.push({ code: "custom", path: m.returnReason.split("."), message: "required when RETURNED", input: undefined } as z.core.$ZodIssue);

  if (r.issues.length || !state) return { ok: false, issues: r.issues };
  return { ok: true, status: compactStatus({ externalRef, status: state, acknowledgedAt, response, returnReason }) };
}

/** The GraphQL selection set (braces included) that asks for every field the status mapping reads. */
export function statusSelection(m: StatusMapping): string {
  const tree: Record<string, unknown> = {};
  const add = (path: string) => {
    let o = tree;
    for (const step of path.split(".")) o = (o[step] ??= {}) as Record<string, unknown>;
  };
  const pathOf = (s: ReadSpec) => (typeof s === "string" ? s : s.path);
  add("ref");
  add(m.state.path);
  add(pathOf(m.acknowledgedAt));
  const rp = m.response.path;
  for (const f of [m.response.opinion, m.response.actionsTaken, pathOf(m.response.respondedAt)]) add(`${rp}.${f}`);
  const a = m.response.attachments;
  for (const f of [a.name, a.mimeType, a.sizeBytes, a.sha256, a.url]) if (f) add(`${rp}.${a.path}.${f}`);
  add(m.returnReason);
  const render = (o: Record<string, unknown>): string =>
    `{ ${Object.entries(o)
      .map(([k, v]) => (Object.keys(v as object).length ? `${k} ${render(v as Record<string, unknown>)}` : k))
      .join(" ")} }`;
  return render(tree);
}
