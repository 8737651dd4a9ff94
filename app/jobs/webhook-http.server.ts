/**
 * One outbound webhook request: POST, no redirects followed (a 3xx is a failure), a hard
 * timeout, and no private, loopback or link-local address unless WEBHOOK_ALLOW_PRIVATE=1.
 * The address is checked where the socket connects (node's `lookup` hook), so a name that
 * resolves differently on a second lookup (DNS rebinding) cannot slip through.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

const blocked = new net.BlockList();
for (const [net4, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net4, bits, "ipv4");
for (const [net6, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net6, bits, "ipv6");

/** True for addresses a webhook may not reach (IPv4-mapped IPv6 is checked as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], "ipv4");
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface WebhookResponse {
  ok: boolean;
  status: number | null;
  error: string | null;
  latencyMs: number;
  /** Worth retrying: network errors, timeouts, 408, 429 and 5xx. */
  transient: boolean;
}

const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = Array.isArray(addresses) ? addresses : [];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0)
      return callback(
        new Error(`refused: ${hostname} resolves to a private address (${bad?.address ?? "none"})`),
        "",
        4,
      );
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    const first = list[0];
    callback(null, first?.address ?? "", first?.family ?? 4);
  });
};

export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<WebhookResponse> {
  const started = performance.now();
  const done = (r: Omit<WebhookResponse, "latencyMs">): WebhookResponse => ({
    ...r,
    latencyMs: Math.round(performance.now() - started),
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(done({ ok: false, status: null, error: "invalid URL", transient: false }));
  }
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (!options.allowPrivate && net.isIP(host) && isPrivateAddress(host))
    return Promise.resolve(
      done({ ok: false, status: null, error: `refused: ${host} is a private address`, transient: false }),
    );
  const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
  if (!client)
    return Promise.resolve(done({ ok: false, status: null, error: "only http and https", transient: false }));
  return new Promise((resolve) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "User-Agent": "PartnerAcademy-Webhooks/1",
          ...headers,
        },
        timeout: options.timeoutMs,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        response.resume();
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve(
            done({
              ok,
              status,
              error: ok
                ? null
                : status >= 300 && status < 400
                  ? `redirect (${status}) not followed`
                  : `HTTP ${status}`,
              transient: status >= 500 || status === 408 || status === 429,
            }),
          );
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    request.on("error", (error) => {
      const refused = error.message.startsWith("refused:");
      resolve(done({ ok: false, status: null, error: error.message, transient: !refused }));
    });
    request.end(body);
  });
}
