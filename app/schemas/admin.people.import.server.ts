/** Validation schemas of `app/routes/admin.people.import.tsx`, kept on the server (decision 100). */
import { z } from "zod";

/** Importing names the previewed text (its digest) and how many rows the admin agreed to skip. */
export const ConfirmSchema = z.object({
  digest: z.string().regex(/^[0-9a-f]{32}$/),
  skip: z.coerce.number().int().min(0),
});
