/** Validation schemas of `app/routes/admin.people._index.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { ROLES } from "#db/vocabulary";
import { INACTIVE_FILTERS } from "~/models/people.server";

export const FiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  territoryId: z.coerce.number().int().min(1).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(["certified", "expiring", "expired", "none"]).optional().catch(undefined),
  technologyId: z.coerce.number().int().min(1).optional().catch(undefined),
  inactive: z.enum(INACTIVE_FILTERS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
