/** Validation schemas of `app/routes/learn.attempts.$attemptId.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const IntentSchema = z.object({
  intent: z.enum(["save", "submit", "close"]).default("submit"),
  confirmIncomplete: z.literal("1").optional(),
});
