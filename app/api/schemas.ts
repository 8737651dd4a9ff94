/**
 * The API's contract as zod schemas: handlers parse their input with them and type their
 * output by them, and the OpenAPI document is generated from them (openapi.server.ts).
 * Instants are ISO 8601 strings in UTC.
 */
import { z } from "zod";
import { API_SCOPES, PROGRAM_LEVELS, WEBHOOK_EVENTS } from "#db/vocabulary";

const instant = z.iso.datetime().describe("ISO 8601 instant, UTC");
const id = z.number().int().min(1);

// ---------------------------------------------------------------- shared

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    reason: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const PageQuery = z.object({
  cursor: z.string().max(40).optional().describe("`nextCursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  updated_since: z.iso
    .datetime()
    .optional()
    .describe("Only rows created or changed at or after this instant"),
});

export function page<T extends z.ZodType>(item: T, name: string) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() }).meta({ id: `${name}Page` });
}

const Ref = z.object({ id, name: z.string() });
export const TerritoryRef = Ref.extend({ code: z.string() }).meta({ id: "TerritoryRef" });

// ---------------------------------------------------------------- people

export const Person = z
  .object({
    id,
    email: z.email(),
    externalId: z.string().nullable(),
    name: z.string(),
    jobTitle: z.string().nullable(),
    territory: TerritoryRef.nullable(),
    roles: z.array(z.enum(["learner", "trainer", "admin"])),
    disabled: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: "Person" });

export const PeopleQuery = PageQuery.extend({
  email: z.string().max(320).optional(),
  external_id: z.string().max(200).optional(),
});

export const PersonUpsert = z
  .object({
    email: z.string().max(320).describe("Matched case-insensitively; the key unless externalId matches"),
    externalId: z.string().min(1).max(200).optional().describe("Matched first when given"),
    name: z.string(),
    territory: z.string().max(120).optional().describe("Territory name or code, as in the CSV import"),
    roles: z
      .array(z.enum(["learner", "trainer"]))
      .optional()
      .describe("Roles to add (never removed); admins are made in the app, not through the API"),
    jobTitle: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: "PersonUpsert" });

export const PersonUpserted = z
  .object({ created: z.boolean(), person: Person })
  .meta({ id: "PersonUpserted" });

// ---------------------------------------------------------------- certifications

export const CERTIFICATION_STATUSES = [
  "active",
  "expiring",
  "in-grace",
  "expired",
  "revoked",
  "not-yet-valid",
] as const;

export const Certification = z
  .object({
    id,
    credentialId: z.string(),
    personId: id,
    program: z.object({ id, name: z.string(), level: z.enum(PROGRAM_LEVELS), technology: Ref }),
    issuedAt: instant,
    expiresAt: instant,
    revokedAt: instant.nullable(),
    status: z
      .enum(CERTIFICATION_STATUSES)
      .describe(
        "At read time: expiring = within 30 days; in-grace = expired, within the program's grace days",
      ),
    daysLeft: z.number().int().nullable().describe("Whole days until expiry while active"),
    graceEndsAt: instant.nullable(),
    updatedAt: instant,
  })
  .meta({ id: "Certification" });

export const CertificationsQuery = PageQuery.extend({
  person_id: z.coerce.number().int().min(1).optional(),
  email: z.string().max(320).optional(),
  program_id: z.coerce.number().int().min(1).optional(),
  technology_id: z.coerce.number().int().min(1).optional(),
});

export const CredentialVerification = z
  .object({
    credentialId: z.string(),
    holder: z.string(),
    program: z.string(),
    level: z.enum(PROGRAM_LEVELS),
    technology: z.string(),
    issuedAt: instant,
    expiresAt: instant,
    revokedAt: instant.nullable(),
    status: z.enum(["active", "expired", "revoked", "not-yet-valid"]),
  })
  .meta({ id: "CredentialVerification" });

// ---------------------------------------------------------------- programs

export const Program = z
  .object({
    id,
    name: z.string(),
    level: z.enum(PROGRAM_LEVELS),
    technology: Ref.extend({ slug: z.string() }),
    validityMonths: z.number().int(),
    renewalWindowDays: z.number().int(),
    graceDays: z.number().int(),
    requirements: z
      .array(z.object({ competencyId: id, name: z.string(), kind: z.string(), inherited: z.boolean() }))
      .describe("Effective requirements: a lead program includes its specialist program's (inherited)"),
  })
  .meta({ id: "Program" });

export const ProgramList = z.object({ data: z.array(Program) }).meta({ id: "ProgramList" });

// ---------------------------------------------------------------- assignments and coverage

export const ASSIGNMENT_STATES = ["covered", "at-risk", "in-grace", "lapsed", "ended"] as const;

export const Assignment = z
  .object({
    id,
    personId: id,
    person: z.string(),
    role: z.enum(PROGRAM_LEVELS),
    technology: Ref,
    territory: TerritoryRef,
    startedAt: instant,
    endedAt: instant.nullable(),
    state: z.enum(ASSIGNMENT_STATES),
    validUntil: instant.nullable().describe("Latest expiry of a qualifying certification"),
    lapsesAt: instant.nullable(),
    updatedAt: instant,
  })
  .meta({ id: "Assignment" });

export const AssignmentsQuery = PageQuery.extend({
  territory_id: z.coerce.number().int().min(1).optional(),
  technology_id: z.coerce.number().int().min(1).optional(),
  person_id: z.coerce.number().int().min(1).optional(),
  include_ended: z.enum(["true", "false"]).default("false"),
});

export const AssignmentCreate = z
  .object({ personId: id, technologyId: id, territoryId: id, role: z.enum(PROGRAM_LEVELS) })
  .strict()
  .meta({ id: "AssignmentCreate" });

export const AssignmentEnd = z
  .object({ reason: z.string().min(3).max(500) })
  .strict()
  .meta({ id: "AssignmentEnd" });

const Reason = z.object({
  competencyId: id,
  name: z.string(),
  modules: z
    .array(z.object({ id, slug: z.string(), title: z.string() }))
    .describe("Published modules that teach it"),
});

export const GateRefusal = Problem.extend({
  reason: z.enum(["not-certified", "blocked", "already-assigned", "person-unavailable"]),
  missing: z.array(Reason).optional(),
  expired: z.array(Reason).optional(),
}).meta({ id: "GateRefusal", description: "Rule 7: why the person may not hold the seat" });

export const CoverageQuery = z.object({
  region: z.string().max(120).optional(),
  business_unit: z.string().max(120).optional().describe("Business unit slug"),
});

export const CoverageCell = z
  .object({
    territory: TerritoryRef,
    technology: Ref,
    status: z.enum(["covered", "at-risk", "in-grace", "lapsed", "vacant"]),
    specialists: z.number().int(),
    leads: z.number().int(),
    inGrace: z.number().int(),
    lapsed: z.number().int(),
    coveredUntil: instant.nullable(),
  })
  .meta({ id: "CoverageCell" });

export const Coverage = z
  .object({ data: z.array(CoverageCell), counts: z.record(z.string(), z.number().int()) })
  .meta({ id: "Coverage" });

// ---------------------------------------------------------------- webhooks

export const WebhookEndpoint = z
  .object({
    id,
    url: z.url(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    description: z.string().nullable(),
    createdAt: instant,
    disabledAt: instant.nullable(),
    disabledReason: z.string().nullable(),
    consecutiveFailures: z.number().int(),
  })
  .meta({ id: "WebhookEndpoint" });

export const WebhookEndpointCreate = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
    description: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: "WebhookEndpointCreate" });

export const WebhookEndpointCreated = WebhookEndpoint.extend({
  secret: z.string().describe("Standard Webhooks signing secret (whsec_…): shown only in this response"),
}).meta({ id: "WebhookEndpointCreated" });

export const WebhookEndpointList = z
  .object({ data: z.array(WebhookEndpoint) })
  .meta({ id: "WebhookEndpointList" });

export const WebhookPayload = z
  .object({
    type: z.enum(WEBHOOK_EVENTS),
    timestamp: instant,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "WebhookPayload", description: "The body of every webhook request (Standard Webhooks)" });

export const ScopeList = z.array(z.enum(API_SCOPES));

export const PersonPage = page(Person, "Person");
export const CertificationPage = page(Certification, "Certification");
export const AssignmentPage = page(Assignment, "Assignment");
