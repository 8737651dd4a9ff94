/** Validation schemas of `app/routes/author.modules.$moduleId.questions.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add") }),
  z.object({ intent: z.enum(["import-preview", "import"]) }),
  z.object({
    intent: z.literal("move"),
    questionId: z.coerce.number().int().min(1),
    direction: z.enum(["up", "down"]),
  }),
  z.object({ intent: z.literal("delete"), questionId: z.coerce.number().int().min(1) }),
]);
