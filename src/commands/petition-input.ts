import { z } from "zod";
import { BadInputError } from "../domain/errors";
import { Category, Channel, MAX_REPRESENTATIVES, SpecialGroup } from "../domain/petition-terms";
import { LIMITS } from "../domain/limits";

// Bounds come from LIMITS, which the columns also read (the masked copies keep the length; see input-bounds.test.ts).
/** A resident ID number as registration accepts it: 18 characters, the last a digit or X. */
export const RESIDENT_ID_NUMBER = /^\d{17}[\dX]$/;
const idNumber = z.string().length(LIMITS.idNumber, "must be an 18-character resident ID number").regex(RESIDENT_ID_NUMBER, "must be an 18-character resident ID number");
const phone = z.string().max(LIMITS.phone, `at most ${LIMITS.phone} characters`).regex(/^\+?[\d-]{5,20}$/, "must be a phone number");

export const petitionerInput = z.object({
  name: z.string().trim().min(1).max(LIMITS.personName),
  idNumber: idNumber.nullish(),
  phone: phone.nullish(),
  representative: z.boolean().default(false),
  disabled: z.boolean().default(false),
  veteran: z.boolean().default(false),
  address: z.string().max(LIMITS.address).nullish(),
});

/** Everything a registrar records for a new petition item; validated before any write. */
export const submitPetitionInput = z
  .object({
    channel: z.enum(Channel),
    category: z.enum(Category),
    localityOrgId: z.number().int().positive(),
    accusedOrgId: z.number().int().positive().nullish(),
    summary: z.string().trim().min(1).max(LIMITS.petitionText),
    request: z.string().trim().min(1).max(LIMITS.petitionText),
    headcount: z.number().int().min(1).max(100_000).default(1),
    specialGroups: z.array(z.enum(SpecialGroup)).max(4).default([]),
    levelSkipping: z.boolean().default(false),
    threat: z.boolean().default(false),
    anonymous: z.boolean().default(false),
    urgent: z.boolean().default(false),
    petitioners: z.array(petitionerInput).max(50).default([]),
    receivedAt: z.date().nullish(),
    /** Register at once (the normal case: registration is unconditional, Art. 17). */
    register: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    const reps = v.petitioners.filter((p) => p.representative).length;
    if (reps > MAX_REPRESENTATIVES)
      ctx.addIssue({ code: "custom", path: ["petitioners"], message: `a group visit elects at most ${MAX_REPRESENTATIVES} representatives (Art. 20)` });
    if (!v.anonymous && v.petitioners.length === 0) ctx.addIssue({ code: "custom", path: ["petitioners"], message: "at least one petitioner unless anonymous" });
    if (v.accusedOrgId && v.category !== Category.ACCUSATION)
      ctx.addIssue({ code: "custom", path: ["accusedOrgId"], message: "only accusations name an accused unit" });
  });

export type SubmitPetitionInput = z.input<typeof submitPetitionInput>;

/** Parses with a zod schema, turning failures into one BAD_USER_INPUT error that lists every field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new BadInputError(
    "invalid input",
    r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  );
}
