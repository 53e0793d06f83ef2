import pino from "pino";

/** Structured JSON logs; child loggers carry the request id. */
export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "petition-hub" }, timestamp: pino.stdTimeFunctions.isoTime });
}
