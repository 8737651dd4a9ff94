import type { LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, runApi } from "~/api/handler.server";
import { listProgramsForApi } from "~/models/api-certifications.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "certifications:read", () => ({ body: { data: listProgramsForApi(db()) } }));

export const action = () => methodNotAllowed("GET");
