/** Validation schemas of `app/routes/admin.coverage.$territoryId.$technologyId.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("assign"),
    userId: z.coerce.number().int().min(1),
    role: z.enum(["specialist", "lead"]),
  }),
  z.object({
    intent: z.literal("end"),
    assignmentId: z.coerce.number().int().min(1),
    reason: z.string().trim().max(500).default(""),
  }),
]);
