import type { ActionFunctionArgs } from "@remix-run/node";
import { readJsonBody } from "~/api/guard.server";
import { apiId, methodNotAllowed, runApi } from "~/api/handler.server";
import { AssignmentEnd } from "~/api/schemas";
import { endAssignmentForApi } from "~/models/api-assignments.server";
import { db } from "~/utils/db.server";

export const loader = () => methodNotAllowed("POST");

export const action = (args: ActionFunctionArgs) =>
  args.request.method !== "POST"
    ? methodNotAllowed("POST")
    : runApi(args, "assignments:write", async ({ request, params, caller, now }) => {
        const id = apiId(params, "assignmentId");
        const input = AssignmentEnd.parse(await readJsonBody(request));
        return { body: endAssignmentForApi(db(), id, caller.actorId, input.reason, now) };
      });
