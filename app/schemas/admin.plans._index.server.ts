/** Validation schemas of `app/routes/admin.plans._index.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { PLAN_STATES } from "~/domain/plans";

export const FiltersSchema = z.object({
  programId: z.coerce.number().int().min(1).optional().catch(undefined),
  territoryId: z.coerce.number().int().min(1).optional().catch(undefined),
  state: z.enum(PLAN_STATES).optional().catch(undefined),
});
