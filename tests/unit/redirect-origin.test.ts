import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { safeRedirect } from "~/auth/redirect";
import { isForeignOrigin } from "~/utils/origin";

describe("safeRedirect", () => {
  it("keeps same-origin paths with query and hash", () => {
    assert.equal(safeRedirect("/admin/people?page=2#top"), "/admin/people?page=2#top");
  });
  for (const evil of [
    "https://evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\tevil",
    "",
    undefined,
    42,
    "/login",
    "/logout",
    "/" + "a".repeat(3000),
  ]) {
    it(`falls back for ${JSON.stringify(evil)?.slice(0, 40)}`, () => {
      assert.equal(safeRedirect(evil, "/learn"), "/learn");
    });
  }
});

describe("isForeignOrigin", () => {
  const host = { host: "academy.test:3000" };
  it("accepts same-origin browser requests", () => {
    assert.equal(
      isForeignOrigin({ ...host, origin: "http://academy.test:3000", "sec-fetch-site": "same-origin" }),
      false,
    );
  });
  it("refuses another site by Sec-Fetch-Site or by Origin", () => {
    assert.equal(isForeignOrigin({ ...host, "sec-fetch-site": "cross-site" }), true);
    assert.equal(isForeignOrigin({ ...host, "sec-fetch-site": "same-site" }), true);
    assert.equal(isForeignOrigin({ ...host, origin: "https://evil.example" }), true);
    assert.equal(isForeignOrigin({ ...host, origin: "null" }), true);
    assert.equal(isForeignOrigin({ ...host, origin: "not a url" }), true);
  });
  it("lets requests without browser headers through to the normal checks", () => {
    assert.equal(isForeignOrigin(host), false);
  });
  it("compares with APP_ORIGIN when configured (behind a proxy)", () => {
    assert.equal(
      isForeignOrigin(
        { host: "internal:3000", origin: "https://academy.example.com" },
        "https://academy.example.com",
      ),
      false,
    );
    assert.equal(
      isForeignOrigin(
        { host: "internal:3000", origin: "http://internal:3000" },
        "https://academy.example.com",
      ),
      true,
    );
  });
});
