/** Interprets a mapping's `fields` over the canonical delivery message, producing the partner's body. */
import { toBeijingLocal } from "../partner-fields";
import { TimeFormat, ValueSpec } from "./partner-mapping";

/** Reads a dotted path; a missing step is undefined. */
export function readPath(from: unknown, path: string): unknown {
  let v: unknown = from;
  for (const step of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[step];
  }
  return v;
}

/** Writes a dotted path, creating the objects on the way. */
function writePath(into: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split(".");
  let o = into;
  for (const step of steps.slice(0, -1)) o = (o[step] ??= {}) as Record<string, unknown>;
  o[steps[steps.length - 1]] = value;
}

/** An ISO instant in a partner's format. */
export function formatTime(iso: unknown, format: TimeFormat): string {
  if (typeof iso !== "string" || Number.isNaN(Date.parse(iso))) throw new RangeError(`not an ISO instant: ${JSON.stringify(String(iso).slice(0, 40))}`);
  if (format === "iso") return iso;
  const local = toBeijingLocal(iso);
  return format === "beijing-local" ? local : `${local.replace(" ", "T")}+08:00`;
}

function value(spec: ValueSpec, from: unknown, root: unknown): unknown {
  if (typeof spec === "string") return readPath(from, spec);
  if ("each" in spec) {
    const items = readPath(from, spec.each);
    if (!Array.isArray(items)) throw new TypeError(`${spec.each} is not a list`);
    return items.map((item) => build(spec.fields, item, root));
  }
  if ("hasGroup" in spec) {
    const groups = readPath(root, "petition.specialGroups");
    if (Array.isArray(groups) && groups.includes(spec.hasGroup)) return true;
    if (!spec.orMatches) return false;
    const text = spec.orMatches.paths.map((p) => String(readPath(root, p) ?? "")).join("\n");
    return new RegExp(spec.orMatches.pattern).test(text);
  }
  const raw = readPath(from, spec.path);
  if ("time" in spec) return formatTime(raw, spec.time);
  const label = spec.labels[String(raw)];
  if (label === undefined) throw new RangeError(`${spec.path}: no label for ${JSON.stringify(String(raw).slice(0, 40))}`);
  return label;
}

/** The partner's object for `fields`, read from `from` (paths of `each` items are relative to the item). */
export function build(fields: Readonly<Record<string, ValueSpec>>, from: unknown, root: unknown = from): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(fields)) writePath(out, key, value(spec, from, root));
  return out;
}
