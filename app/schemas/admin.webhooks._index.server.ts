/** Validation schemas of `app/routes/admin.webhooks._index.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { WEBHOOK_EVENTS } from "#db/vocabulary";

export const CreateSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "Enter the receiver’s http(s) address." }).max(2000),
  events: z
    .array(z.enum(WEBHOOK_EVENTS), { error: "Choose at least one event." })
    .min(1, "Choose at least one event."),
  description: z.string().trim().max(200).optional(),
});
