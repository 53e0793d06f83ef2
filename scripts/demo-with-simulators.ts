/**
 * `SIMULATORS=1 npm start`: the embedded hub plus one simulated system per partner agency and special unit, so a
 * newcomer sees referrals flow: registered → delivered → 签收 → answered (callbacks over GraphQL; 妇联 and 军马场
 * are polled). The simulators are the test fakes (test/simulators), speaking the real protocols over HTTP.
 */
import { exitOnFailure, runMain } from "../src/main";
import { loadConfig } from "../src/platform/config";
import { Role } from "../src/domain/petition-terms";
import { parseAgencyEndpoints } from "../src/connectors/config";
import { startAllSimulators } from "../test/simulators";

async function main() {
  const config = loadConfig();
  const sims = await startAllSimulators({ ackDelayMs: 2_000, respondDelayMs: 8_000 });
  await runMain({ ...process.env, POLL_EVERY_MS: process.env.POLL_EVERY_MS ?? "3000" }, {
    options: { agencies: parseAgencyEndpoints(sims.endpointsJson) },
    onStarted: async (hub) => {
      const url = (config.PUBLIC_URL ?? hub.url ?? "").replace("//localhost:", "//127.0.0.1:");
      // Development shortcut: the simulators get hub-signed agency tokens directly instead of registering machine clients.
      const issuer = hub.identity!.issuer;
      await sims.connectHub(url, async (code) => (await issuer.sign({ sub: `system:${code}`, org: code, roles: [Role.AGENCY_SYSTEM] }, { ttlSeconds: 8 * 3600 })).token);
      hub.deps.log.info({ agencies: [...sims.simulators.keys()] }, "agency simulators running; register a petition with specialGroups to see referrals flow");
    },
    onStopped: () => sims.stop(),
  });
}

main().catch(exitOnFailure);
