import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// 复核 goes to the level above the organ of the 复查 (Art. 36): a cycle in that chain would send it back to the
// organ itself, so every cycle is refused, however long, not only an organisation placed above itself.
let t: TestHub;
let operator: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  operator = await t.token("DY_XFJ", [Role.OPERATOR]);
  for (const code of ["JMC", "NGQ", "SL_YT"]) ids[code] = String((await t.org(code)).id);
});
afterAll(() => t?.stop());

const SET = `mutation($id: ID!, $above: ID!) { setOrganizationLevelAbove(id: $id, levelAboveId: $above) { id levelAbove { code } } }`;
const set = (id: string, above: string) => t.gql<{ setOrganizationLevelAbove: { levelAbove: { code: string } } }>(operator, SET, { id, above });
const levelAboveCode = async (code: string) =>
  (await t.gql<{ organizations: { code: string; levelAbove: { code: string } | null }[] }>(operator, `{ organizations { code levelAbove { code } } }`)).data!.organizations.find((o) => o.code === code)!.levelAbove?.code ?? null;

describe("level above", () => {
  it("refuses a two-organisation cycle (JMC → NGQ → JMC) and keeps the chain as it was", async () => {
    const ok = await set(ids.JMC, ids.NGQ);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.setOrganizationLevelAbove.levelAbove.code).toBe("NGQ");
    const before = await levelAboveCode("NGQ");

    const r = await set(ids.NGQ, ids.JMC);
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].extensions?.issues).toEqual([{ path: "levelAboveId", message: `cycle through organisations ${ids.NGQ} → ${ids.JMC} → ${ids.NGQ}` }]);
    expect(await levelAboveCode("NGQ")).toBe(before);
  });

  it("refuses a longer cycle (SLYT → JMC → NGQ → SLYT) and self-reference", async () => {
    expect((await set(ids.NGQ, ids["SL_YT"])).errors).toBeUndefined(); // JMC → NGQ → SLYT
    const r = await set(ids["SL_YT"], ids.JMC);
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(await levelAboveCode("SL_YT")).not.toBe("JMC");
    expect((await set(ids.JMC, ids.JMC)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
