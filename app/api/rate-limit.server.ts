/**
 * Per-token rate limit: a fixed one-minute window per token, in this process's memory. With
 * WEB_CONCURRENCY workers a token gets up to that many times the limit (docs/decisions 071).
 */
const WINDOW_MS = 60_000;
const windows = new Map<number, { start: number; count: number }>();

/** Counts one request; returns when to come back if it is over the limit. */
export function takeToken(
  tokenId: number,
  limit: number,
  nowMs: number,
): { retryAfterSeconds: number } | null {
  let w = windows.get(tokenId);
  if (!w || nowMs - w.start >= WINDOW_MS) {
    w = { start: nowMs, count: 0 };
    windows.set(tokenId, w);
    if (windows.size > 10_000)
      for (const [id, old] of windows) if (nowMs - old.start >= WINDOW_MS) windows.delete(id);
  }
  w.count++;
  if (w.count <= limit) return null;
  return { retryAfterSeconds: Math.max(1, Math.ceil((w.start + WINDOW_MS - nowMs) / 1000)) };
}

/** Tests start each case with fresh windows. */
export function resetRateLimits(): void {
  windows.clear();
}
