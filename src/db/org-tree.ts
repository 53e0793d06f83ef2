import { DataSource } from "typeorm";
import { Principal, seesEverything } from "../domain/access/principal";
import type { Role } from "../domain/petition-terms";
import { OrganizationEntity } from "./entities";

interface Tree {
  parents: Map<number, number | null>;
  at: number;
}

const trees = new WeakMap<DataSource, Tree>();
const TTL_MS = 30_000;

async function tree(db: DataSource): Promise<Tree> {
  const hit = trees.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const rows = await db.getRepository(OrganizationEntity).find({ select: { id: true, parentId: true } });
  const t = { parents: new Map(rows.map((r) => [r.id, r.parentId])), at: Date.now() };
  trees.set(db, t);
  return t;
}

/**
 * An organisation and its ancestors in the organisation tree, nearest first (`[self, parent, …]`). Organisations are
 * reference data of a few dozen rows, so the whole tree is cached per data source for 30 s. A cycle ends the walk.
 */
export async function orgPath(db: DataSource, orgId: number): Promise<number[]> {
  const { parents } = await tree(db);
  const path: number[] = [];
  for (let id: number | null | undefined = orgId; id != null && !path.includes(id); id = parents.get(id)) path.push(id);
  return path;
}

/** Forgets the cached tree (after an organisation's parent changes). */
export function forgetOrgTree(db: DataSource): void {
  trees.delete(db);
}

/** A principal acting for `org` (workers, signed callbacks, the demo), with its organisation path filled in. */
export async function principalForOrg(db: DataSource, org: OrganizationEntity, subject: string, roles: readonly Role[]): Promise<Principal> {
  return { subject, orgId: org.id, orgCode: org.code, orgKind: org.kind, orgLevel: org.level, orgPath: await orgPath(db, org.id), roles };
}

/**
 * The organisations whose locality-scoped records (ledgers, accident cases, 市控 entries) the principal sees, by a
 * domain rule over each organisation's path; "ALL" for the city bureau. Organisations are a few dozen rows.
 */
export async function localitiesSeenBy(db: DataSource, p: Principal, sees: (p: Principal, path: number[]) => boolean): Promise<number[] | "ALL"> {
  if (seesEverything(p)) return "ALL";
  const orgs = await db.getRepository(OrganizationEntity).find({ select: { id: true } });
  const out: number[] = [];
  for (const o of orgs) if (sees(p, await orgPath(db, o.id))) out.push(o.id);
  return out;
}
