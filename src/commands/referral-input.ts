import { z } from "zod";
import { LIMITS } from "../domain/limits";

/** Bounds on what an agency may send back through GraphQL, checked at the boundary (stored as JSON on the referral). */
export const referralResponseInput = z.object({
  opinion: z.string().trim().min(1).max(4000),
  actionsTaken: z.string().max(4000).nullish().transform((v) => v ?? null),
  attachments: z
    .array(z.object({ name: z.string().min(1).max(200), mimeType: z.string().min(1).max(100), sizeBytes: z.number().int().min(0).max(2 ** 31), sha256: z.string().regex(/^[0-9a-f]{64}$/).nullish(), url: z.string().url().max(500).nullish() }))
    .max(20),
});

/** A 回退 reason: lands in the referral's `returnReason` and its history entry's `reason`. */
export const referralReasonInput = z.string().trim().min(1).max(LIMITS.reason);
