import type { LoaderFunctionArgs } from "@remix-run/node";
import { paginate } from "~/api/cursor";
import { afterCursor, methodNotAllowed, queryOf, runApi, since } from "~/api/handler.server";
import { CertificationsQuery } from "~/api/schemas";
import { listCertificationsForApi } from "~/models/api-certifications.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "certifications:read", ({ url, now }) => {
    const q = CertificationsQuery.parse(queryOf(url));
    const rows = listCertificationsForApi(
      db(),
      {
        after: afterCursor(q.cursor),
        limit: q.limit,
        updatedSince: since(q.updated_since),
        personId: q.person_id,
        email: q.email,
        programId: q.program_id,
        technologyId: q.technology_id,
      },
      now,
    );
    return { body: paginate(rows, q.limit) };
  });

export const action = () => methodNotAllowed("GET");
