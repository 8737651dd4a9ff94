/** Validation schemas of `app/routes/admin.plans.nominate.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const FiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  territoryId: z.coerce.number().int().min(1).optional().catch(undefined),
  technologyId: z.coerce.number().int().min(1).optional().catch(undefined),
  status: z.enum(["certified", "expiring", "expired", "none"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const optionalId = z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).optional());

export const NominateSchema = z.object({
  userIds: z.array(z.coerce.number().int().min(1)).max(1000).default([]),
  emails: z.string().max(200_000).default(""),
  programId: optionalId,
  templateId: optionalId,
  targetTerritoryId: optionalId,
  dueOn: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "A date, e.g. 2027-03-31.")
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "A date, e.g. 2027-03-31.")
      .optional(),
  ),
  note: z.string().trim().max(1000).default(""),
});
