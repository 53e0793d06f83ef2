import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The README's front-door example, as a newcomer types it against `npm start`'s demo data: it answers without
// errors, and every part of it has something to show.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

type Answer = {
  alerts: { kind: string }[];
  bottomLineStatus: { city: { line: string; daysSince: number | null }[]; localities: { orgName: string }[] };
  cityControlList: { letters: { number: string; documentId: string | null; sha256: string | null }[] }[];
  accidentCases: { duties: unknown[] }[];
  ledgerEntries: unknown[];
  accountabilityCandidates: { cause: string }[];
};

it("the README's front-door query answers on the demo data, with something in every part", async () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The front door and early warning"));
  const query = /```graphql\n([\s\S]*?)```/.exec(section)![1];
  const r = await t.gql<Answer>(await t.token("DY_XFJ", [Role.CASE_OFFICER]), query);
  expect(r.errors).toBeUndefined();
  const d = r.data!;
  expect(new Set(d.alerts.map((a) => a.kind)).size).toBeGreaterThanOrEqual(4);
  expect(d.bottomLineStatus.city.map((l) => l.line)).toHaveLength(4);
  expect(d.bottomLineStatus.city.some((l) => l.daysSince !== null)).toBe(true);
  expect(d.bottomLineStatus.localities.length).toBeGreaterThan(0);
  expect(d.cityControlList.length).toBeGreaterThan(0);
  // Every letter of the fast track was rendered and stored as a PDF.
  const letters = d.cityControlList.flatMap((e) => e.letters);
  expect(letters.length).toBe(3 * d.cityControlList.length);
  expect(letters.every((l) => l.documentId !== null && /^[0-9a-f]{64}$/.test(l.sha256 ?? ""))).toBe(true);
  expect(d.accidentCases.every((c) => c.duties.length === 3)).toBe(true);
  expect(d.accidentCases.length).toBeGreaterThan(0);
  expect(d.ledgerEntries.length).toBeGreaterThan(0);
  expect(d.accountabilityCandidates.length).toBeGreaterThan(0);
});
