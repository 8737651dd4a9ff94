import { openApiDocument } from "~/api/openapi.server";

/** The contract, public (it holds no data): generated from the handlers' zod schemas. */
export const loader = () =>
  new Response(JSON.stringify(openApiDocument(), null, 2), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
  });
