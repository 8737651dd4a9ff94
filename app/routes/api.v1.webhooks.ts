import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readJsonBody } from "~/api/guard.server";
import { methodNotAllowed, runApi } from "~/api/handler.server";
import { toApiEndpoint } from "~/api/webhook-json";
import { WebhookEndpointCreate } from "~/api/schemas";
import { createEndpoint, listEndpoints } from "~/models/webhooks.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "webhooks:manage", () => ({ body: { data: listEndpoints(db()).map(toApiEndpoint) } }));

export const action = (args: ActionFunctionArgs) =>
  args.request.method !== "POST"
    ? methodNotAllowed("GET, POST")
    : runApi(args, "webhooks:manage", async ({ request, caller, now }) => {
        const input = WebhookEndpointCreate.parse(await readJsonBody(request));
        const created = createEndpoint(db(), input, caller.actorId, now);
        return { status: 201, body: { ...toApiEndpoint(created), secret: created.secret } };
      });
