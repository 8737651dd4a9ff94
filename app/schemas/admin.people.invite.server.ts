/** Validation schemas of `app/routes/admin.people.invite.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { ROLES } from "#db/vocabulary";

export const InviteSchema = z.object({
  name: z.string().trim().min(2, "Enter the person's name.").max(120, "Names are at most 120 characters."),
  email: z.string().trim().max(254).pipe(z.email("Enter a valid email address.")),
  territoryId: z.union([z.literal("").transform(() => null), z.coerce.number().int().min(1)]),
  roles: z.array(z.enum(ROLES)).min(1, "Choose at least one role."),
});
