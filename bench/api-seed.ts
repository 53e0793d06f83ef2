import { HubDeps } from "../src/commands/command-context";
import { submitPetition } from "../src/commands/submit-petition";
import { transitionPetition } from "../src/commands/transition-petition";
import { OrganizationEntity } from "../src/db/entities";
import { residentId } from "../src/db/seed/demo-data";
import { ORG, OrgCode } from "../src/db/seed/organizations";
import { Principal } from "../src/domain/access/principal";
import { PetitionEvent } from "../src/domain/lifecycle/petition-events";
import { Category, Channel, Role, SpecialGroup } from "../src/domain/petition-terms";

/** What seedPetitions created. */
export interface SeedResult {
  petitions: number;
  /** Forwarded to the agency (and so visible to it). */
  forwardedToAgency: number;
  petitioners: number;
  /** Commands retried after a deadlock or lock-wait timeout. */
  retries: number;
  ms: number;
}

export interface SeedOptions {
  count: number;
  /** Organisation code that receives every `agencyEvery`-th petition (offset 3). */
  agency: OrgCode;
  agencyEvery: number;
  concurrency: number;
}

/** Deterministic PRNG (mulberry32), so every run seeds the same data. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"];
const GIVEN = [..."建国秀英玉兰海燕志强桂芳明华文军丽娟立新红梅德"];
const AREAS = ["370502", "370503", "370505", "370522", "370523"];
const LOCALITIES: OrgCode[] = [ORG.DONGYING_DISTRICT, ORG.HEKOU, ORG.KENLI, ORG.LIJIN, ORG.GUANGRAO, ORG.OILFIELD, ORG.AGRI_ZONE];
const HANDLERS: OrgCode[] = [ORG.HOUSING, ORG.NATURAL_RESOURCES, ORG.PUBLIC_SECURITY, ORG.EDUCATION, ORG.HEALTH, ORG.MARKET_REGULATION, ORG.WOMEN_FEDERATION, ORG.VETERANS_AFFAIRS, ORG.HUMAN_RESOURCES];
const MINUTE = 60_000;

const isLockConflict = (e: unknown) => /ER_LOCK_DEADLOCK|ER_LOCK_WAIT_TIMEOUT/.test(String((e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code));

/**
 * Creates `count` petitions through the real commands, oldest first in time (one every 15 minutes up to now),
 * `concurrency` at a time: all registered by the city bureau (DY_XFJ registrar), with 1–3 petitioners each.
 * Every `agencyEvery`-th is forwarded to `agency` (half of those then accepted by an agency handler); of the rest,
 * most are forwarded to a city department, some are left routing or just registered.
 */
export async function seedPetitions(deps: HubDeps, o: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const orgs = new Map((await deps.db.getRepository(OrganizationEntity).find()).map((r) => [r.code, r]));
  const org = (code: OrgCode) => orgs.get(code) ?? (() => { throw new Error(`organisation ${code} is not seeded`); })();
  const principal = (code: OrgCode, role: Role): Principal => {
    const r = org(code);
    return { subject: `bench:${code}:${role}`, orgId: r.id, orgCode: r.code, orgKind: r.kind, orgLevel: r.level, orgPath: [r.id, ...(r.parentId === null ? [] : [r.parentId])], roles: [role] };
  };
  const registrar = principal(ORG.CITY_BUREAU, Role.REGISTRAR);
  const agencyHandler = principal(o.agency, Role.HANDLER);
  const t0 = Date.now() - (o.count + 1) * 15 * MINUTE;
  let retries = 0;
  const retry = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (attempt >= 5 || !isLockConflict(e)) throw e;
        retries++;
      }
    }
  };

  let forwardedToAgency = 0;
  let petitioners = 0;
  const one = async (i: number) => {
    const rnd = prng(i + 1);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const toAgency = i % o.agencyEvery === 3;
    const people = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => ({
      name: pick(SURNAMES) + pick(GIVEN) + pick(GIVEN),
      idNumber: residentId(pick(AREAS), `19${50 + Math.floor(rnd() * 50)}0${1 + Math.floor(rnd() * 9)}1${Math.floor(rnd() * 9)}`, String(100 + ((i * 3 + k) % 900))),
      phone: `139${String(Math.floor(rnd() * 1e8)).padStart(8, "0")}`,
      disabled: toAgency && k === 0,
    }));
    petitioners += people.length;
    const at = t0 + i * 15 * MINUTE;
    const ctx = (minutes: number, p = registrar) => ({ principal: p, now: new Date(at + minutes * MINUTE), requestId: `bench:${i}` });
    const petition = await retry(() =>
      submitPetition(deps, ctx(0), {
        channel: pick(Object.values(Channel)),
        category: rnd() < 0.7 ? Category.APPEAL_REQUEST : Category.SUGGESTION,
        localityOrgId: org(pick(LOCALITIES)).id,
        summary: `基准测试信访件 #${i}：${toAgency ? "残疾人补贴未按时发放，要求核实补发" : "反映社区公共设施维修问题，要求有关部门处理"}。`,
        request: "要求依法依规处理并书面答复。",
        headcount: people.length,
        specialGroups: toAgency ? [SpecialGroup.DISABLED] : [],
        petitioners: people,
      }),
    );
    const move = (minutes: number, ev: PetitionEvent, p = registrar) => retry(() => transitionPetition(deps, ctx(minutes, p), petition.id, ev));
    if (toAgency) {
      await move(5, { type: "FORWARD", toOrgId: org(o.agency).id });
      forwardedToAgency++;
      if (i % (2 * o.agencyEvery) === 3) await move(10, { type: "ACCEPT" }, agencyHandler);
    } else if (i % 8 === 6) await move(5, { type: "START_ROUTING" });
    else if (i % 8 !== 7) await move(5, { type: "FORWARD", toOrgId: org(pick(HANDLERS)).id });
  };

  let next = 0;
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (next < o.count) await one(next++);
  }));
  return { petitions: o.count, forwardedToAgency, petitioners, retries, ms: Date.now() - started };
}
