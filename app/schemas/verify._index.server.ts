/** Validation schemas of `app/routes/verify._index.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { MAX_CREDENTIAL_BYTES } from "~/domain/open-badge";

const MAX_KB = MAX_CREDENTIAL_BYTES / 1024;

export const CheckSchema = z.object({
  credential: z.string().max(MAX_CREDENTIAL_BYTES, `Paste at most ${MAX_KB} KB.`).default(""),
  fileSize: z
    .number()
    .max(MAX_CREDENTIAL_BYTES, `Choose a file of at most ${MAX_KB} KB: a credential is much smaller.`),
});
