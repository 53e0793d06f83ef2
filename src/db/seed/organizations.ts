import { DataSource, In } from "typeorm";
import { OrgKind, OrgLevel } from "../../domain/petition-terms";
import { OrganizationEntity } from "../entities";
import { withTransaction } from "../transaction";

/** Organisation codes, by role, for tests and the demo (e.g. `ORG.CITY_BUREAU`). */
export const ORG = {
  PROVINCE_BUREAU: "SD_XFJ",
  PROVINCE_GOV: "SD_GOV",
  CITY_GOV: "DY_GOV",
  CITY_BUREAU: "DY_XFJ",
  // County/district petition offices; they also stand for their locality.
  DONGYING_DISTRICT: "DYQ_XFJ",
  HEKOU: "HKQ_XFJ",
  KENLI: "KLQ_XFJ",
  LIJIN: "LJX_XFJ",
  GUANGRAO: "GRX_XFJ",
  // City departments (competent handlers).
  HOUSING: "DY_ZJJ",
  NATURAL_RESOURCES: "DY_ZRZYJ",
  PUBLIC_SECURITY: "DY_GAJ",
  EDUCATION: "DY_JYJ",
  HEALTH: "DY_WJW",
  MARKET_REGULATION: "DY_SCJGJ",
  DISCIPLINE: "DY_JWJW",
  // Partner agencies (特殊群体联动).
  DISABLED_FEDERATION: "DY_CL",
  WOMEN_FEDERATION: "DY_FL",
  VETERANS_AFFAIRS: "DY_TYJR",
  HUMAN_RESOURCES: "DY_RSJ",
  // Special units (共生共融).
  OILFIELD: "SL_YT",
  HORSE_FARM: "JMC",
  AGRI_ZONE: "NGQ",
} as const;

export type OrgCode = (typeof ORG)[keyof typeof ORG];

export interface OrganizationSeed {
  code: OrgCode;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  parentCode: OrgCode | null;
  /** Explicit "level above" for reviews and escalation (Arts. 35–36). */
  levelAboveCode: OrgCode | null;
}

const { PETITION_BUREAU, PETITION_OFFICE, GOVERNMENT, DEPARTMENT, PARTNER_AGENCY, SPECIAL_UNIT } = OrgKind;
const { PROVINCE, CITY, COUNTY } = OrgLevel;

const countyOffice = (code: OrgCode, name: string): OrganizationSeed =>
  ({ code, name, kind: PETITION_OFFICE, level: COUNTY, parentCode: ORG.CITY_BUREAU, levelAboveCode: ORG.CITY_BUREAU });
const department = (code: OrgCode, name: string): OrganizationSeed =>
  ({ code, name, kind: DEPARTMENT, level: CITY, parentCode: ORG.CITY_GOV, levelAboveCode: ORG.CITY_GOV });
const partner = (code: OrgCode, name: string): OrganizationSeed =>
  ({ code, name, kind: PARTNER_AGENCY, level: CITY, parentCode: null, levelAboveCode: ORG.CITY_GOV });
/**
 * The domain leaves each special unit's "level above" open (shared/domain.md, Open questions), so it is data,
 * not code: the default here is the city petition bureau. Change it in this table when the bureau decides;
 * ensureOrganizations then brings the database in line.
 */
const specialUnit = (code: OrgCode, name: string, levelAboveCode: OrgCode = ORG.CITY_BUREAU): OrganizationSeed =>
  ({ code, name, kind: SPECIAL_UNIT, level: CITY, parentCode: null, levelAboveCode });

/** The organisations the hub knows in Dongying and above. */
export const ORGANIZATIONS: readonly OrganizationSeed[] = [
  { code: ORG.PROVINCE_BUREAU, name: "山东省信访局", kind: PETITION_BUREAU, level: PROVINCE, parentCode: null, levelAboveCode: null },
  { code: ORG.PROVINCE_GOV, name: "山东省人民政府", kind: GOVERNMENT, level: PROVINCE, parentCode: null, levelAboveCode: null },
  { code: ORG.CITY_GOV, name: "东营市人民政府", kind: GOVERNMENT, level: CITY, parentCode: null, levelAboveCode: ORG.PROVINCE_GOV },
  { code: ORG.CITY_BUREAU, name: "东营市信访局", kind: PETITION_BUREAU, level: CITY, parentCode: ORG.CITY_GOV, levelAboveCode: ORG.PROVINCE_BUREAU },

  countyOffice(ORG.DONGYING_DISTRICT, "东营区信访局"),
  countyOffice(ORG.HEKOU, "河口区信访局"),
  countyOffice(ORG.KENLI, "垦利区信访局"),
  countyOffice(ORG.LIJIN, "利津县信访局"),
  countyOffice(ORG.GUANGRAO, "广饶县信访局"),

  department(ORG.HOUSING, "东营市住房和城乡建设局"),
  department(ORG.NATURAL_RESOURCES, "东营市自然资源和规划局"),
  department(ORG.PUBLIC_SECURITY, "东营市公安局"),
  department(ORG.EDUCATION, "东营市教育局"),
  department(ORG.HEALTH, "东营市卫生健康委员会"),
  department(ORG.MARKET_REGULATION, "东营市市场监督管理局"),
  department(ORG.DISCIPLINE, "东营市纪委监委"),

  partner(ORG.DISABLED_FEDERATION, "东营市残疾人联合会"), // 残联
  partner(ORG.WOMEN_FEDERATION, "东营市妇女联合会"), // 妇联
  partner(ORG.VETERANS_AFFAIRS, "东营市退役军人事务局"),
  partner(ORG.HUMAN_RESOURCES, "东营市人力资源和社会保障局"), // 人社局

  specialUnit(ORG.OILFIELD, "胜利油田"),
  specialUnit(ORG.HORSE_FARM, "军马场"), // 山东军马场
  specialUnit(ORG.AGRI_ZONE, "黄河三角洲农业高新技术产业示范区"), // 农高区
];

/**
 * Makes the organisation table hold ORGANIZATIONS, keyed by `code`: inserts missing rows, updates name, kind,
 * level and parent of existing ones, leaves other rows alone. The level above is seeded only where it is unset:
 * once the bureau configures it (setOrganizationLevelAbove) a restart must not undo that. Idempotent and safe to run at every
 * start (a concurrent run's inserts are ignored). Two passes, since rows refer to each other by id.
 */
export async function ensureOrganizations(db: DataSource): Promise<void> {
  const codes = ORGANIZATIONS.map((o) => o.code);
  if (new Set(codes).size !== codes.length) throw new Error("duplicate organisation code in ORGANIZATIONS");
  for (const o of ORGANIZATIONS)
    for (const ref of [o.parentCode, o.levelAboveCode])
      if (ref && !codes.includes(ref)) throw new Error(`organisation ${o.code} refers to unknown code ${ref}`);

  await withTransaction(db, async (em) => {
    // Pass 1: every code exists. Only missing codes are inserted (an ignored insert would still use up
    // auto-increment ids on MySQL); "ignore" covers a concurrent run that inserted them first.
    const present = new Set((await em.find(OrganizationEntity, { select: { code: true }, where: { code: In(codes) } })).map((r) => r.code));
    const missing = ORGANIZATIONS.filter((o) => !present.has(o.code));
    if (missing.length)
      await em
        .createQueryBuilder()
        .insert()
        .into(OrganizationEntity)
        .values(missing.map((o) => ({ code: o.code, name: o.name, kind: o.kind, level: o.level, parentId: null, levelAboveId: null })))
        .orIgnore()
        .execute();
    const rows = await em.find(OrganizationEntity, { where: { code: In(codes) } });
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const idOf = (code: OrgCode | null) => (code ? byCode.get(code)!.id : null);

    // Pass 2: attributes and links of every row, written only where they differ.
    for (const o of ORGANIZATIONS) {
      const row = byCode.get(o.code)!;
      const want = { name: o.name, kind: o.kind, level: o.level, parentId: idOf(o.parentCode), levelAboveId: row.levelAboveId ?? idOf(o.levelAboveCode) };
      const changed = (Object.keys(want) as (keyof typeof want)[]).some((k) => row[k] !== want[k]);
      if (changed) await em.update(OrganizationEntity, { id: row.id }, want);
    }
  });
}
