import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { paginate } from "~/api/cursor";
import { readJsonBody } from "~/api/guard.server";
import { afterCursor, methodNotAllowed, queryOf, runApi, since } from "~/api/handler.server";
import { PeopleQuery, PersonUpsert } from "~/api/schemas";
import { listPeopleForApi, upsertPersonForApi } from "~/models/api-people.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "people:read", ({ url }) => {
    const q = PeopleQuery.parse(queryOf(url));
    const rows = listPeopleForApi(db(), {
      after: afterCursor(q.cursor),
      limit: q.limit,
      updatedSince: since(q.updated_since),
      email: q.email,
      externalId: q.external_id,
    });
    return { body: paginate(rows, q.limit) };
  });

export const action = (args: ActionFunctionArgs) =>
  args.request.method !== "POST"
    ? methodNotAllowed("GET, POST")
    : runApi(args, "people:write", async ({ request, caller, now }) => {
        const input = PersonUpsert.parse(await readJsonBody(request));
        const result = upsertPersonForApi(db(), input, caller.actorId, now);
        return { status: result.created ? 201 : 200, body: result };
      });
