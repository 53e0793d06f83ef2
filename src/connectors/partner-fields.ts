/**
 * Small building blocks for reading partner payloads at the boundary: instants in the formats partners use,
 * digests, optional fields that partners send as null or leave out.
 */
import { z } from "zod";
import { AgencyStatus } from "./agency-connector";

/** An ISO 8601 instant with Z or an offset, normalised to UTC `…Z`. */
export const isoInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

/** `YYYY-MM-DD HH:mm:ss` in Beijing time (UTC+8), as several local systems write it, normalised to UTC `…Z`. */
export const beijingLocalInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, "expected YYYY-MM-DD HH:mm:ss")
  .transform((s) => new Date(`${s.replace(" ", "T")}+08:00`).toISOString());

/** The hub's ISO instant as Beijing local time `YYYY-MM-DD HH:mm:ss`. */
export function toBeijingLocal(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) throw new RangeError(`not an ISO instant: ${JSON.stringify(iso.slice(0, 40))}`);
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}

/** Hex SHA-256, normalised to lower case. */
export const sha256Field = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "expected a hex SHA-256")
  .transform((s) => s.toLowerCase());

/** A field the partner may send as null or leave out; both become undefined. */
export function optional<T extends z.ZodType>(t: T) {
  return t.nullish().transform((v) => v ?? undefined);
}

/** Non-empty text, trimmed. */
export const text = z.string().trim().min(1);

/** Drops undefined fields, so a status carries only what the partner said. */
export function compactStatus(s: AgencyStatus): AgencyStatus {
  return JSON.parse(JSON.stringify(s)) as AgencyStatus;
}
