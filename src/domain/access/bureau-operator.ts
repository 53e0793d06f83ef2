import { Role } from "../petition-terms";
import { hasRole, Principal, seesEverything } from "./principal";

/**
 * A city-bureau OPERATOR: runs the hub (queues, failed deliveries) and is the only caller who may introspect the
 * schema and see "Did you mean" suggestions in production, and sign in to /admin.
 */
export const isBureauOperator = (p: Principal | null | undefined): p is Principal => !!p && seesEverything(p) && hasRole(p, Role.OPERATOR);
