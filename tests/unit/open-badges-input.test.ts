/**
 * What the verification page is given: baked images, bad input with a clear message, and no
 * network access while issuing, serving or verifying.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { certifications } from "#db/schema";
import { bakedSvg, extractFromSvg } from "~/credentials/baking.server";
import { checkPresentedCredential } from "~/models/open-badge-verification.server";
import { signedCredentialJson, statusListCredential } from "~/models/open-badges.server";
import { seedDemo } from "~/seed/demo.server";
import { createTestDb, type TestDb } from "../support/db";

const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-keys-"));
process.env.ISSUER_KEYS_PATH = path.join(keysDir, "issuer-keys.json");

const now = new Date("2026-11-27T10:00:00Z");
const origin = "https://academy.example.com";
let t: TestDb;

function activeCertification() {
  const row = t.db
    .select({ credentialId: certifications.credentialId })
    .from(certifications)
    .where(sql`${certifications.revokedAt} is null and ${certifications.expiresAt} > ${now.getTime()}`)
    .get();
  assert.ok(row, "the demo has an active certification");
  return row;
}

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => {
  t.close();
  fs.rmSync(keysDir, { recursive: true, force: true });
});

describe("presented input", () => {
  const checkBytes = (bytes: Buffer) => checkPresentedCredential(t.db, bytes, origin, now);
  const message = async (bytes: Buffer) => {
    const result = await checkBytes(bytes);
    assert.notEqual(result.outcome, "checked");
    return result.outcome === "checked" ? "" : result.message;
  };

  it("gets a clear message when it is not a credential of this academy", async () => {
    assert.match(await message(Buffer.from("")), /Nothing was given/);
    assert.match(await message(Buffer.from("hello, world")), /not JSON/);
    assert.match(await message(Buffer.alloc(300 * 1024, 32)), /at most 256 KB/);
    assert.match(await message(Buffer.from("[1, 2]")), /a credential is a JSON object/);
    assert.match(
      await message(Buffer.from('{"type": ["VerifiableCredential"]}')),
      /not an Open Badges credential/,
    );
    assert.match(await message(Buffer.from("eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl")), /VC-JWT/);
    const vector = JSON.parse(
      fs.readFileSync(new URL("../fixtures/open-badges/ldp-test-vector.json", import.meta.url), "utf8"),
    );
    const foreign = await checkBytes(Buffer.from(JSON.stringify(vector.credential)));
    assert.equal(foreign.outcome, "foreign");
    assert.match(
      foreign.outcome === "foreign" ? foreign.message : "",
      /issued by Example Corp .*not by this academy/,
    );
    assert.match(
      await message(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'></svg>")),
      /no Open Badges credential baked in/,
    );
  });

  it("reads the credential out of a baked SVG and of a PNG iTXt chunk", async () => {
    const cert = activeCertification();
    const json = await signedCredentialJson(t.db, cert.credentialId, origin, now);
    assert.ok(json);
    const svg = bakedSvg(json, {
      title: "Storage",
      level: "Specialist",
      holder: "Sam",
      issuer: "Partner Academy",
    });
    assert.equal(extractFromSvg(svg), json);
    const fromSvg = await checkBytes(Buffer.from(svg));
    assert.equal(fromSvg.outcome === "checked" && fromSvg.signatureValid, true);

    const chunk = (type: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(data.length);
      head.write(type, 4, "latin1");
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])));
      return Buffer.concat([head, data, crc]);
    };
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
      chunk(
        "iTXt",
        Buffer.concat([Buffer.from("openbadgecredential\0\0\0\0\0", "latin1"), Buffer.from(json)]),
      ),
      chunk("IEND", Buffer.alloc(0)),
    ]);
    const fromPng = await checkBytes(png);
    assert.equal(fromPng.outcome === "checked" && fromPng.signatureValid, true);
  });
});

describe("no network", () => {
  it("is touched while issuing, serving or verifying", async (context) => {
    const calls: string[] = [];
    const refuse = (name: string) => () => {
      calls.push(name);
      throw new Error(`network access: ${name}`);
    };
    context.mock.method(globalThis, "fetch", refuse("fetch"));
    context.mock.method(http, "request", refuse("http.request"));
    context.mock.method(http, "get", refuse("http.get"));
    context.mock.method(https, "request", refuse("https.request"));
    context.mock.method(https, "get", refuse("https.get"));
    context.mock.method(net, "connect", refuse("net.connect"));

    const fresh = t.db
      .select({ credentialId: certifications.credentialId })
      .from(certifications)
      .where(
        sql`${certifications.id} not in (select certification_id from open_badge_credentials where signed_json is not null)`,
      )
      .get();
    assert.ok(fresh, "a certification whose credential was never signed");
    const json = await signedCredentialJson(t.db, fresh.credentialId, origin, now);
    assert.ok(json);
    const result = await checkPresentedCredential(t.db, Buffer.from(json), origin, now);
    assert.equal(result.outcome, "checked");
    const list = /\/credentials\/status\/(\d+)/.exec(json)?.[1];
    assert.ok(await statusListCredential(t.db, Number(list), origin, now));
    assert.deepEqual(calls, []);
  });
});
