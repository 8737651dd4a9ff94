/** Validation schemas of `app/routes/author.attest.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const AttestSchema = z.object({
  userId: z.coerce.number().int().min(1, "Choose a person."),
  competencyId: z.coerce
    .number({ error: "Choose the field competency." })
    .int()
    .min(1, "Choose the field competency."),
  evidence: z
    .string()
    .trim()
    .min(20, "Write the evidence: what you saw the person do, where and when (at least 20 characters).")
    .max(4000, "Keep the evidence under 4,000 characters."),
});
