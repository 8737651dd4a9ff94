/**
 * The 1EdTech Open Badges 3.0 linked-data-proof test vector (implementation guide): its key
 * pair, credential and `created` date give its canonical N-Quads, hashes and proofValue byte
 * for byte, offline.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import { test } from "node:test";
import { offlineDocumentLoader } from "~/credentials/document-loader.server";
import { canonicalNQuads, signCredential, verifyProof } from "~/credentials/signing.server";

const vector = JSON.parse(
  fs.readFileSync(new URL("../fixtures/open-badges/ldp-test-vector.json", import.meta.url), "utf8"),
);
const key = {
  id: vector.keyPair.id,
  controller: vector.keyPair.controller,
  publicKeyMultibase: vector.keyPair.publicKeyMultibase,
  secretKeyMultibase: vector.keyPair.secretKeyMultibase,
};
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

test("the document and proof options canonicalize to the vector's N-Quads and hashes", async () => {
  const requested: string[] = [];
  const loader = offlineDocumentLoader(new Map(), requested);
  const document = await canonicalNQuads(vector.credential, loader);
  assert.equal(document, vector.expected.documentCanonical);
  assert.equal(sha256(document), vector.expected.documentHashHex);
  const proof = await canonicalNQuads(
    { "@context": vector.credential["@context"], ...vector.proofOptions },
    loader,
  );
  assert.equal(proof, vector.expected.proofCanonical);
  assert.equal(sha256(proof), vector.expected.proofHashHex);
  assert.deepEqual([...new Set(requested)].sort(), vector.credential["@context"].slice().sort());
});

test("signing the vector's credential with its key and created date gives its proofValue", async () => {
  const requested: string[] = [];
  const signed = await signCredential({
    credential: vector.credential,
    key,
    created: vector.proofOptions.created,
    documentLoader: offlineDocumentLoader(new Map(), requested),
  });
  assert.deepEqual(signed.proof, { ...vector.proofOptions, proofValue: vector.expected.proofValue });
  // The key from the vector's hex matches its Multikey (the Ed25519 public key in the multibase).
  assert.equal(
    Buffer.from(vector.keyPair.privateKeyHex, "hex").subarray(32).toString("hex"),
    vector.keyPair.publicKeyHex,
  );
  assert.ok(
    requested.every((url) => vector.credential["@context"].includes(url)),
    requested.join(", "),
  );
});

test("the vector's signed credential verifies against its controller with the offline loader", async () => {
  const signed = {
    ...vector.credential,
    proof: { ...vector.proofOptions, proofValue: vector.expected.proofValue },
  };
  const method = {
    "@context": "https://w3id.org/security/multikey/v1",
    id: key.id,
    type: "Multikey",
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  };
  const controller = {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: key.controller,
    assertionMethod: [key.id],
    verificationMethod: [method],
  };
  const loader = offlineDocumentLoader(
    new Map<string, unknown>([
      [key.id, method],
      [key.controller, controller],
    ]),
  );
  const result = await verifyProof({ credential: signed, documentLoader: loader });
  assert.equal(result.verified, true, result.error?.message);
  const tampered = await verifyProof({
    credential: { ...signed, name: "Teamwork Badge (gold)" },
    documentLoader: loader,
  });
  assert.equal(tampered.verified, false);
});
