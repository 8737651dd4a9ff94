/** Validation schemas of `app/routes/author.modules.new.tsx`, kept on the server (decision 100). */
import { z } from "zod";

export const NewModuleSchema = z.object({
  title: z
    .string()
    .trim()
    .min(3, "Give the module a title of at least 3 characters.")
    .max(200, "Titles are at most 200 characters."),
  technologyId: z.coerce.number({ error: "Choose a technology." }).int().min(1, "Choose a technology."),
});
