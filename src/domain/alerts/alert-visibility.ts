import { Principal, seesEverything } from "../access/principal";

/**
 * Who sees (and may acknowledge or close) an alert: its owning organisation, and the city bureau, which supervises
 * every alert. Deny by default: another county or an agency sees nothing of it.
 */
export const canSeeAlert = (p: Principal, alert: { ownerOrgId: number }): boolean => seesEverything(p) || alert.ownerOrgId === p.orgId;
