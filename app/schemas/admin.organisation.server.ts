/** Validation schemas of `app/routes/admin.organisation.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const IntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("territory"),
    regionId: z.coerce.number({ error: "Choose a region." }).int().min(1, "Choose a region."),
    name: z.string().trim().min(2, "Name the territory.").max(80),
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{2,6}$/, "Codes are 2–6 letters or digits."),
  }),
  z.object({
    intent: z.literal("partner"),
    territoryId: z.coerce.number({ error: "Choose a territory." }).int().min(1, "Choose a territory."),
    name: z.string().trim().min(2, "Name the partner.").max(120),
  }),
]);

export const Share = z.coerce
  .number({ error: "Each share is a percentage from 0 to 100." })
  .min(0, "Each share is a percentage from 0 to 100.")
  .max(100, "Each share is a percentage from 0 to 100.");
