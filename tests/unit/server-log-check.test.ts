/** The e2e suite's server-log check finds what it is there to find, and nothing else. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { logProblems } from "../support/server-log";

const request = (status: number, level = status >= 500 ? "error" : "info") =>
  JSON.stringify({ level, reqId: "0123456789abcdef", route: "routes/x", status, msg: "request" });

describe("server log check", () => {
  it("passes the banner and ordinary request lines", () => {
    const log = [
      "[academy] Partner Academy is running at http://localhost:3000",
      request(200),
      request(404),
      "",
    ];
    assert.deepEqual(logProblems(log.join("\n")), []);
  });

  it("finds a 5xx, an error-level line, and stack traces in JSON or printed plainly", () => {
    const log = [
      request(200),
      request(500),
      JSON.stringify({ level: "error", err: { message: "boom" }, msg: "unhandled error" }),
      JSON.stringify({ level: "warn", err: { stack: "Error: x\n    at y (z.js:1:2)" } }),
      // What express printed for /learn/attempts/%FF before issue #11:
      "URIError: Failed to decode param '/learn/attempts/%FF'",
      "    at decodeURIComponent (<anonymous>)",
      "    at decode_param (/app/node_modules/express/lib/router/layer.js:172:12)",
    ].join("\n");
    assert.deepEqual(
      logProblems(log).map((p) => p.split(": ")[0] + ": " + p.split(": ")[1]),
      [
        "line 2: a 500 response",
        "line 3: an error-level line",
        "line 4: a stack trace",
        "line 5: an error printed",
        "line 6: a stack trace",
        "line 7: a stack trace",
      ],
    );
  });
});
