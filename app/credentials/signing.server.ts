/**
 * Data Integrity proofs (`DataIntegrityProof`, cryptosuite `eddsa-rdfc-2022`) with the Digital
 * Bazaar VC stack. Signing is deterministic for a given credential, key and `created` date.
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import type { DocumentLoader, VerifyResult } from "@digitalbazaar/vc";

export type JsonObject = Record<string, unknown>;

/** A key pair as kept in the key file: Multikey encodings of the Ed25519 public and secret key. */
export interface SigningKey {
  /** The verification method id, `<controller>#<publicKeyMultibase>`. */
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export async function signCredential(options: {
  credential: JsonObject;
  key: SigningKey;
  /** The proof's `created` (ISO 8601, seconds precision). */
  created: string;
  documentLoader: DocumentLoader;
}): Promise<JsonObject> {
  const keyPair = await Ed25519Multikey.from({ type: "Multikey", ...options.key });
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    date: options.created,
    cryptosuite: eddsaRdfc2022,
  });
  return vc.issue({
    credential: structuredClone(options.credential),
    suite,
    documentLoader: options.documentLoader,
  });
}

/** The RDF Dataset Canonicalization (RDFC-1.0) of a document, as N-Quads. */
export function canonicalNQuads(document: JsonObject, documentLoader: DocumentLoader): Promise<string> {
  return eddsaRdfc2022.canonize(document, { documentLoader });
}

export type StatusCheck = (options: {
  credential: JsonObject;
}) => Promise<{ verified: boolean; error?: Error }>;

/**
 * Checks the proof (and, when given, the status) of a signed credential. Validity dates are
 * not judged here: `now` is pinned inside the credential's own validity window so that an
 * expired credential still reports whether its signature holds; callers compute expiry.
 */
export async function verifyProof(options: {
  credential: JsonObject;
  documentLoader: DocumentLoader;
  checkStatus?: StatusCheck;
}): Promise<VerifyResult> {
  const validFrom = options.credential.validFrom;
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return vc.verifyCredential({
    credential: options.credential,
    suite,
    documentLoader: options.documentLoader,
    now: typeof validFrom === "string" && !Number.isNaN(Date.parse(validFrom)) ? validFrom : undefined,
    checkStatus: options.checkStatus ?? (async () => ({ verified: true })),
  });
}

/** Every error message in a verification result, outermost first, without repeats. */
export function verificationErrors(result: VerifyResult): string[] {
  const messages = new Set<string>();
  const collect = (error: (Error & { errors?: Error[] }) | undefined) => {
    if (!error) return;
    if (error.errors?.length) error.errors.forEach(collect);
    else messages.add(error.message);
  };
  collect(result.error);
  for (const r of result.results ?? []) collect(r.error);
  if (result.statusResult?.error) messages.add(result.statusResult.error.message);
  return [...messages];
}
