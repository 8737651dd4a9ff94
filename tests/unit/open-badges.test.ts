/**
 * The project's own Open Badges credentials: issued with every certification, served signed,
 * valid against the official OB 3.0 JSON Schema, verified offline by the same code that
 * reproduces the 1EdTech test vector; a changed field, a foreign key and a revocation each fail
 * for their own reason.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { eq, inArray, isNotNull, sql } from "drizzle-orm";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { writeTransaction } from "#db/client.server";
import { certifications, competencies, credentialStatusLists, openBadgeCredentials, users } from "#db/schema";
import { addDays } from "~/domain/time";
import { decodeList, getBit } from "~/credentials/bitstring.server";
import { offlineDocumentLoader } from "~/credentials/document-loader.server";
import { controllerDocument, issuerDocuments, issuerKeys } from "~/credentials/issuer.server";
import { rotateIssuerKey } from "~/credentials/keys.server";
import { signCredential, verifyProof } from "~/credentials/signing.server";
import { importAttainments } from "~/models/attainments.server";
import { issueEarnedCertifications, revokeCertification } from "~/models/certifications.server";
import { checkPresentedCredential } from "~/models/open-badge-verification.server";
import { signedCredentialJson, statusListCredential } from "~/models/open-badges.server";
import { createUser } from "~/models/users.server";
import { seedDemo } from "~/seed/demo.server";
import { createTestDb, type TestDb } from "../support/db";

const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-keys-"));
process.env.ISSUER_KEYS_PATH = path.join(keysDir, "issuer-keys.json");

const now = new Date("2026-11-27T10:00:00Z");
const origin = "https://academy.example.com";
let t: TestDb;

const schema = JSON.parse(
  fs.readFileSync(
    new URL("../fixtures/open-badges/ob_v3p0_achievementcredential_schema.json", import.meta.url),
    "utf8",
  ),
);
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateSchema = ajv.compile(schema);

function activeCertification() {
  const row = t.db
    .select({ id: certifications.id, credentialId: certifications.credentialId, email: users.email })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .where(sql`${certifications.revokedAt} is null and ${certifications.expiresAt} > ${now.getTime()}`)
    .get();
  assert.ok(row, "the demo has an active certification");
  return row;
}

async function served(credentialId: string): Promise<Record<string, unknown>> {
  const json = await signedCredentialJson(t.db, credentialId, origin, now);
  assert.ok(json);
  return JSON.parse(json);
}

const check = (credential: unknown) =>
  checkPresentedCredential(t.db, Buffer.from(JSON.stringify(credential)), origin, now);

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => {
  t.close();
  fs.rmSync(keysDir, { recursive: true, force: true });
});

describe("issuing", () => {
  it("gives every certification a credential with a status entry, revoked ones already set", () => {
    const certs = t.db.select().from(certifications).all();
    const rows = t.db.select().from(openBadgeCredentials).all();
    assert.equal(rows.length, certs.length);
    const revoked = certs.filter((c) => c.revokedAt);
    assert.ok(revoked.length > 0, "the demo has a revoked certification");
    const lists = new Map(
      t.db
        .select()
        .from(credentialStatusLists)
        .all()
        .map((l) => [l.id, l.bits]),
    );
    for (const row of rows) {
      assert.equal(row.signedJson, null, "nothing is signed inside the issuing transaction");
      const list = lists.get(row.statusListId);
      assert.ok(list);
      const cert = certs.find((c) => c.id === row.certificationId);
      assert.equal(getBit(list, row.statusIndex), Boolean(cert?.revokedAt));
    }
  });
});

describe("a served credential", () => {
  it("is an OpenBadgeCredential valid against the official OB 3.0 JSON Schema, without the holder's email", async () => {
    const cert = activeCertification();
    const credential = await served(cert.credentialId);
    assert.ok(validateSchema(credential), JSON.stringify(validateSchema.errors, null, 2));
    assert.ok(!JSON.stringify(credential).includes(cert.email), "no plain email in the file");
    assert.deepEqual(credential.type, ["VerifiableCredential", "OpenBadgeCredential"]);
    assert.equal(credential.id, `${origin}/credentials/${cert.credentialId}`);
    const [proof] = credential.proof as Array<Record<string, unknown>>;
    assert.deepEqual(
      { type: proof?.type, suite: proof?.cryptosuite, purpose: proof?.proofPurpose },
      { type: "DataIntegrityProof", suite: "eddsa-rdfc-2022", purpose: "assertionMethod" },
    );
  });

  it("never changes once handed out, not even after the key is rotated, and keeps verifying", async () => {
    const cert = activeCertification();
    const first = await signedCredentialJson(t.db, cert.credentialId, origin, now);
    await rotateIssuerKey(process.env.ISSUER_KEYS_PATH ?? "", now);
    const keys = await issuerKeys(now);
    assert.equal(keys.all.length, 2);
    assert.equal(await signedCredentialJson(t.db, cert.credentialId, origin, now), first);
    const published = controllerDocument(`${origin}/issuer`, keys);
    assert.equal((published.assertionMethod as string[]).length, 2, "the retired key stays published");
    const result = await check(JSON.parse(first ?? ""));
    assert.equal(result.outcome, "checked");
    assert.equal(result.outcome === "checked" && result.signatureValid, true);
    assert.equal(result.outcome === "checked" && result.status, "active");
  });

  it("verifies with the same code as the test vector, asking the loader only for known documents", async () => {
    const credential = await served(activeCertification().credentialId);
    const requested: string[] = [];
    const keys = await issuerKeys(now);
    const documents = issuerDocuments([`${origin}/issuer`], keys);
    const result = await verifyProof({
      credential,
      documentLoader: offlineDocumentLoader(documents, requested),
    });
    assert.equal(result.verified, true, result.error?.message);
    const [proof] = credential.proof as Array<Record<string, string>>;
    assert.deepEqual(
      [...new Set(requested)].sort(),
      [
        `${origin}/issuer`,
        proof?.verificationMethod,
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://www.w3.org/ns/credentials/v2",
      ].sort(),
    );
  });
});

describe("verification fails for the right reason", () => {
  it("names the field that was changed", async () => {
    const credential = await served(activeCertification().credentialId);
    const subject = credential.credentialSubject as { achievement: { name: string } };
    subject.achievement.name = "Storage Lead (self-promoted)";
    const result = await check(credential);
    assert.ok(result.outcome === "checked");
    assert.equal(result.signatureValid, false);
    assert.equal(result.status, null);
    assert.match(result.problems.join(" "), /changed after it was signed/);
    assert.deepEqual(
      result.differences.map((d) => d.path),
      ["credentialSubject.achievement.name"],
    );
    assert.equal(result.differences[0]?.presented, JSON.stringify("Storage Lead (self-promoted)"));
  });

  it("refuses a signature by a key the issuer never published", async () => {
    const credential = await served(activeCertification().credentialId);
    const { proof: _proof, ...unsigned } = credential;
    const stranger = await Ed25519Multikey.generate({ controller: `${origin}/issuer` });
    const forged = await signCredential({
      credential: unsigned,
      key: {
        id: stranger.id,
        controller: stranger.controller,
        publicKeyMultibase: stranger.publicKeyMultibase,
        secretKeyMultibase: stranger.secretKeyMultibase ?? "",
      },
      created: "2026-11-27T10:00:00Z",
      documentLoader: offlineDocumentLoader(),
    });
    const result = await check(forged);
    assert.ok(result.outcome === "checked");
    assert.equal(result.signatureValid, false);
    assert.match(result.problems.join(" "), /signed with a key this academy never published/);
  });

  it("reports a revoked credential as revoked, from the status entry flipped in the revoking transaction", async () => {
    const cert = activeCertification();
    const credential = await served(cert.credentialId);
    const admin = t.db.select({ id: users.id }).from(users).where(eq(users.email, "admin@example.com")).get();
    assert.ok(admin);
    // A revocation that rolls back leaves the entry as it was: the bit is part of the same transaction.
    assert.throws(() =>
      writeTransaction(t.db, (tx) => {
        revokeCertification(tx, cert.id, admin.id, "Rolled back", now);
        throw new Error("roll back");
      }),
    );
    const before = await check(credential);
    assert.equal(before.outcome === "checked" && before.status, "active");
    writeTransaction(t.db, (tx) =>
      revokeCertification(tx, cert.id, admin.id, "Shared the exam answers", now),
    );
    const result = await check(credential);
    assert.ok(result.outcome === "checked");
    assert.equal(result.signatureValid, true);
    assert.equal(result.status, "revoked");
  });
});

describe("the status list credential", () => {
  it("is signed, verifies, and carries the revocation bits", async () => {
    const row = t.db
      .select({ listId: openBadgeCredentials.statusListId, index: openBadgeCredentials.statusIndex })
      .from(openBadgeCredentials)
      .innerJoin(certifications, eq(certifications.id, openBadgeCredentials.certificationId))
      .where(isNotNull(certifications.revokedAt))
      .get();
    assert.ok(row);
    const list = await statusListCredential(t.db, row.listId, origin, now);
    assert.ok(list);
    const keys = await issuerKeys(now);
    const result = await verifyProof({
      credential: list,
      documentLoader: offlineDocumentLoader(issuerDocuments([`${origin}/issuer`], keys)),
    });
    assert.equal(result.verified, true, result.error?.message);
    const subject = list.credentialSubject as { encodedList: string; statusPurpose: string };
    assert.equal(subject.statusPurpose, "revocation");
    assert.equal(getBit(decodeList(subject.encodedList), row.index), true);
  });
});

describe("renewal", () => {
  it("issues a new credential and leaves the first one as it was", async () => {
    const personId = createUser(
      t.db,
      { email: "renewing@example.com", name: "Renée Wall", roles: ["learner"] },
      null,
      now,
    );
    const slugs = [
      "servers-economics",
      "servers-business-model",
      "servers-sales-lifecycle",
      "servers-product",
    ];
    const ids = t.db
      .select({ id: competencies.id })
      .from(competencies)
      .where(inArray(competencies.slug, slugs))
      .all()
      .map((c) => c.id);
    const earn = (at: Date) =>
      writeTransaction(t.db, (tx) => {
        importAttainments(
          tx,
          ids.map((competencyId) => ({ userId: personId, competencyId, attainedAt: at, evidence: "test" })),
          null,
          at,
        );
        return issueEarnedCertifications(tx, personId, ids, at, null);
      });
    const [first] = earn(now);
    assert.ok(first);
    const firstJson = await signedCredentialJson(t.db, first.credentialId, origin, now);
    const renewedAt = addDays(first.expiresAt, -10);
    const [renewed] = earn(renewedAt);
    assert.ok(renewed, "renewal inside the renewal window issues a new certification");
    assert.notEqual(renewed.credentialId, first.credentialId);
    const renewedJson = await signedCredentialJson(t.db, renewed.credentialId, origin, renewedAt);
    assert.ok(renewedJson);
    assert.equal(await signedCredentialJson(t.db, first.credentialId, origin, renewedAt), firstJson);
    const credential = JSON.parse(renewedJson);
    assert.equal(credential.validFrom, renewedAt.toISOString().replace(/\.\d{3}Z$/, "Z"));
    const result = await checkPresentedCredential(t.db, Buffer.from(renewedJson), origin, renewedAt);
    assert.equal(result.outcome === "checked" && result.status, "active");
  });
});
