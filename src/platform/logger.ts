import pino from "pino";
import { safeErrorForLog } from "./log-safety";

/** Structured JSON logs; child loggers carry the request id. */
export type Logger = pino.Logger;

/**
 * Field names that never reach a log in clear, at the top level and up to three levels down (pino's redaction
 * needs explicit paths; `*` matches one level). Personal data, credentials, and SQL parameters.
 */
const SENSITIVE = [
  "authorization",
  "cookie",
  "set-cookie",
  "idNumber",
  "phone",
  "mobile",
  "password",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "client_secret",
  "clientSecret",
  "apiKey",
  "parameters",
  "variables",
];
const quote = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`);
const join = (prefix: string, k: string) => (k.startsWith("[") ? `${prefix}${k}` : `${prefix}.${k}`);
export const REDACT_PATHS: string[] = SENSITIVE.flatMap((name) => {
  const k = quote(name);
  return [k, join("*", k), join("*.*", k), join("*.*.*", k)];
});

/**
 * Last line of defence: anything shaped like a resident ID number (17 digits + digit/X) or a mainland mobile
 * number that still reaches the output — inside a message, an error text, a URL — is replaced. Bounded by
 * non-alphanumerics so millisecond timestamps and hex ids are left alone.
 */
const ID_SHAPED = /(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_SHAPED = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])/g;
export function scrubPiiShapes(line: string): string {
  return line.replace(ID_SHAPED, "[id-number]").replace(MOBILE_SHAPED, "[phone]");
}

/**
 * The hub's logger: redacts known sensitive fields, logs errors without SQL parameters or inlined values
 * (see {@link safeErrorForLog}), and scrubs ID-number- and phone-shaped text from every line.
 * @param destination where lines go (default stdout); tests pass a stream they read.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "petition-hub" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    serializers: { err: safeErrorForLog, error: safeErrorForLog },
    hooks: { streamWrite: scrubPiiShapes },
  };
  return destination ? pino(options, destination) : pino(options);
}
