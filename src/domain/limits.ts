/**
 * The longest value the hub accepts for each stored text, in characters. ONE table: the entity columns
 * (`textColumn(LIMITS.x)`) and the input validation (`z.string().max(LIMITS.x)`, token checks) both read it, so
 * nothing validation accepts can overflow its column on MariaDB (which refuses it) or be kept longer on SQLite
 * (which enforces no length). test/unit/input-bounds.test.ts walks the entity metadata and the input schemas and
 * fails when an accepted maximum exceeds the column it lands in.
 */
export const LIMITS = {
  /** A token's subject (`sub`, and the gateway's `act.sub`); longer tokens are refused at authentication. */
  subject: 100,
  /** Petitioner's name. */
  personName: 60,
  /** Petitioner's address. */
  address: 200,
  /** Resident ID number (18 characters, GB 11643). */
  idNumber: 18,
  /** Phone: digits and dashes, optionally a leading `+`, at most this many characters in all. */
  phone: 20,
  /** Summary and request of a petition. */
  petitionText: 2000,
  /** A reason given for a lifecycle or referral move (objection, return, termination …). */
  reason: 1000,
  /** The partner's own reference for a referral (its receipt `ref`), kept on the referral for status polling. */
  externalRef: 100,
  /** A machine client's display name. */
  clientName: 200,
  /** A request id (the caller's `x-request-id` when it is `[\w.-]{1,64}`, else a UUID), kept with every change. */
  requestId: 64,
  /** Encrypted personal data (`v1:<kid>:<base64>` / `s1:<kid>:<base64>`) of an ID number or phone at its maximum. */
  piiCipher: 160,
} as const;

/** Who acted, as recorded: the subject, or `subject via gateway` for a call the gateway carried (RFC 8693 `act`). */
export const ACTOR_LENGTH = LIMITS.subject * 2 + " via ".length;
