/** Validation schemas of `app/routes/admin.webhooks.$endpointId.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resend"), deliveryId: z.coerce.number().int().min(1) }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("delete") }),
]);
