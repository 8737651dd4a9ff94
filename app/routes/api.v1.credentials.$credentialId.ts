import type { LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, runApi } from "~/api/handler.server";
import { problem } from "~/api/problem.server";
import { verifyCredential } from "~/models/certifications.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "certifications:read", ({ params, now }) => {
    const found = verifyCredential(db(), params.credentialId ?? "", now);
    if (!found) return problem({ status: 404, type: "not-found", detail: "No credential has that id." });
    return {
      body: {
        ...found,
        issuedAt: found.issuedAt.toISOString(),
        expiresAt: found.expiresAt.toISOString(),
        revokedAt: found.revokedAt?.toISOString() ?? null,
      },
    };
  });

export const action = () => methodNotAllowed("GET");
