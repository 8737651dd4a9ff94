/** Validation schemas of `app/routes/admin.plans.$planId.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("due"),
    dueOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "A date, e.g. 2027-03-31.")
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "A date, e.g. 2027-03-31."),
    reason: z.string().trim().max(500).default(""),
  }),
  z.object({ intent: z.literal("cancel"), reason: z.string().trim().min(1, "Say why.").max(500) }),
  z.object({ intent: z.literal("assign") }),
  z.object({ intent: z.literal("close") }),
]);
