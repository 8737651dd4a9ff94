/**
 * The certification export (issue #19): chunks of people give the same rows whatever the
 * chunk size (a chunk never splits a person's certifications); the response is gzip when
 * accepted and identical once decoded; and it reads no further ahead than the client takes.
 */
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { after, before, describe, it } from "node:test";
import { certificationRows } from "~/models/reports.server";
import { seedDemo } from "~/seed/demo.server";
import { csvCell } from "~/utils/csv";
import { csvResponse } from "~/utils/csv-response.server";
import { createTestDb, type TestDb } from "../support/db";

const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => t.close());

function allRows(next: () => string[][]): string[][] {
  const rows: string[][] = [];
  for (let chunk = next(); chunk.length > 0; chunk = next()) rows.push(...chunk);
  return rows;
}

describe("certification export", () => {
  it("gives the same rows whatever the chunk size", () => {
    const whole = allRows(certificationRows(t.db, now));
    assert.ok(whole.length >= 30);
    for (const size of [1, 2, 3, 7]) assert.deepEqual(allRows(certificationRows(t.db, now, size)), whole);
  });

  it("keeps the spreadsheet-formula guard on the fast path", () => {
    for (const [input, output] of [
      ["plain", "plain"],
      ["=1+1", "'=1+1"],
      [" padded", '" padded"'],
      ["a,b", '"a,b"'],
      ["-3", "'-3"],
      ["x\n", '"x\n"'],
    ])
      assert.equal(csvCell(input), output);
  });

  it("is gzip when accepted and the same text once decoded", async () => {
    const read = async (acceptEncoding: string | null) => {
      const res = csvResponse(["a", "b"], certificationRows(t.db, now), { acceptEncoding });
      return { encoding: res.headers.get("Content-Encoding"), body: Buffer.from(await res.arrayBuffer()) };
    };
    const plain = await read(null);
    const gzipped = await read("gzip, deflate, br");
    assert.equal(plain.encoding, null);
    assert.equal(gzipped.encoding, "gzip");
    assert.ok(gzipped.body.length < plain.body.length);
    assert.deepEqual(zlib.gunzipSync(gzipped.body), plain.body);
    assert.ok(plain.body.toString("utf8").startsWith("\uFEFFa,b\r\n"));
  });

  it("reads no further ahead than the response has drained", async () => {
    let asked = 0;
    const rows = Array.from({ length: 500 }, (_, i) => [`person ${i}`, "x".repeat(2000)]);
    let release: () => void = () => {};
    let blocked = false;
    const res = csvResponse(
      ["person", "filler"],
      () => {
        asked += 1;
        return asked <= 100 ? rows : [];
      },
      {
        acceptEncoding: null,
        drained: () => (blocked ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve()),
      },
    );
    const reader = res.body?.getReader();
    assert.ok(reader);
    await reader.read();
    blocked = true;
    const pending = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(asked <= 3, `read ${asked} chunks ahead of a response that did not drain`);
    blocked = false;
    release();
    await pending;
    await reader.cancel();
  });
});
