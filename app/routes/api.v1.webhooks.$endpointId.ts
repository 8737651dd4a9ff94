import type { ActionFunctionArgs } from "@remix-run/node";
import { apiId, methodNotAllowed, runApi } from "~/api/handler.server";
import { deleteEndpoint } from "~/models/webhooks.server";
import { db } from "~/utils/db.server";

export const loader = () => methodNotAllowed("DELETE");

export const action = (args: ActionFunctionArgs) =>
  args.request.method !== "DELETE"
    ? methodNotAllowed("DELETE")
    : runApi(args, "webhooks:manage", ({ params, caller, now }) => {
        deleteEndpoint(db(), apiId(params, "endpointId"), caller.actorId, now);
        return new Response(null, { status: 204 });
      });
