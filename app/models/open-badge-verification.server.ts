/**
 * Checking a credential someone presents (a JSON file, pasted JSON or a baked image): is it
 * ours, does its signature hold, what does it say, is it revoked or expired, and, when the
 * signature fails, what differs from the credential that was issued. Offline: keys and
 * status come from this academy's own key file and database, never from the network.
 */
import type { Database } from "#db/client.server";
import {
  MAX_CREDENTIAL_BYTES,
  credentialDifferences,
  type CredentialCheck,
  type CredentialStatus,
} from "~/domain/open-badge";
import { BakedImageError, extractFromPng, extractFromSvg, isPng } from "~/credentials/baking.server";
import { OfflineLoaderRefusal, offlineDocumentLoader } from "~/credentials/document-loader.server";
import { issuerDocuments, issuerKeys } from "~/credentials/issuer.server";
import {
  verificationErrors,
  verifyProof,
  type JsonObject,
  type StatusCheck,
} from "~/credentials/signing.server";
import { knownIssuerIds, revocationBit, storedCredentialJson } from "./open-badges.server";

const unreadable = (message: string): CredentialCheck => ({ outcome: "unreadable", message });

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The credential JSON inside whatever was presented, or a message saying why there is none. */
function presentedJson(bytes: Buffer): { json: JsonObject } | { problem: string } {
  if (bytes.length === 0)
    return { problem: "Nothing was given: choose a file or paste the credential's JSON." };
  if (bytes.length > MAX_CREDENTIAL_BYTES) {
    return {
      problem: `That is ${Math.ceil(bytes.length / 1024)} KB; a credential is at most ${MAX_CREDENTIAL_BYTES / 1024} KB. Check that you chose the credential file.`,
    };
  }
  let body: string;
  try {
    body = isPng(bytes) ? extractFromPng(bytes) : bytes.toString("utf8").trim();
    if (body.startsWith("<")) body = extractFromSvg(body);
  } catch (error) {
    if (error instanceof BakedImageError) return { problem: error.message };
    return { problem: "This image could not be read." };
  }
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(body)) {
    return {
      problem:
        "This is a VC-JWT (a compact JWS). This academy issues credentials with an embedded Data Integrity proof: check the JSON file or the badge image instead.",
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : "";
    return { problem: `This is not JSON, nor a badge image with a credential baked in${detail}.` };
  }
  if (!isObject(parsed)) return { problem: "This JSON is not a credential: a credential is a JSON object." };
  const types = asArray(parsed.type);
  if (
    !types.includes("VerifiableCredential") ||
    !types.some((t) => t === "OpenBadgeCredential" || t === "AchievementCredential")
  ) {
    return {
      problem: `This JSON is not an Open Badges credential: its type is ${types.length ? types.map((t) => JSON.stringify(t)).join(", ") : "missing"}, where an OpenBadgeCredential is expected.`,
    };
  }
  return { json: parsed };
}

function explain(message: string): string {
  if (message === "Invalid signature.") {
    return "The signature does not match the content: the credential was changed after it was signed.";
  }
  if (/not authorized by controller/.test(message))
    return "The signing key is not one of the issuer's published keys.";
  if (/must match the verification method controller/.test(message)) {
    return "The signing key belongs to another issuer than the one the credential names.";
  }
  if (/proofValue|multibase|Multikey/i.test(message)) return `The proof is malformed: ${message}`;
  return message;
}

function loaderProblem(url: string, issuerIds: Set<string>): string {
  const [base] = url.split("#");
  if (base && issuerIds.has(base)) return `It was signed with a key this academy never published (${url}).`;
  return `It refers to a document this academy does not use and will not fetch (${url}).`;
}

function statusAt(credential: JsonObject, revoked: boolean, now: Date): CredentialStatus {
  if (revoked) return "revoked";
  const from = Date.parse(text(credential.validFrom) ?? "");
  const until = Date.parse(text(credential.validUntil) ?? "");
  if (!Number.isNaN(from) && now.getTime() < from) return "not-yet-valid";
  if (!Number.isNaN(until) && now.getTime() > until) return "expired";
  return "active";
}

export async function checkPresentedCredential(
  db: Database,
  bytes: Buffer,
  origin: string,
  now: Date,
): Promise<CredentialCheck> {
  const presented = presentedJson(bytes);
  if ("problem" in presented) return unreadable(presented.problem);
  const credential = presented.json;

  const issuer = credential.issuer;
  const issuerId = isObject(issuer) ? text(issuer.id) : text(issuer);
  const issuerName = (isObject(issuer) ? text(issuer.name) : null) ?? issuerId ?? "an unnamed issuer";
  const ours = knownIssuerIds(db, origin);
  if (!issuerId || !ours.has(issuerId)) {
    return {
      outcome: "foreign",
      message: `This credential was issued by ${issuerName}${issuerId && issuerId !== issuerName ? ` (${issuerId})` : ""}, not by this academy. Only credentials this academy issued can be checked here: ask ${issuerName} to verify it.`,
    };
  }

  let revoked = false;
  const checkStatus: StatusCheck = async () => {
    const entry = asArray(credential.credentialStatus).find(isObject);
    const list = /\/credentials\/status\/(\d+)$/.exec(text(entry?.statusListCredential) ?? "");
    const index = Number(text(entry?.statusListIndex));
    const bit =
      list && entry?.statusPurpose === "revocation" ? revocationBit(db, Number(list[1]), index) : undefined;
    if (bit === undefined)
      return {
        verified: false,
        error: new Error("Its revocation status entry is not one of this academy's."),
      };
    revoked = bit;
    return bit
      ? { verified: false, error: new Error("It has been revoked by the issuer.") }
      : { verified: true };
  };

  const requested: string[] = [];
  const documents = issuerDocuments(ours, await issuerKeys(now));
  const result = credential.proof
    ? await verifyProof({
        credential,
        documentLoader: offlineDocumentLoader(documents, requested),
        checkStatus,
      })
    : undefined;
  // The status is checked only once the signature holds: a status result means a valid signature.
  const signatureValid = result !== undefined && (result.verified || result.statusResult !== undefined);
  const problems = result
    ? verificationErrors(result)
        .filter((m) => !(revoked && m === "It has been revoked by the issuer."))
        .map((m) => {
          const refused = requested.find((url) => m.includes(url));
          return refused && m.includes(new OfflineLoaderRefusal(refused).message)
            ? loaderProblem(refused, ours)
            : explain(m);
        })
    : ["It carries no proof: it was never signed, or its signature was removed."];

  const credentialUrl = text(credential.id);
  const credentialId = /\/credentials\/([A-Za-z0-9_-]{16,64})$/.exec(credentialUrl ?? "")?.[1];
  const issued = credentialId ? storedCredentialJson(db, credentialId) : undefined;
  if (!signatureValid && !issued) problems.push("This academy never issued a credential with this id.");
  const differences = !signatureValid && issued ? credentialDifferences(JSON.parse(issued), credential) : [];

  const subject = asArray(credential.credentialSubject).find(isObject);
  const nameEntry = asArray(subject?.identifier)
    .filter(isObject)
    .find((i) => i.identityType === "name" && i.hashed === false);
  return {
    outcome: "checked",
    signatureValid,
    problems,
    differences,
    status: signatureValid ? statusAt(credential, revoked, now) : null,
    credentialName: text(credential.name) ?? "Unnamed credential",
    issuerName,
    holderName: text(nameEntry?.identityHash),
    validFrom: text(credential.validFrom),
    validUntil: text(credential.validUntil),
    credentialUrl,
  };
}
