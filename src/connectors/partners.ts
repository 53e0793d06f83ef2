/** Every partner agency and special unit the hub knows, as mapping data over the one contract (one folder each). */
import { agriZoneMapping } from "./agri-zone/mapping";
import { disabledFederationMapping } from "./disabled-federation/mapping";
import { horseFarmMapping } from "./horse-farm/mapping";
import { humanResourcesMapping } from "./human-resources/mapping";
import { PartnerMapping } from "./mapping/partner-mapping";
import { shengliOilfieldMapping } from "./shengli-oilfield/mapping";
import { veteransAffairsMapping } from "./veterans-affairs/mapping";
import { womensFederationMapping } from "./womens-federation/mapping";

/** Mappings by organisation code. */
export const PARTNER_MAPPINGS: Readonly<Record<string, PartnerMapping>> = Object.fromEntries(
  [disabledFederationMapping, womensFederationMapping, veteransAffairsMapping, humanResourcesMapping, shengliOilfieldMapping, horseFarmMapping, agriZoneMapping].map((m) => [m.agencyCode, m]),
);
