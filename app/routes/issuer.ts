import type { LoaderFunctionArgs } from "@remix-run/node";
import { controllerDocument, credentialOrigin, issuerIdFor, issuerKeys } from "~/credentials/issuer.server";

/**
 * Public: the issuer id dereferences to its controller document, listing every signing key
 * (current and retired) as a Multikey authorized for assertions, so old credentials verify.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const issuerId = issuerIdFor(credentialOrigin(request.url));
  const document = controllerDocument(issuerId, await issuerKeys());
  return new Response(JSON.stringify(document, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
