import type { LoaderFunctionArgs } from "@remix-run/node";
import { credentialOrigin } from "~/credentials/issuer.server";
import { bakedBadgeSvg } from "~/models/open-badges.server";
import { db } from "~/utils/db.server";
import { tokenParam } from "~/utils/params";

/** Public: the badge image with the signed credential baked in (Open Badges 3.0 SVG baking). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const credentialId = tokenParam(params, "credentialId", "credential");
  const svg = await bakedBadgeSvg(db(), credentialId, credentialOrigin(request.url), new Date());
  if (!svg) throw new Response("No credential with this ID exists.", { status: 404 });
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      // Served as a download, and sandboxed should anyone open it inline.
      "Content-Disposition": `attachment; filename="badge-${credentialId}.svg"`,
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
