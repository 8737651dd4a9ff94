/** Validation schemas of `app/routes/admin.api-tokens.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { API_SCOPES } from "#db/vocabulary";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string().trim().min(2, "Give the token a name.").max(80),
    scopes: z
      .array(z.enum(API_SCOPES), { error: "Choose at least one scope." })
      .min(1, "Choose at least one scope."),
    expiresInDays: z.union([z.literal(""), z.coerce.number().int().min(1).max(3650)]).optional(),
  }),
  z.object({ intent: z.literal("revoke"), id: z.coerce.number().int().min(1) }),
]);
