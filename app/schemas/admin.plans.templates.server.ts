/** Validation schemas of `app/routes/admin.plans.templates.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { TEMPLATE_MAX_WEEKS } from "~/models/plan-templates.server";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    programId: z.coerce.number({ message: "Choose a program." }).int().min(1, "Choose a program."),
    name: z.string().trim().min(1, "Give it a name.").max(120),
    durationWeeks: z.coerce
      .number()
      .int()
      .min(1, `1 to ${TEMPLATE_MAX_WEEKS} weeks.`)
      .max(TEMPLATE_MAX_WEEKS, `1 to ${TEMPLATE_MAX_WEEKS} weeks.`),
    note: z.string().trim().max(1000).default(""),
  }),
  z.object({ intent: z.literal("archive"), templateId: z.coerce.number().int().min(1) }),
]);
