/** Validation schemas of `app/routes/learn._index.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const RenewSchema = z.object({
  intent: z.literal("renew"),
  programId: z.coerce.number().int().min(1),
});
