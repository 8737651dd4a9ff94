/**
 * Where to send someone after sign-in. Only same-origin paths are accepted: anything that
 * could leave the site (`https://…`, `//evil`, `/\evil`, control characters) falls back.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  try {
    const url = new URL(to, "http://same.origin");
    if (url.origin !== "http://same.origin") return fallback;
    if (url.pathname === "/login" || url.pathname === "/logout") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
