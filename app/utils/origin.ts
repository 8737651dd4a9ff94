/**
 * Cross-origin request detection for state-changing requests (DESIGN.md, Security
 * baseline). Browsers send `Sec-Fetch-Site` and `Origin`; a request from another site is
 * refused. Requests with neither header (curl, server-to-server) carry no ambient cookies
 * from a browser and are let through to the normal checks.
 */
type Headers = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function isForeignOrigin(headers: Headers, appOrigin?: string): boolean {
  const fetchSite = single(headers["sec-fetch-site"]);
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = single(headers.origin);
  if (!origin) return false;
  if (origin === "null") return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  if (appOrigin) return new URL(appOrigin).host !== originHost;
  return originHost !== single(headers.host);
}
