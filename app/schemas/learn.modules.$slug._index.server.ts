/** Validation schemas of `app/routes/learn.modules.$slug._index.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const ActionSchema = z.object({ intent: z.literal("start-attempt") });
