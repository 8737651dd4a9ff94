/**
 * Open Badges 3.0 credentials as pure data: what a certification's credential says, built
 * from facts frozen at issue time; how two credentials differ (what was tampered); the
 * "Add to LinkedIn" link. No keys, no database: signing lives in app/credentials.
 */

export const OB_CONTEXTS = [
  "https://www.w3.org/ns/credentials/v2",
  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
] as const;

export const OB_SCHEMA_ID =
  "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

/** Everything a credential states, captured in the issuing transaction and never changed after. */
export interface CredentialFacts {
  credentialId: string;
  issuedAt: string;
  expiresAt: string;
  holder: {
    name: string;
    /** `sha256$` + hex SHA-256 of the lower-cased email followed by the salt (OB 3.0 IdentityHash). */
    emailHash: string;
    salt: string;
  };
  achievement: {
    /** Stable per program, e.g. `storage-specialist`. */
    key: string;
    name: string;
    level: "specialist" | "lead";
    technology: string;
    businessUnit: string;
    validityMonths: number;
    competencies: Array<{ slug: string; name: string; kind: string; description: string }>;
  };
}

export interface CredentialPlacement {
  origin: string;
  issuer: Record<string, unknown>;
  statusListUrl: string;
  statusIndex: number;
}

/** xsd:dateTimeStamp at second precision, as the VC data model examples write them. */
export function isoSeconds(value: string | Date): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const credentialUrl = (origin: string, credentialId: string) =>
  `${origin}/credentials/${credentialId}`;
export const verifyPageUrl = (origin: string, credentialId: string) => `${origin}/verify/${credentialId}`;

const LEVEL_WORDS = { specialist: "Specialist", lead: "Lead specialist" } as const;

export function criteriaNarrative(achievement: CredentialFacts["achievement"]): string {
  const lines = achievement.competencies.map((c) =>
    c.kind === "field"
      ? `- ${c.name}: shown in the field and attested by a trainer or admin with written evidence`
      : `- ${c.name}: passed the assessment of a module that teaches it`,
  );
  return [
    `Holds every competency the ${achievement.name} program requires, each current on the day of issue:`,
    "",
    ...lines,
    "",
    `The certification is valid for ${achievement.validityMonths} months, or until the earliest of those competencies expires if sooner.`,
  ].join("\n");
}

/** The unsigned OpenBadgeCredential for a certification. */
export function buildOpenBadgeCredential(
  facts: CredentialFacts,
  placement: CredentialPlacement,
): Record<string, unknown> {
  const { origin } = placement;
  const a = facts.achievement;
  return {
    "@context": [...OB_CONTEXTS],
    id: credentialUrl(origin, facts.credentialId),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: a.name,
    description: `${facts.holder.name} is certified ${LEVEL_WORDS[a.level]} for ${a.technology}.`,
    issuer: placement.issuer,
    validFrom: isoSeconds(facts.issuedAt),
    validUntil: isoSeconds(facts.expiresAt),
    awardedDate: isoSeconds(facts.issuedAt),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: facts.holder.name },
        {
          type: "IdentityObject",
          identityType: "emailAddress",
          hashed: true,
          identityHash: facts.holder.emailHash,
          salt: facts.holder.salt,
        },
      ],
      achievement: {
        id: `${origin}/achievements/${a.key}`,
        type: ["Achievement"],
        achievementType: "Certification",
        name: a.name,
        description: `${LEVEL_WORDS[a.level]} certification for ${a.technology} (${a.businessUnit}): the economics, business models, sales life-cycle and portfolio of the technology${a.level === "lead" ? ", partner growth planning and competencies shown in the field" : ""}.`,
        criteria: { narrative: criteriaNarrative(a) },
        alignment: a.competencies.map((c) => ({
          type: ["Alignment"],
          targetName: c.name,
          ...(c.description ? { targetDescription: c.description } : {}),
          targetType: "ceasn:Competency",
          targetCode: c.slug,
          targetUrl: `${origin}/learn/catalog?competency=${encodeURIComponent(c.slug)}`,
        })),
        fieldOfStudy: a.technology,
        humanCode: a.key.toUpperCase(),
        tag: [a.technology, LEVEL_WORDS[a.level], a.businessUnit],
      },
    },
    credentialStatus: {
      id: `${placement.statusListUrl}#${placement.statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(placement.statusIndex),
      statusListCredential: placement.statusListUrl,
    },
    credentialSchema: [{ id: OB_SCHEMA_ID, type: "JsonSchema" }],
  };
}

/** Larger than any credential (ours are ~5 KB, a baked SVG ~8 KB) by a wide margin. */
export const MAX_CREDENTIAL_BYTES = 256 * 1024;

/** What checking a presented credential found (app/models/open-badge-verification.server.ts). */
export type CredentialStatus = "active" | "expired" | "revoked" | "not-yet-valid";

export type CredentialCheck =
  | { outcome: "unreadable"; message: string }
  | { outcome: "foreign"; message: string }
  | {
      outcome: "checked";
      signatureValid: boolean;
      problems: string[];
      differences: Difference[];
      status: CredentialStatus | null;
      credentialName: string;
      issuerName: string;
      holderName: string | null;
      validFrom: string | null;
      validUntil: string | null;
      credentialUrl: string | null;
    };

export interface Difference {
  path: string;
  issued: string;
  presented: string;
}

const show = (value: unknown) => (value === undefined ? "(missing)" : JSON.stringify(value));

/** Where a presented credential differs from the one issued (at most `limit` places). */
export function credentialDifferences(issued: unknown, presented: unknown, limit = 12): Difference[] {
  const found: Difference[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (found.length >= limit) return;
    const objects = a && b && typeof a === "object" && typeof b === "object";
    if (objects && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) {
        const child = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], child);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      found.push({ path: path || "(whole credential)", issued: show(a), presented: show(b) });
    }
  };
  walk(issued, presented, "");
  return found;
}

/** The "Add to profile" link of LinkedIn's certification form, filled in. */
export function linkedInAddUrl(input: {
  name: string;
  organizationName: string;
  issuedAt: string;
  expiresAt: string;
  credentialId: string;
  verifyUrl: string;
}): string {
  const issued = new Date(input.issuedAt);
  const expires = new Date(input.expiresAt);
  const query = new URLSearchParams({
    startTask: "CERTIFICATION_NAME",
    name: input.name,
    organizationName: input.organizationName,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    expirationYear: String(expires.getUTCFullYear()),
    expirationMonth: String(expires.getUTCMonth() + 1),
    certUrl: input.verifyUrl,
    certId: input.credentialId,
  });
  return `https://www.linkedin.com/profile/add?${query.toString()}`;
}
