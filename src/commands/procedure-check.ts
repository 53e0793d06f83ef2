import { BadInputError } from "../domain/errors";
import { CLOSED_STATES } from "../domain/citizen/citizen-progress";
import { noteAuditDetails } from "./audit-scope";
import { HubDeps } from "./command-context";
import { RESIDENT_ID_NUMBER } from "./petition-input";
import { assertOperationAllowed } from "../domain/access/policy";
import { Principal } from "../domain/access/principal";
import { normalisePii } from "../platform/pii-crypto";

/** Whether a person has a matter in the petition procedure, and how many: the whole answer a partner gets. */
export interface ProcedureAnswer {
  inProcedure: boolean;
  openMatters: number;
}

/**
 * "Already in procedure?" for a partner system (the 12345 hotline): the ID number is hashed here with the hub's
 * blind-index key and matched against `petitioner.idNumberIndex`; only a yes/no and a count of open matters leave.
 * The partner sends the ID number itself over its authenticated channel rather than a hash it computed, because a
 * partner able to compute the index would hold the index key, and with ~10^9 plausible ID numbers in a region that
 * key turns every stored index back into an ID number. The number is never stored or logged (audit-mutations.ts
 * keeps it out of the entry's arguments).
 */
export async function checkProcedure(deps: HubDeps, principal: Principal, rawIdNumber: string): Promise<ProcedureAnswer> {
  assertOperationAllowed(principal, "Query.alreadyInProcedure");
  // Registration stores only 18-character numbers, so that is all a match can be made on.
  const idNumber = normalisePii(rawIdNumber, "idNumber");
  if (!RESIDENT_ID_NUMBER.test(idNumber)) throw new BadInputError("not an ID number", [{ path: "idNumber", message: "18 characters, the last a digit or X" }]);
  const index = deps.pii.blindIndex(idNumber, "idNumber");
  const closed = CLOSED_STATES.map(() => "?").join(", ");
  const rows = (await deps.db.query(
    `SELECT COUNT(DISTINCT p.matterId) AS n FROM petitioner pe JOIN petition p ON p.id = pe.petitionId WHERE pe.idNumberIndex = ? AND p.state NOT IN (${closed})`,
    [index, ...CLOSED_STATES],
  )) as { n: number | string }[];
  const openMatters = Number(rows[0]?.n ?? 0);
  noteAuditDetails({ openMatters });
  return { inProcedure: openMatters > 0, openMatters };
}
