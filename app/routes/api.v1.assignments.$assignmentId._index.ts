import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiId, methodNotAllowed, runApi } from "~/api/handler.server";
import { getAssignmentForApi } from "~/models/api-assignments.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "coverage:read", ({ params, now }) => ({
    body: getAssignmentForApi(db(), apiId(params, "assignmentId"), now),
  }));

export const action = () => methodNotAllowed("GET");
