import type { LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, queryOf, runApi } from "~/api/handler.server";
import { CoverageQuery } from "~/api/schemas";
import { coverageForApi } from "~/models/api-assignments.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "coverage:read", ({ url, now }) => {
    const q = CoverageQuery.parse(queryOf(url));
    return { body: coverageForApi(db(), { region: q.region, businessUnit: q.business_unit }, now) };
  });

export const action = () => methodNotAllowed("GET");
