/**
 * The OpenAPI 3.1 document, generated from the zod schemas the handlers parse and answer
 * with (schemas.ts): components from the schemas' ids, query parameters from the query
 * schemas, one operation per endpoint below. A contract test validates every response of
 * the API tests against it.
 */
import { z } from "zod";
import type { ApiScope } from "#db/vocabulary";
import { WEBHOOK_EVENTS } from "#db/vocabulary";
import * as S from "./schemas";

interface Operation {
  method: "get" | "post" | "delete";
  path: string;
  summary: string;
  scope: ApiScope;
  query?: z.ZodObject;
  pathParams?: Record<string, "integer" | "string">;
  body?: string;
  /** Success status → component id (null: no body). */
  ok: Record<number, string | null>;
  /** Extra problem statuses besides 400/401/403/429. */
  problems?: number[];
  /** Component id of the 409 body, when it is not a plain Problem. */
  conflict?: string;
}

export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/people",
    summary: "List people",
    scope: "people:read",
    query: S.PeopleQuery,
    ok: { 200: "PersonPage" },
  },
  {
    method: "post",
    path: "/people",
    summary: "Create or update a person (by external id, then email)",
    scope: "people:write",
    body: "PersonUpsert",
    ok: { 200: "PersonUpserted", 201: "PersonUpserted" },
    problems: [409, 413, 415],
  },
  {
    method: "get",
    path: "/people/{personId}",
    summary: "One person",
    scope: "people:read",
    pathParams: { personId: "integer" },
    ok: { 200: "Person" },
    problems: [404],
  },
  {
    method: "get",
    path: "/certifications",
    summary: "List certifications with their status now",
    scope: "certifications:read",
    query: S.CertificationsQuery,
    ok: { 200: "CertificationPage" },
  },
  {
    method: "get",
    path: "/credentials/{credentialId}",
    summary: "Verify a credential by its public id",
    scope: "certifications:read",
    pathParams: { credentialId: "string" },
    ok: { 200: "CredentialVerification" },
    problems: [404],
  },
  {
    method: "get",
    path: "/programs",
    summary: "Programs and their effective requirements",
    scope: "certifications:read",
    ok: { 200: "ProgramList" },
  },
  {
    method: "get",
    path: "/assignments",
    summary: "List specialist assignments with their state now",
    scope: "coverage:read",
    query: S.AssignmentsQuery,
    ok: { 200: "AssignmentPage" },
  },
  {
    method: "post",
    path: "/assignments",
    summary: "Assign a specialist (Rule 7 gate)",
    scope: "assignments:write",
    body: "AssignmentCreate",
    ok: { 201: "Assignment" },
    problems: [404, 409, 413, 415],
    conflict: "GateRefusal",
  },
  {
    method: "get",
    path: "/assignments/{assignmentId}",
    summary: "One assignment",
    scope: "coverage:read",
    pathParams: { assignmentId: "integer" },
    ok: { 200: "Assignment" },
    problems: [404],
  },
  {
    method: "post",
    path: "/assignments/{assignmentId}/end",
    summary: "End an assignment",
    scope: "assignments:write",
    pathParams: { assignmentId: "integer" },
    body: "AssignmentEnd",
    ok: { 200: "Assignment" },
    problems: [404, 409, 413, 415],
  },
  {
    method: "get",
    path: "/coverage",
    summary: "Coverage per territory × technology",
    scope: "coverage:read",
    query: S.CoverageQuery,
    ok: { 200: "Coverage" },
  },
  {
    method: "get",
    path: "/webhooks",
    summary: "List webhook endpoints",
    scope: "webhooks:manage",
    ok: { 200: "WebhookEndpointList" },
  },
  {
    method: "post",
    path: "/webhooks",
    summary: "Register a webhook endpoint (the secret is shown once)",
    scope: "webhooks:manage",
    body: "WebhookEndpointCreate",
    ok: { 201: "WebhookEndpointCreated" },
    problems: [413, 415],
  },
  {
    method: "delete",
    path: "/webhooks/{endpointId}",
    summary: "Delete a webhook endpoint",
    scope: "webhooks:manage",
    pathParams: { endpointId: "integer" },
    ok: { 204: null },
    problems: [404],
  },
];

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function components() {
  const all = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
  }).schemas;
  const wanted = new Set(
    Object.values(S as Record<string, unknown>)
      .map((s) => (s instanceof z.ZodType ? z.globalRegistry.get(s)?.id : undefined))
      .filter((id): id is string => typeof id === "string"),
  );
  return Object.fromEntries(
    Object.entries(all)
      .filter(([id]) => wanted.has(id))
      .map(([id, schema]) => {
        const { $schema: _s, $id: _i, ...rest } = schema;
        return [id, rest];
      }),
  );
}

function queryParameters(query: z.ZodObject | undefined) {
  if (!query) return [];
  const schema = z.toJSONSchema(query, { io: "input", unrepresentable: "any" });
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).map(([name, p]) => {
    const { description, ...rest } = p;
    return { name, in: "query", required: false, ...(description ? { description } : {}), schema: rest };
  });
}

const PROBLEM_TEXT: Record<number, string> = {
  400: "Invalid request (problem details)",
  401: "Missing, wrong, expired or revoked token",
  403: "The token lacks the scope",
  404: "Not found",
  409: "Refused: clashes with the current state",
  413: "Body too large",
  415: "Not JSON",
  429: "Rate limit: see Retry-After",
};

function operation(op: Operation) {
  const problems = [400, 401, 403, 429, ...(op.problems ?? [])].sort();
  const responses: Record<string, unknown> = {};
  for (const [status, id] of Object.entries(op.ok))
    responses[status] = id
      ? { description: "OK", content: { "application/json": { schema: ref(id) } } }
      : { description: "Done" };
  for (const status of problems)
    responses[String(status)] = {
      description: PROBLEM_TEXT[status] ?? "Problem",
      content: {
        "application/problem+json": { schema: ref(status === 409 && op.conflict ? op.conflict : "Problem") },
      },
      ...(status === 429 ? { headers: { "Retry-After": { schema: { type: "integer" } } } } : {}),
    };
  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    description: `Scope: \`${op.scope}\``,
    security: [{ bearer: [op.scope] }],
    parameters: [
      ...Object.entries(op.pathParams ?? {}).map(([name, type]) => ({
        name,
        in: "path",
        required: true,
        schema: { type },
      })),
      ...queryParameters(op.query),
    ],
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } }
      : {}),
    responses,
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Partner Academy API",
      version: "1.0.0",
      description:
        "Read people, certifications (status computed at read time), programs, assignments and coverage; " +
        "assign specialists through the Rule 7 gate; upsert people; manage webhook endpoints. " +
        "Authenticate with `Authorization: Bearer <token>`; errors are RFC 9457 problem details. " +
        `Webhook events (Standard Webhooks signatures): ${WEBHOOK_EVENTS.join(", ")}.`,
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (pa_…)" } },
      schemas: components(),
    },
    security: [{ bearer: [] }],
    paths,
    webhooks: Object.fromEntries(
      WEBHOOK_EVENTS.map((event) => [
        event,
        {
          post: {
            summary: event,
            requestBody: { content: { "application/json": { schema: ref("WebhookPayload") } } },
            responses: { "200": { description: "Any 2xx acknowledges the event" } },
          },
        },
      ]),
    ),
  };
  return cached;
}
