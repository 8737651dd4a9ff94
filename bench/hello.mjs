// Baseline: the fastest a Node HTTP server answers on this machine.
import http from "node:http";
const port = Number(process.env.PORT ?? 3301);
http
  .createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("hello");
  })
  .listen(port, "127.0.0.1", () => console.log(`hello on ${port}`));
