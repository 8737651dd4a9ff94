/** Validation schemas of `app/routes/notifications.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.coerce.number().int().min(1) }),
  z.object({ intent: z.literal("unread"), id: z.coerce.number().int().min(1) }),
  z.object({ intent: z.literal("all-read") }),
]);

/** The `before` cursor of the notifications list. */
export const BeforeSchema = z.coerce.number().int().min(1).optional().catch(undefined);
