import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { paginate } from "~/api/cursor";
import { readJsonBody } from "~/api/guard.server";
import { afterCursor, methodNotAllowed, queryOf, runApi, since } from "~/api/handler.server";
import { AssignmentCreate, AssignmentsQuery } from "~/api/schemas";
import { createAssignmentForApi, listAssignmentsForApi } from "~/models/api-assignments.server";
import { db } from "~/utils/db.server";

export const loader = (args: LoaderFunctionArgs) =>
  runApi(args, "coverage:read", ({ url, now }) => {
    const q = AssignmentsQuery.parse(queryOf(url));
    const rows = listAssignmentsForApi(
      db(),
      {
        after: afterCursor(q.cursor),
        limit: q.limit,
        updatedSince: since(q.updated_since),
        territoryId: q.territory_id,
        technologyId: q.technology_id,
        personId: q.person_id,
        includeEnded: q.include_ended === "true",
      },
      now,
    );
    return { body: paginate(rows, q.limit) };
  });

export const action = (args: ActionFunctionArgs) =>
  args.request.method !== "POST"
    ? methodNotAllowed("GET, POST")
    : runApi(args, "assignments:write", async ({ request, caller, now }) => {
        const input = AssignmentCreate.parse(await readJsonBody(request));
        const assignment = createAssignmentForApi(
          db(),
          {
            userId: input.personId,
            technologyId: input.technologyId,
            territoryId: input.territoryId,
            role: input.role,
          },
          caller.actorId,
          now,
        );
        return { status: 201, body: assignment };
      });
