/** Every simulated partner: its protocol, its own shapes, and whether it can call the hub back. */
import { GraphqlPartnerShape } from "../graphql-agency-simulator";
import { RestPartnerShape } from "../rest-agency-simulator";
import { agriZoneShape } from "./agri-zone";
import { disabledFederationShape } from "./disabled-federation";
import { horseFarmShape } from "./horse-farm";
import { humanResourcesShape } from "./human-resources";
import { shengliOilfieldShape } from "./shengli-oilfield";
import { veteransAffairsShape } from "./veterans-affairs";
import { womensFederationShape } from "./womens-federation";

/** A simulated partner; `mode: "poll"` ones have no way to call the hub, so the hub polls them. */
export type SimulatedPartner =
  | { protocol: "REST_HMAC"; mode: "callback" | "poll"; shape: RestPartnerShape }
  | { protocol: "GRAPHQL"; mode: "callback" | "poll"; shape: GraphqlPartnerShape };

export const SIMULATED_PARTNERS: Readonly<Record<string, SimulatedPartner>> = {
  DY_CL: { protocol: "REST_HMAC", mode: "callback", shape: disabledFederationShape },
  DY_FL: { protocol: "REST_HMAC", mode: "poll", shape: womensFederationShape },
  DY_TYJR: { protocol: "GRAPHQL", mode: "callback", shape: veteransAffairsShape },
  DY_RSJ: { protocol: "REST_HMAC", mode: "callback", shape: humanResourcesShape },
  SL_YT: { protocol: "GRAPHQL", mode: "callback", shape: shengliOilfieldShape },
  JMC: { protocol: "REST_HMAC", mode: "poll", shape: horseFarmShape },
  NGQ: { protocol: "REST_HMAC", mode: "callback", shape: agriZoneShape },
};

/** Agency codes with a simulator, in a stable order. */
export const SIMULATED_AGENCY_CODES = Object.keys(SIMULATED_PARTNERS);
