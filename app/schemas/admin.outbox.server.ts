/** Validation schemas of `app/routes/admin.outbox.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { OUTBOX_STATUSES } from "#db/vocabulary";

export const FiltersSchema = z.object({
  status: z.enum(OUTBOX_STATUSES).optional().catch(undefined),
  before: z.coerce.number().int().min(1).optional().catch(undefined),
});

export const ActionSchema = z.object({ intent: z.literal("retry"), id: z.coerce.number().int().min(1) });
