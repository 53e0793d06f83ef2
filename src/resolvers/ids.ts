import { BadInputError } from "../domain/errors";

/** Parses a GraphQL ID into a database id, or fails with BAD_USER_INPUT naming the argument. */
export function parseId(value: string, arg: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) throw new BadInputError(`${arg} is not a valid id`, [{ path: arg, message: "not a valid id" }]);
  return Number(value);
}

/** Checks a list's `first` argument against its bound, or fails with BAD_USER_INPUT on `first`. */
export function pageSize(first: number | undefined, max: number): number {
  if (first === undefined || !Number.isInteger(first) || first < 1 || first > max) throw new BadInputError(`first must be 1..${max}`, [{ path: "first", message: `must be 1..${max}` }]);
  return first;
}
