/** Validation schemas of `app/routes/learn.catalog.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const slug = z
  .string()
  .trim()
  .max(100)
  .regex(/^[a-z0-9-]*$/)
  .optional()
  .catch(undefined);

export const FiltersSchema = z.object({
  businessUnit: slug,
  technology: slug,
  competency: slug,
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
