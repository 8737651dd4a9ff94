import { createContext, useContext } from "react";

/**
 * The id of the request an error page answers, shown on it so that a user can quote it and
 * an operator can find the request's log lines (its `X-Request-Id`).
 *
 * On the server it comes from the load context (entry.server.tsx). In the browser, the page
 * as first served carries it (`data-request-id`, read before hydration so both renders
 * agree); after that, an error page shown by a client-side navigation takes the id of the
 * data request that failed, which `trackFailedRequests` notes from the responses.
 */
export const RequestIdContext = createContext<string>("");

let clientId = "";

export function useErrorReference(): string {
  const serverId = useContext(RequestIdContext);
  return serverId || clientId;
}

/** In the browser, before hydrating: the id the server put on an error page, if any. */
export function readServedRequestId(): void {
  clientId = document.querySelector("[data-request-id]")?.getAttribute("data-request-id") ?? "";
}

/**
 * In the browser: remember the id of the latest failed data request. A navigation's data
 * requests start together; the first one to start forgets the previous failure, so an error
 * that had no failed request (a rendering bug) shows no stale reference.
 */
export function trackFailedRequests(): void {
  const fetchOriginal = window.fetch.bind(window);
  let inFlight = 0;
  window.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const isData = url.includes("_data=");
    if (!isData) return fetchOriginal(input, init);
    if (inFlight++ === 0) clientId = "";
    try {
      const response = await fetchOriginal(input, init);
      const failed =
        response.status >= 400 ||
        response.headers.has("X-Remix-Error") ||
        response.headers.has("X-Remix-Catch");
      const id = response.headers.get("X-Request-Id");
      if (failed && id) clientId = id;
      return response;
    } finally {
      inFlight--;
    }
  };
}
