/**
 * Names a request by the Remix route that answers it ("routes/learn.attempts.$attemptId"),
 * never by its URL: logs can be grouped by page, and metrics keep a bounded set of labels
 * however many ids appear in URLs.
 */
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";

/** Labels for requests no Remix route answers. */
export const ROUTE = {
  static: "static",
  malformedUrl: "malformed-url",
  manifest: "remix:manifest",
  metrics: "metrics",
  none: "unmatched",
} as const;

type BuildRoutes = ServerBuild["routes"];

function routeTree(routes: BuildRoutes, parentId?: string): AgnosticRouteObject[] {
  const tree: AgnosticRouteObject[] = [];
  for (const route of Object.values(routes)) {
    if (!route || route.parentId !== parentId) continue;
    const { id, path, caseSensitive } = route;
    tree.push(
      route.index
        ? { id, path, caseSensitive, index: true }
        : { id, path, caseSensitive, children: routeTree(routes, id) },
    );
  }
  return tree;
}

export type RouteLabeller = (pathname: string, search?: string) => string;

export function routeLabeller(routes: BuildRoutes): RouteLabeller {
  const tree = routeTree(routes);
  return (pathname, search = "") => {
    if (pathname === "/__manifest") return ROUTE.manifest;
    // A client-side navigation asks for one route's data: `?_data=<route id>`.
    const dataRoute = new URLSearchParams(search).get("_data");
    if (dataRoute && dataRoute in routes) return dataRoute;
    let matches;
    try {
      matches = matchRoutes(tree, pathname);
    } catch {
      return ROUTE.none;
    }
    return matches?.at(-1)?.route.id ?? ROUTE.none;
  };
}
