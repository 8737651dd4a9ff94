import type { LoaderFunctionArgs } from "@remix-run/node";
import { credentialOrigin } from "~/credentials/issuer.server";
import { signedCredentialJson } from "~/models/open-badges.server";
import { db } from "~/utils/db.server";
import { tokenParam } from "~/utils/params";

/**
 * Public, like /verify/<id>: the credential's `id` URL answers with the signed credential
 * (the holder shares it; the id is 128 random bits). `?download` saves it as a file.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const credentialId = tokenParam(params, "credentialId", "credential");
  const json = await signedCredentialJson(db(), credentialId, credentialOrigin(request.url), new Date());
  if (!json) throw new Response("No credential with this ID exists.", { status: 404 });
  const download = new URL(request.url).searchParams.has("download");
  return new Response(json, {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      ...(download
        ? { "Content-Disposition": `attachment; filename="credential-${credentialId}.json"` }
        : {}),
    },
  });
}
