/** A real HTTP receiver on a random local port that records what it is sent. */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** What to answer next: a status, "hang" (never answer) or a redirect. */
  respond: (path: string) => number | "hang";
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const receiver: Receiver = {
    url: "",
    received,
    respond: () => 204,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.push({ path: req.url ?? "", headers, body: Buffer.concat(chunks).toString() });
      const answer = receiver.respond(req.url ?? "");
      if (answer === "hang") return;
      if (answer >= 300 && answer < 400) res.setHeader("Location", "http://127.0.0.1:1/elsewhere");
      res.statusCode = answer;
      res.end();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
