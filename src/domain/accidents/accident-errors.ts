import { DomainError } from "../errors";
import { ClosureRefusal } from "./accident-rules";

const MESSAGES: Record<ClosureRefusal, string> = {
  CASE_CLOSED: "the accident case is already closed",
  DUTIES_OUTSTANDING: "the working team, risk consultation and public-opinion watch must all be done before closure",
  CLOSURE_BASIS_REQUIRED: "closure needs either an agreement (协议) or a documented legal route, and not both",
};

/** Closure refused; `code` is the stable reason (CASE_CLOSED is INVALID_TRANSITION, as for any move from a final state). */
export class AccidentClosureRefusedError extends DomainError {
  constructor(reason: ClosureRefusal, details: Record<string, unknown> = {}) {
    super(reason === "CASE_CLOSED" ? "INVALID_TRANSITION" : reason, MESSAGES[reason], { reason, ...details });
  }
}
