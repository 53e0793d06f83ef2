import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` shows the fast track: the bureau's demo visits on the 市控 list, their letters mostly
// answered, one case with one letter answered and one overdue (gone to supervision), and one entry delisted.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

type Letter = { kind: string; respondedAt: string | null; supervisedAt: string | null; responseDueAt: string };
it("loads fast-tracked visits: a showcase with one letter answered and one overdue, the rest answered, one delisted", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{ cityControlList: { petitionId: string; listed: boolean; letters: Letter[] }[]; alerts: { kind: string; subjectId: string }[]; dashboard: { cityVisit: { lettersAwaiting: number; lettersOverdue: number; listedByLocality: { orgName: string; count: number }[] } } }>(
    bureau,
    `{ cityControlList(first: 50) { petitionId listed letters { kind respondedAt supervisedAt responseDueAt } }
       alerts(first: 50) { kind subjectId }
       dashboard { cityVisit { lettersAwaiting lettersOverdue listedByLocality { orgName count } } } }`,
  );
  expect(r.errors).toBeUndefined();
  const list = r.data!.cityControlList;
  expect(list.length).toBeGreaterThanOrEqual(5);
  expect(list.filter((e) => !e.listed)).toHaveLength(1);
  // The showcase (垦利 wage arrears, registered 4 days ago): the reminder is a day overdue. The demo loads before the
  // hub's sweeps start, so no other letter is supervised before the seed records its answer.
  const showcase = list.find((e) => e.letters.some((l) => l.kind === "RESOLUTION_PROJECT" && l.respondedAt !== null) && e.letters.some((l) => l.respondedAt === null && l.kind === "EARLY_WARNING_REMINDER"))!;
  expect(showcase).toBeDefined();
  // All other letters issued over a day ago are answered, none after supervision.
  const others = list.filter((e) => e !== showcase).flatMap((e) => e.letters);
  expect(others.filter((l) => l.respondedAt === null && Date.parse(l.responseDueAt) < Date.now())).toEqual([]);
  expect(others.filter((l) => l.supervisedAt !== null)).toEqual([]);
  expect(showcase.letters.map((l) => [l.kind, l.respondedAt !== null, l.supervisedAt !== null])).toEqual([
    ["EARLY_WARNING_REMINDER", false, true],
    ["RESOLUTION_PROJECT", true, false],
    ["STABILITY_ASSIGNMENT", false, false],
  ]);
  expect(r.data!.alerts.filter((a) => a.kind === "CITY_LETTER_RESPONSE_OVERDUE").map((a) => a.subjectId)).toContain(showcase.petitionId);
  expect(r.data!.dashboard.cityVisit.lettersOverdue).toBeGreaterThanOrEqual(1);
  expect(r.data!.dashboard.cityVisit.lettersAwaiting).toBeGreaterThanOrEqual(2);
  expect(r.data!.dashboard.cityVisit.listedByLocality.reduce((n, l) => n + l.count, 0)).toBe(list.length - 1);
});
