/**
 * The hub's delivery-signing key in tests: the one the agency simulators trust by default (DEFAULT_HUB_TEST_KEY),
 * given to in-process and child-process hubs as PARTNER_KEYS_JSON. Suites that test key publication start their
 * simulators with `hubPublicKeys: []`, so they only trust what the hub publishes.
 */
import { DEFAULT_HUB_TEST_KEY } from "../simulators/partner-signatures";

export const TEST_PARTNER_KEYS_JSON = JSON.stringify({ keys: [DEFAULT_HUB_TEST_KEY.privateJwk] });
