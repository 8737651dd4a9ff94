import type { LoaderFunctionArgs } from "@remix-run/node";
import { credentialOrigin } from "~/credentials/issuer.server";
import { statusListCredential } from "~/models/open-badges.server";
import { db } from "~/utils/db.server";
import { idParam } from "~/utils/params";

/** Public: a signed Bitstring Status List credential (which credentials are revoked). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const listId = idParam(params, "listId", "status list");
  const credential = await statusListCredential(db(), listId, credentialOrigin(request.url), new Date());
  if (!credential) throw new Response("No such status list", { status: 404 });
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      // A revocation shows within a minute to verifiers that cache.
      "Cache-Control": "public, max-age=60",
    },
  });
}
