import { EntityManager } from "typeorm";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { ackDueAt } from "../domain/early-warning/consultation-rules";
import { AlertEntity, OrganizationEntity } from "../db/entities";
import { appendOutbox } from "./command-context";

/** What a rule wants raised; the acknowledgement deadline follows from `raisedAt` and the configured hours. */
export interface AlertSpec {
  /** One alert per cause: raising the same key again is a no-op. */
  dedupeKey: string;
  kind: AlertKind;
  severity: AlertSeverity;
  ownerOrgId: number;
  ownerPerson: string | null;
  subjectType: AlertSubjectType;
  subjectId: number;
  message: string;
  requiredActions: string[];
}

/**
 * Raises an alert inside the caller's transaction, with its `alert.raised` event on the outbox. Idempotent by
 * `dedupeKey`; returns null when the alert was raised before. Callers claim their cause first (a conditional update),
 * so two sweeps do not race to the same key.
 */
export async function raiseAlert(em: EntityManager, spec: AlertSpec, meta: { actor: string; requestId?: string; at: Date; ackHours: number }): Promise<AlertEntity | null> {
  if (await em.existsBy(AlertEntity, { dedupeKey: spec.dedupeKey })) return null;
  const alert = em.create(AlertEntity, { ...spec, raisedAt: meta.at, ackDueAt: ackDueAt(meta.at, meta.ackHours), ackOverdueAt: null, acknowledgedAt: null, acknowledgedBy: null, closedAt: null, closedBy: null, closeNote: null });
  await em.insert(AlertEntity, alert);
  const { id, kind, severity, ownerOrgId, subjectType, subjectId } = alert;
  await appendOutbox(em, "alert", id, [{ type: "alert.raised", data: { alertId: id, kind, severity, ownerOrgId, subjectType, subjectId, ackDueAt: alert.ackDueAt.toISOString() } }], meta);
  return alert;
}

/**
 * The organisation that supervises `orgId`: its configured level above, else its parent; null at the top. A county
 * office's is the city bureau.
 */
export async function supervisorOf(em: EntityManager, orgId: number): Promise<number | null> {
  const org = await em.findOneBy(OrganizationEntity, { id: orgId });
  return org ? (org.levelAboveId ?? org.parentId) : null;
}
