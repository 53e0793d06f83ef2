import { DataSource } from "typeorm";
import type { Principal } from "../domain/access/principal";
import { AccidentCaseState } from "../domain/accidents/accident-terms";
import { dutiesOf, listAccidentCases } from "../db/accident-queries";
import { AccidentCaseType } from "../schema/accident.type";

/** How many open accident cases the command screen lists. */
const ACCIDENT_CASES_SHOWN = 20;

/**
 * The command screen's 意外伤亡 panel: the open cases the caller sees, with their duties. Due times, not hours left,
 * are pushed: the page counts down itself, so the figures do not change (and are not pushed again) as time passes.
 */
export async function openAccidentCasesView(db: DataSource, principal: Principal): Promise<AccidentCaseType[]> {
  const rows = await listAccidentCases(db, principal, { state: AccidentCaseState.OPEN }, ACCIDENT_CASES_SHOWN, null);
  const duties = await dutiesOf(db, rows.map((r) => r.id));
  return rows.map((r) => AccidentCaseType.from(r, duties));
}
