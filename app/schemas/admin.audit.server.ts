/** Validation schemas of `app/routes/admin.audit.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const FiltersSchema = z.object({
  action: z.string().max(60).optional().catch(undefined),
  actorId: z.coerce.number().int().min(1).optional().catch(undefined),
  personId: z.coerce.number().int().min(1).optional().catch(undefined),
  from: date,
  to: date,
  before: z.coerce.number().int().min(1).optional().catch(undefined),
});
