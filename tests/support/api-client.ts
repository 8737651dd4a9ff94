/**
 * Calls the API's route modules in-process, as Remix would (a Request, params, a load
 * context), and remembers every response so a contract test can check them all against
 * the OpenAPI document.
 */
import type { ActionFunctionArgs } from "@remix-run/node";

type Handler = (args: ActionFunctionArgs) => Promise<Response> | Response;
interface RouteModule {
  loader?: Handler;
  action?: Handler;
}

const ROUTES: [RegExp, string, string[], () => Promise<RouteModule>][] = [
  [/^\/people$/, "/people", [], () => import("~/routes/api.v1.people")],
  [
    /^\/people\/([^/]+)$/,
    "/people/{personId}",
    ["personId"],
    () => import("~/routes/api.v1.people.$personId"),
  ],
  [/^\/certifications$/, "/certifications", [], () => import("~/routes/api.v1.certifications")],
  [
    /^\/credentials\/([^/]+)$/,
    "/credentials/{credentialId}",
    ["credentialId"],
    () => import("~/routes/api.v1.credentials.$credentialId"),
  ],
  [/^\/programs$/, "/programs", [], () => import("~/routes/api.v1.programs")],
  [/^\/assignments$/, "/assignments", [], () => import("~/routes/api.v1.assignments")],
  [
    /^\/assignments\/([^/]+)$/,
    "/assignments/{assignmentId}",
    ["assignmentId"],
    () => import("~/routes/api.v1.assignments.$assignmentId._index"),
  ],
  [
    /^\/assignments\/([^/]+)\/end$/,
    "/assignments/{assignmentId}/end",
    ["assignmentId"],
    () => import("~/routes/api.v1.assignments.$assignmentId.end"),
  ],
  [/^\/coverage$/, "/coverage", [], () => import("~/routes/api.v1.coverage")],
  [/^\/webhooks$/, "/webhooks", [], () => import("~/routes/api.v1.webhooks")],
  [
    /^\/webhooks\/([^/]+)$/,
    "/webhooks/{endpointId}",
    ["endpointId"],
    () => import("~/routes/api.v1.webhooks.$endpointId"),
  ],
];

export interface Recorded {
  method: string;
  template: string;
  status: number;
  contentType: string;
  body: unknown;
}

export const recorded: Recorded[] = [];

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function api(method: string, pathAndQuery: string, options: CallOptions = {}) {
  const [path = "", query = ""] = pathAndQuery.split("?");
  const route = ROUTES.find(([re]) => re.test(path));
  if (!route) throw new Error(`no API route for ${path}`);
  const [re, template, names, load] = route;
  const match = re.exec(path) ?? [];
  const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")]));
  const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const request = new Request(`http://app.test/api/v1${path}${query ? `?${query}` : ""}`, {
    method,
    headers: {
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(text !== undefined
        ? { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) }
        : {}),
      ...options.headers,
    },
    ...(text !== undefined ? { body: text } : {}),
  });
  const module = await load();
  const handler = method === "GET" || method === "HEAD" ? module.loader : module.action;
  if (!handler) throw new Error(`${template} has no handler for ${method}`);
  const context = { cspNonce: "", clientIp: "127.0.0.1", requestId: "test", malformedUrl: false };
  const response = await handler({ request, params, context });
  const raw = await response.text();
  const body: unknown = raw ? JSON.parse(raw) : null;
  const contentType = response.headers.get("content-type") ?? "";
  recorded.push({ method: method.toLowerCase(), template, status: response.status, contentType, body });
  return {
    status: response.status,
    headers: response.headers,
    body: body as Record<string, unknown> & { data?: Record<string, unknown>[] },
  };
}
