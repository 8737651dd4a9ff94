/**
 * The issuer: its Open Badges profile (configurable, demo values by default), its id under
 * the public origin, and its published keys (a controller document listing every key, old
 * ones included, as Multikey verification methods).
 */
import fs from "node:fs";
import { env, issuerKeysPath } from "~/utils/env.server";
import { DID_CONTEXT, MULTIKEY_CONTEXT } from "./document-loader.server";
import { loadOrCreateIssuerKeys, type IssuerKeys, type StoredKey } from "./keys.server";
import type { JsonObject, SigningKey } from "./signing.server";

export interface Issuer {
  origin: string;
  /** `<origin>/issuer`: the issuer id in credentials and the controller of its keys. */
  id: string;
  profile: JsonObject;
  keys: IssuerKeys;
}

/**
 * The public origin credentials are issued under: APP_ORIGIN, or the origin the request came
 * in on when it is not set (fine in development; production should set APP_ORIGIN so that
 * ids do not depend on the host name a visitor used).
 */
export function credentialOrigin(requestUrl: string): string {
  const configured = env().APP_ORIGIN;
  return new URL(configured ?? requestUrl).origin;
}

export const issuerIdFor = (origin: string) => `${origin}/issuer`;

let cachedKeys: { mtimeMs: number; keys: IssuerKeys } | undefined;

/** The key set from the key file (created on first use); re-read when the file changes (rotation). */
export async function issuerKeys(now = new Date()): Promise<IssuerKeys> {
  const file = issuerKeysPath();
  const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (cachedKeys && mtimeMs === cachedKeys.mtimeMs) return cachedKeys.keys;
  const keys = await loadOrCreateIssuerKeys(file, now);
  cachedKeys = { mtimeMs: fs.statSync(file).mtimeMs, keys };
  return keys;
}

export function issuerProfile(origin: string): JsonObject {
  const config = env();
  return {
    id: issuerIdFor(origin),
    type: ["Profile"],
    name: config.ISSUER_NAME,
    url: config.ISSUER_URL ?? origin,
    email: config.ISSUER_EMAIL,
    description: config.ISSUER_DESCRIPTION,
    image: { id: config.ISSUER_IMAGE_URL ?? `${origin}/issuer-logo.svg`, type: "Image" },
  };
}

export async function issuerAt(origin: string, now = new Date()): Promise<Issuer> {
  return { origin, id: issuerIdFor(origin), profile: issuerProfile(origin), keys: await issuerKeys(now) };
}

export const verificationMethodId = (issuerId: string, key: StoredKey) =>
  `${issuerId}#${key.publicKeyMultibase}`;

export function signingKey(issuer: Issuer): SigningKey {
  const key = issuer.keys.active;
  return {
    id: verificationMethodId(issuer.id, key),
    controller: issuer.id,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  };
}

function verificationMethod(issuerId: string, key: StoredKey): JsonObject {
  return {
    id: verificationMethodId(issuerId, key),
    type: "Multikey",
    controller: issuerId,
    publicKeyMultibase: key.publicKeyMultibase,
  };
}

/** What `<origin>/issuer` serves: every key, current and retired, authorized for assertions. */
export function controllerDocument(issuerId: string, keys: IssuerKeys): JsonObject {
  return {
    "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: issuerId,
    verificationMethod: keys.all.map((k) => verificationMethod(issuerId, k)),
    assertionMethod: keys.all.map((k) => verificationMethodId(issuerId, k)),
  };
}

/** The controller document and each verification method by URL, for the offline loader. */
export function issuerDocuments(issuerIds: Iterable<string>, keys: IssuerKeys): Map<string, unknown> {
  const documents = new Map<string, unknown>();
  for (const issuerId of issuerIds) {
    documents.set(issuerId, controllerDocument(issuerId, keys));
    for (const key of keys.all) {
      documents.set(verificationMethodId(issuerId, key), {
        "@context": MULTIKEY_CONTEXT,
        ...verificationMethod(issuerId, key),
      });
    }
  }
  return documents;
}

/** What start-up says about credentials: the active public key (never the secret) and the origin. */
export async function issuerStartupLines(now = new Date()): Promise<string[]> {
  const keys = await issuerKeys(now);
  const lines = [
    `Open Badges signing key ${keys.active.publicKeyMultibase} (${keys.all.length} published, in ${issuerKeysPath()})`,
  ];
  if (!env().APP_ORIGIN && env().NODE_ENV === "production") {
    lines.push(
      "APP_ORIGIN is not set: credentials carry the origin of the request that first asks for them. Set APP_ORIGIN to the public address.",
    );
  }
  return lines;
}
