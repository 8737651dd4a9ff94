import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiId, methodNotAllowed, runApi } from "~/api/handler.server";
import { getPersonForApi } from "~/models/api-people.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "people:read", ({ params }) => ({ body: getPersonForApi(db(), apiId(params, "personId")) }));

export const action = () => methodNotAllowed("GET");
