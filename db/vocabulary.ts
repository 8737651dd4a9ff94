/**
 * The product's fixed vocabularies (DESIGN.md), with no database code: safe to import from
 * browser code, and the single source the schema's enums are built from.
 */
export const ROLES = ["learner", "trainer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const COMPETENCY_KINDS = [
  "economics",
  "business-model",
  "sales-lifecycle",
  "product",
  "field",
] as const;
export type CompetencyKind = (typeof COMPETENCY_KINDS)[number];

export const PROGRAM_LEVELS = ["specialist", "lead"] as const;
export type ProgramLevel = (typeof PROGRAM_LEVELS)[number];

export const ATTAINMENT_SOURCES = ["assessment", "attestation", "import"] as const;
export const QUESTION_KINDS = ["single", "multiple", "truefalse", "numerical", "short", "matching"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  single: "Single answer",
  multiple: "Multiple answers",
  truefalse: "True / false",
  numerical: "Numerical",
  short: "Short answer",
  matching: "Matching",
};

/** How an attempt shows one question: choice ids in display order (see attempt_questions). */
export interface AttemptLayout {
  choices: number[];
  /** Matching only: the distinct right-hand options in display order, each named by the id of
   * a choice whose `match_text` it is (left items are `choices`, distractors are not). */
  right?: number[];
}

/** A stored answer: chosen choice ids, typed text, or (matching) left choice id → right option id. */
export type AttemptResponse = { choices: number[] } | { text: string } | { pairs: Record<string, number> };

/** When a learner sees the right answers of an attempt (DESIGN.md Rule 11). */
export const REVEAL_POLICIES = ["after-pass", "never"] as const;
export type RevealPolicy = (typeof REVEAL_POLICIES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  learner: "Partner manager",
  trainer: "Trainer",
  admin: "Admin",
};

/** How long an invitation link stays valid. */
export const INVITATION_DAYS = 7;

/** How a published version changed (DESIGN.md Rule 14): a major revision sets holders a deadline. */
export const REVISION_KINDS = ["major", "minor"] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/** Where an outbox message goes. Webhooks (issue #14) add their own channel. */
export const OUTBOX_CHANNELS = ["email", "webhook"] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

/** An outbox message's delivery state (operational, not a product status). */
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What an API token may do (issue #14); a request needs the scope its endpoint names. */
export const API_SCOPES = [
  "people:read",
  "certifications:read",
  "coverage:read",
  "assignments:write",
  "people:write",
  "webhooks:manage",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The events a webhook endpoint can subscribe to (issue #14). */
export const WEBHOOK_EVENTS = [
  "certification.issued",
  "certification.renewed",
  "certification.expiring",
  "certification.expired",
  "certification.revoked",
  "assignment.created",
  "assignment.ended",
  "assignment.lapsed",
  "assignment.in_grace",
  "person.disabled",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** How an admin closed a completed learning plan (DESIGN.md Rule 16). */
export const PLAN_OUTCOMES = ["assigned", "closed"] as const;
export type PlanOutcome = (typeof PLAN_OUTCOMES)[number];
