/**
 * Serving the Open Badges credentials: a certification's signed credential (signed on first
 * request and stored, so that it never changes once handed out), and the signed status list
 * credentials that say which ones are revoked.
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { certifications, credentialStatusLists, openBadgeCredentials } from "#db/schema";
import { buildOpenBadgeCredential, isoSeconds, type CredentialFacts } from "~/domain/open-badge";
import { bakedSvg } from "~/credentials/baking.server";
import { encodeList, getBit } from "~/credentials/bitstring.server";
import { offlineDocumentLoader } from "~/credentials/document-loader.server";
import { issuerAt, issuerIdFor, signingKey } from "~/credentials/issuer.server";
import { signCredential, type JsonObject } from "~/credentials/signing.server";
import { env } from "~/utils/env.server";
import { ensureOpenBadge } from "./open-badge-issuance.server";

const FactsSchema = z.object({
  credentialId: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  holder: z.object({ name: z.string(), emailHash: z.string(), salt: z.string() }),
  achievement: z.object({
    key: z.string(),
    name: z.string(),
    level: z.enum(["specialist", "lead"]),
    technology: z.string(),
    businessUnit: z.string(),
    validityMonths: z.number(),
    competencies: z.array(
      z.object({ slug: z.string(), name: z.string(), kind: z.string(), description: z.string() }),
    ),
  }),
}) satisfies z.ZodType<CredentialFacts>;

export const statusListUrl = (origin: string, listId: number) => `${origin}/credentials/status/${listId}`;

const CREDENTIAL_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The signed credential of the certification with this public credential id, or undefined.
 * The first request signs it with the active key under `origin` and stores it; every later
 * request gets those same bytes.
 */
export async function signedCredentialJson(
  db: Database,
  credentialId: string,
  origin: string,
  now: Date,
): Promise<string | undefined> {
  if (!CREDENTIAL_ID.test(credentialId)) return undefined;
  const certification = db
    .select({ id: certifications.id })
    .from(certifications)
    .where(eq(certifications.credentialId, credentialId))
    .get();
  if (!certification) return undefined;
  const row = ensureOpenBadge(db, certification.id, now);
  if (row.signedJson) return row.signedJson;

  const issuer = await issuerAt(origin, now);
  const unsigned = buildOpenBadgeCredential(FactsSchema.parse(row.facts), {
    origin,
    issuer: issuer.profile,
    statusListUrl: statusListUrl(origin, row.statusListId),
    statusIndex: row.statusIndex,
  });
  const signed = await signCredential({
    credential: unsigned,
    key: signingKey(issuer),
    created: isoSeconds(now),
    documentLoader: offlineDocumentLoader(),
  });
  // A proof set (an array) is as valid as a single proof in VC 2.0, and it is what the official
  // OB 3.0 JSON Schema accepts.
  const served = { ...signed, proof: [signed.proof].flat() };
  // First writer wins: two concurrent first requests store one credential, and both return it.
  db.update(openBadgeCredentials)
    .set({ signedJson: JSON.stringify(served, null, 2), signedAt: now, issuerId: issuer.id })
    .where(
      and(
        eq(openBadgeCredentials.certificationId, certification.id),
        isNull(openBadgeCredentials.signedJson),
      ),
    )
    .run();
  return (
    db
      .select({ json: openBadgeCredentials.signedJson })
      .from(openBadgeCredentials)
      .where(eq(openBadgeCredentials.certificationId, certification.id))
      .get()?.json ?? undefined
  );
}

/** The stored signed credential whose `id` is this URL's credential, if it was ever handed out. */
export function storedCredentialJson(db: Database, credentialId: string): string | undefined {
  if (!CREDENTIAL_ID.test(credentialId)) return undefined;
  return (
    db
      .select({ json: openBadgeCredentials.signedJson })
      .from(openBadgeCredentials)
      .innerJoin(certifications, eq(certifications.id, openBadgeCredentials.certificationId))
      .where(and(eq(certifications.credentialId, credentialId), isNotNull(openBadgeCredentials.signedJson)))
      .get()?.json ?? undefined
  );
}

/** Issuer ids this academy has signed under, plus the current one: all of them are "us". */
export function knownIssuerIds(db: Database, origin: string): Set<string> {
  const ids = db
    .selectDistinct({ id: openBadgeCredentials.issuerId })
    .from(openBadgeCredentials)
    .where(isNotNull(openBadgeCredentials.issuerId))
    .all()
    .map((r) => r.id ?? "");
  return new Set([issuerIdFor(origin), ...ids.filter(Boolean)]);
}

/** Whether entry `index` of status list `listId` is set (revoked); undefined when there is no such entry. */
export function revocationBit(db: Database, listId: number, index: number): boolean | undefined {
  const list = db
    .select({ bits: credentialStatusLists.bits, size: credentialStatusLists.size })
    .from(credentialStatusLists)
    .where(eq(credentialStatusLists.id, listId))
    .get();
  if (!list || !Number.isInteger(index) || index < 0 || index >= list.size) return undefined;
  return getBit(list.bits, index);
}

const signedLists = new Map<string, JsonObject>();

/** The signed BitstringStatusListCredential of list `listId` as it stands now. */
export async function statusListCredential(
  db: Database,
  listId: number,
  origin: string,
  now: Date,
): Promise<JsonObject | undefined> {
  const list = db.select().from(credentialStatusLists).where(eq(credentialStatusLists.id, listId)).get();
  if (!list) return undefined;
  const issuer = await issuerAt(origin, now);
  // Re-signed only when the list changed (or the key or origin did); otherwise served from memory.
  const cacheKey = [listId, list.updatedAt.getTime(), origin, issuer.keys.active.publicKeyMultibase].join(
    " ",
  );
  const cached = signedLists.get(cacheKey);
  if (cached) return cached;
  const url = statusListUrl(origin, listId);
  const signed = await signCredential({
    credential: {
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id: url,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: issuer.id,
      validFrom: isoSeconds(list.updatedAt),
      credentialSubject: {
        id: `${url}#list`,
        type: "BitstringStatusList",
        statusPurpose: list.purpose,
        encodedList: encodeList(list.bits),
      },
    },
    key: signingKey(issuer),
    created: isoSeconds(list.updatedAt),
    documentLoader: offlineDocumentLoader(),
  });
  for (const key of signedLists.keys()) if (key.startsWith(`${listId} `)) signedLists.delete(key);
  signedLists.set(cacheKey, signed);
  return signed;
}

/** The badge image with the signed credential baked in, labelled from the credential's own facts. */
export async function bakedBadgeSvg(
  db: Database,
  credentialId: string,
  origin: string,
  now: Date,
): Promise<string | undefined> {
  const json = await signedCredentialJson(db, credentialId, origin, now);
  if (!json) return undefined;
  const row = db
    .select({ facts: openBadgeCredentials.facts })
    .from(openBadgeCredentials)
    .innerJoin(certifications, eq(certifications.id, openBadgeCredentials.certificationId))
    .where(eq(certifications.credentialId, credentialId))
    .get();
  const facts = FactsSchema.parse(row?.facts);
  return bakedSvg(json, {
    title: facts.achievement.technology,
    level: facts.achievement.level === "lead" ? "Lead specialist" : "Specialist",
    holder: facts.holder.name,
    issuer: env().ISSUER_NAME,
  });
}
