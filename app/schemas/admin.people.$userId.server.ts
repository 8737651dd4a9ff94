/** Validation schemas of `app/routes/admin.people.$userId.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { ROLES } from "#db/vocabulary";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    roles: z.array(z.enum(ROLES, { error: "Choose roles from the list." })),
    territoryId: z.union([
      z.literal("").transform(() => null),
      z.coerce.number({ error: "Choose a territory from the list." }).int().min(1),
    ]),
  }),
  z.object({ intent: z.literal("disable"), reason: z.string().trim().max(500).default("") }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("invite") }),
  z.object({ intent: z.literal("unlink-sso") }),
  z.object({
    intent: z.literal("revoke"),
    certificationId: z.coerce.number().int().min(1),
    reason: z
      .string()
      .trim()
      .min(5, "Give the reason for revoking (at least 5 characters).")
      .max(1000, "Keep the reason under 1,000 characters."),
  }),
  z.object({
    intent: z.literal("lift-block"),
    blockId: z.coerce.number().int().min(1),
    reason: z
      .string()
      .trim()
      .min(5, "Say why the block is lifted (at least 5 characters).")
      .max(1000, "Keep the reason under 1,000 characters."),
  }),
]);
