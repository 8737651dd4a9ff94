/**
 * The data model of Partner Academy (DESIGN.md, Data + Vocabulary).
 *
 * Conventions:
 * - integer ids internally; anything that appears in a public URL and must not be guessable
 *   (credential ids, invitation tokens) is random, and secrets are stored only as hashes;
 * - instants are integer milliseconds since the epoch (`timestamp_ms`), read as `Date`;
 * - status that follows from dates (certification active/expired, assignment lapsed) is
 *   never stored: it is computed at read time by `app/domain`.
 */
import { sql } from "drizzle-orm";
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

import {
  ATTAINMENT_SOURCES,
  COMPETENCY_KINDS,
  OUTBOX_CHANNELS,
  OUTBOX_STATUSES,
  PLAN_OUTCOMES,
  PROGRAM_LEVELS,
  QUESTION_KINDS,
  REVEAL_POLICIES,
  REVISION_KINDS,
  ROLES,
  type ApiScope,
  type AttemptLayout,
  type AttemptResponse,
  type WebhookEvent,
} from "./vocabulary";

export * from "./vocabulary";

// ---------------------------------------------------------------- organisation

export const regions = sqliteTable("regions", {
  id: integer("id").primaryKey(),
  name: text("name").notNull().unique(),
});

export const territories = sqliteTable(
  "territories",
  {
    id: integer("id").primaryKey(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    code: text("code").notNull().unique(),
    name: text("name").notNull().unique(),
  },
  (t) => [index("territories_region_idx").on(t.regionId)],
);

// ---------------------------------------------------------------- people and access

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(),
    /** Stored lower-cased and trimmed; unique. */
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    /** argon2id PHC string; null until an invitation is accepted. */
    passwordHash: text("password_hash"),
    territoryId: integer("territory_id").references(() => territories.id),
    jobTitle: text("job_title"),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    /** The last successful sign-in, by password or single sign-on (leavers show up as old). */
    lastSignInAt: integer("last_sign_in_at", { mode: "timestamp_ms" }),
    /**
     * A break-glass account (`admin:create --break-glass`): it may sign in with its password
     * when PASSWORD_SIGN_IN=0, and it is never linked to the identity provider.
     */
    breakGlass: integer("break_glass", { mode: "boolean" }).notNull().default(false),
    /** The person's id in the partner systems (PRM, HR), set through the API; unique. */
    externalId: text("external_id"),
    /** Set on every drizzle update of the row (null: never changed since `created_at`). */
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).$onUpdate(() => new Date()),
  },
  (t) => [
    uniqueIndex("users_external_id_idx").on(t.externalId),
    index("users_updated_idx").on(t.updatedAt),
    index("users_territory_idx").on(t.territoryId),
    index("users_name_idx").on(t.name),
    index("users_last_sign_in_idx").on(t.lastSignInAt),
    // Few accounts are disabled: counting the others is "all minus these" (decision 083).
    index("users_disabled_idx")
      .on(t.disabledAt)
      .where(sql`${t.disabledAt} is not null`),
  ],
);

/**
 * A person's identity at the OpenID Connect provider: the issuer and its `sub`, which never
 * changes (emails do). One per person; found by (issuer, subject) at every SSO sign-in.
 */
export const ssoIdentities = sqliteTable(
  "sso_identities",
  {
    userId: integer("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    linkedAt: integer("linked_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("sso_identities_subject_idx").on(t.issuer, t.subject)],
);

export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.role] }),
    index("user_roles_role_idx").on(t.role, t.userId),
    check("user_roles_role_check", sql`${t.role} in ('learner', 'trainer', 'admin')`),
  ],
);

/** Server-side sessions. The cookie carries a random id; only its SHA-256 is stored here. */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: text("data", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    /** Absolute end of the session, whatever the activity. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** Failed sign-ins, for throttling per account and per IP. Old rows are pruned. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("sign_in_failures_email_idx").on(t.email, t.at),
    index("sign_in_failures_ip_idx").on(t.ip, t.at),
  ],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("invitations_user_idx").on(t.userId)],
);

/**
 * Messages to deliver (DESIGN.md Rule 15), written in the same transaction as their cause.
 * `dedupe_key` makes each message exist once whatever retries, restarts or workers do (e.g.
 * `certification-reminder:42:30`); the delivery worker claims rows with a lease, sends them
 * and records the outcome, retrying with backoff. Delivery state is operational bookkeeping,
 * not a product status.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey(),
    channel: text("channel", { enum: OUTBOX_CHANNELS }).notNull(),
    /** What the message is about, e.g. `certification.expiring`, `user.invited`. */
    topic: text("topic").notNull(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** An email address for the email channel. */
    recipient: text("recipient").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
    /** Structured content for machine channels. */
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Bodies carrying a secret (an invitation link) are blanked once delivered. */
    sensitive: integer("sensitive", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    /** While `sending`: the claim's owner and until when it holds. */
    claimToken: text("claim_token"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_created_idx").on(t.createdAt),
    check("outbox_status_check", sql`${t.status} in ('pending', 'sending', 'sent', 'failed')`),
  ],
);

/** In-app notifications: the same messages, for the bell in the header (read/unread). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    dedupeKey: text("dedupe_key").notNull().unique(),
    topic: text("topic").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** A path in the app that acts on the notification. */
    link: text("link"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId, t.readAt),
  ],
);

/** The last run of each scheduled job (for the scheduler's "is it due" and the admin page). */
export const jobRuns = sqliteTable("job_runs", {
  name: text("name").primaryKey(),
  lastStartedAt: integer("last_started_at", { mode: "timestamp_ms" }).notNull(),
  lastFinishedAt: integer("last_finished_at", { mode: "timestamp_ms" }),
  lastSummary: text("last_summary"),
  lastError: text("last_error"),
});

// ---------------------------------------------------------------- catalog of competencies

export const businessUnits = sqliteTable("business_units", {
  id: integer("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull().unique(),
});

export const technologies = sqliteTable(
  "technologies",
  {
    id: integer("id").primaryKey(),
    businessUnitId: integer("business_unit_id")
      .notNull()
      .references(() => businessUnits.id),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull().unique(),
    description: text("description").notNull().default(""),
    /** Coverage target per territory. */
    targetSpecialists: integer("target_specialists").notNull().default(1),
    targetLeads: integer("target_leads").notNull().default(1),
  },
  (t) => [index("technologies_business_unit_idx").on(t.businessUnitId)],
);

export const competencies = sqliteTable(
  "competencies",
  {
    id: integer("id").primaryKey(),
    technologyId: integer("technology_id")
      .notNull()
      .references(() => technologies.id),
    /** Globally unique, e.g. `storage-economics`; content files refer to it. */
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    kind: text("kind", { enum: COMPETENCY_KINDS }).notNull(),
    description: text("description").notNull().default(""),
    validityMonths: integer("validity_months").notNull().default(24),
  },
  (t) => [
    index("competencies_technology_idx").on(t.technologyId),
    check("competencies_validity_check", sql`${t.validityMonths} > 0`),
  ],
);

export const certificationPrograms = sqliteTable(
  "certification_programs",
  {
    id: integer("id").primaryKey(),
    technologyId: integer("technology_id")
      .notNull()
      .references(() => technologies.id),
    level: text("level", { enum: PROGRAM_LEVELS }).notNull(),
    name: text("name").notNull(),
    validityMonths: integer("validity_months").notNull().default(12),
    /** Renewal opens this many days before a certification expires (Rule 13). */
    renewalWindowDays: integer("renewal_window_days").notNull().default(90),
    /** An assignment stays in grace this long after its certification expires (Rule 8). */
    graceDays: integer("grace_days").notNull().default(30),
    /** Holders have this long after a major revision to take the new version (Rule 14). */
    deltaDeadlineDays: integer("delta_deadline_days").notNull().default(90),
  },
  (t) => [
    uniqueIndex("certification_programs_technology_level_idx").on(t.technologyId, t.level),
    // The lifecycle settings' ranges are checked by the model: a CHECK here would make
    // drizzle-kit rebuild the table, and with it the rows that reference it.
    check("certification_programs_validity_check", sql`${t.validityMonths} > 0`),
  ],
);

/**
 * A program's own requirements. A `lead` program's effective requirements are these plus
 * the same technology's `specialist` requirements (DESIGN.md Rule 4), combined in app/domain.
 */
export const programRequirements = sqliteTable(
  "program_requirements",
  {
    programId: integer("program_id")
      .notNull()
      .references(() => certificationPrograms.id, { onDelete: "cascade" }),
    competencyId: integer("competency_id")
      .notNull()
      .references(() => competencies.id),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.competencyId] }),
    index("program_requirements_competency_idx").on(t.competencyId),
  ],
);

// ---------------------------------------------------------------- partners

export const partners = sqliteTable(
  "partners",
  {
    id: integer("id").primaryKey(),
    territoryId: integer("territory_id")
      .notNull()
      .references(() => territories.id),
    name: text("name").notNull(),
    city: text("city").notNull().default(""),
  },
  (t) => [
    index("partners_territory_idx").on(t.territoryId),
    uniqueIndex("partners_name_territory_idx").on(t.name, t.territoryId),
  ],
);

/** A partner's sales mix: the share (0–100) of its business per technology. */
export const partnerTechnologyMix = sqliteTable(
  "partner_technology_mix",
  {
    partnerId: integer("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    technologyId: integer("technology_id")
      .notNull()
      .references(() => technologies.id),
    sharePercent: real("share_percent").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.technologyId] }),
    index("partner_technology_mix_technology_idx").on(t.technologyId, t.sharePercent),
    check("partner_mix_share_check", sql`${t.sharePercent} >= 0 and ${t.sharePercent} <= 100`),
  ],
);

// ---------------------------------------------------------------- modules and versions

export const modules = sqliteTable(
  "modules",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    technologyId: integer("technology_id")
      .notNull()
      .references(() => technologies.id),
    ownerId: integer("owner_id").references(() => users.id),
    /** `content`: loaded from the content/ folder (the importer archives it when removed). */
    origin: text("origin", { enum: ["content", "authored"] })
      .notNull()
      .default("authored"),
    /** The version learners starting now get; null until first published. */
    publishedVersionId: integer("published_version_id"),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("modules_technology_idx").on(t.technologyId), index("modules_owner_idx").on(t.ownerId)],
);

/**
 * A module's content. `status = 'draft'` is the one editable working copy of a module;
 * `published` versions are immutable snapshots that progress and attempts point at.
 */
export const moduleVersions = sqliteTable(
  "module_versions",
  {
    id: integer("id").primaryKey(),
    moduleId: integer("module_id")
      .notNull()
      .references(() => modules.id),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    /** 1, 2, 3 … for published versions; null for the draft. */
    versionNumber: integer("version_number"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    introMarkdown: text("intro_markdown").notNull().default(""),
    introHtml: text("intro_html").notNull().default(""),
    minutes: integer("minutes").notNull(),
    passMarkPercent: integer("pass_mark_percent").notNull().default(80),
    maxAttemptsPerDay: integer("max_attempts_per_day").notNull().default(3),
    /** Questions drawn from the bank for each attempt (DESIGN.md Rule 11). */
    formSize: integer("form_size").notNull().default(10),
    /** When a learner sees right answers and explanations: after a passed attempt, or never. */
    revealPolicy: text("reveal_policy", { enum: REVEAL_POLICIES }).notNull().default("after-pass"),
    /** Optional time limit of an attempt, enforced on the server; null = untimed. */
    timeLimitMinutes: integer("time_limit_minutes"),
    /** Hash of the source content, so an unchanged import publishes nothing. */
    contentHash: text("content_hash"),
    /** Incremented on every draft save; optimistic concurrency for editors. */
    revision: integer("revision").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    publishedById: integer("published_by_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("module_versions_number_idx").on(t.moduleId, t.versionNumber),
    uniqueIndex("module_versions_one_draft_idx")
      .on(t.moduleId)
      .where(sql`${t.status} = 'draft'`),
    check("module_versions_pass_mark_check", sql`${t.passMarkPercent} between 1 and 100`),
    check("module_versions_minutes_check", sql`${t.minutes} > 0`),
  ],
);

/**
 * How a published version changed (Rule 14), as its trainer marked it. A major revision
 * gives holders of the competencies it teaches until `recertifyBy` to take it; attainments
 * it supersedes point back here (`attainments.superseded_by_version_id`).
 */
export const moduleRevisions = sqliteTable(
  "module_revisions",
  {
    moduleVersionId: integer("module_version_id")
      .primaryKey()
      .references(() => moduleVersions.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: REVISION_KINDS }).notNull(),
    /** What changed, in the trainer's words (required for a major revision). */
    note: text("note").notNull().default(""),
    /** Major revisions only: the delta deadline. */
    recertifyBy: integer("recertify_by", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("module_revisions_deadline_idx").on(t.recertifyBy),
    check("module_revisions_kind_check", sql`${t.kind} in ('major', 'minor')`),
  ],
);

/** The competencies a module version teaches. */
export const moduleVersionCompetencies = sqliteTable(
  "module_version_competencies",
  {
    moduleVersionId: integer("module_version_id")
      .notNull()
      .references(() => moduleVersions.id, { onDelete: "cascade" }),
    competencyId: integer("competency_id")
      .notNull()
      .references(() => competencies.id),
  },
  (t) => [
    primaryKey({ columns: [t.moduleVersionId, t.competencyId] }),
    index("module_version_competencies_competency_idx").on(t.competencyId),
  ],
);

export const lessons = sqliteTable(
  "lessons",
  {
    id: integer("id").primaryKey(),
    moduleVersionId: integer("module_version_id")
      .notNull()
      .references(() => moduleVersions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** File-name stem in content/ (e.g. `02-attach-rates`); question categories name it. */
    stem: text("stem"),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    /** Rendered with marked and sanitised once, when the version is saved/published. */
    bodyHtml: text("body_html").notNull(),
    minutes: integer("minutes").notNull().default(5),
    /** Incremented on every save of a draft lesson; optimistic concurrency for editors. */
    revision: integer("revision").notNull().default(1),
  },
  (t) => [uniqueIndex("lessons_position_idx").on(t.moduleVersionId, t.position)],
);

export const questions = sqliteTable(
  "questions",
  {
    id: integer("id").primaryKey(),
    moduleVersionId: integer("module_version_id")
      .notNull()
      .references(() => moduleVersions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: QUESTION_KINDS }).notNull(),
    /**
     * GIFT `$CATEGORY:`. Forms are balanced over categories; a category equal to a lesson's
     * stem makes that lesson "the lesson to revisit" when the question is answered wrong.
     */
    category: text("category"),
    /** The competency the question assesses when the module teaches several; null = all. */
    competencyId: integer("competency_id").references(() => competencies.id),
    title: text("title"),
    promptMarkdown: text("prompt_markdown").notNull(),
    promptHtml: text("prompt_html").notNull(),
    explanation: text("explanation").notNull().default(""),
    revision: integer("revision").notNull().default(1),
  },
  (t) => [uniqueIndex("questions_position_idx").on(t.moduleVersionId, t.position)],
);

export const choices = sqliteTable(
  "choices",
  {
    id: integer("id").primaryKey(),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /**
     * Choice kinds: the answer's text. Numerical: the accepted answer as GIFT writes it
     * (`100000:500`, `95000..105000`). Short answer: an accepted answer. Matching: the left
     * item (empty for a distractor on the right).
     */
    text: text("text").notNull(),
    /** Answer key: never leaves the server before an attempt is submitted. */
    isCorrect: integer("is_correct", { mode: "boolean" }).notNull(),
    /** Credit (0..1) for numerical and short answers (GIFT `%50%`); null = full when correct. */
    weight: real("weight"),
    /** Matching: the right item this left item goes with. */
    matchText: text("match_text"),
    feedback: text("feedback").notNull().default(""),
  },
  (t) => [uniqueIndex("choices_position_idx").on(t.questionId, t.position)],
);

// ---------------------------------------------------------------- learning records

/** A learner's place in a module: pinned to the version they started until they finish. */
export const enrollments = sqliteTable(
  "enrollments",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    moduleId: integer("module_id")
      .notNull()
      .references(() => modules.id),
    moduleVersionId: integer("module_version_id")
      .notNull()
      .references(() => moduleVersions.id),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    lastLessonId: integer("last_lesson_id").references(() => lessons.id),
    lastActivityAt: integer("last_activity_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("enrollments_user_module_idx").on(t.userId, t.moduleId),
    index("enrollments_version_idx").on(t.moduleVersionId),
  ],
);

export const lessonProgress = sqliteTable(
  "lesson_progress",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.lessonId] })],
);

export const attempts = sqliteTable(
  "attempts",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    moduleVersionId: integer("module_version_id")
      .notNull()
      .references(() => moduleVersions.id),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    /** The server's end of a timed attempt (start + the version's time limit); null = untimed. */
    deadlineAt: integer("deadline_at", { mode: "timestamp_ms" }),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    /** Closed at its deadline and graded on the answers saved in time. */
    timedOut: integer("timed_out", { mode: "boolean" }).notNull().default(false),
    scorePercent: real("score_percent"),
    passed: integer("passed", { mode: "boolean" }),
  },
  (t) => [
    index("attempts_user_version_idx").on(t.userId, t.moduleVersionId, t.startedAt),
    index("attempts_version_idx").on(t.moduleVersionId, t.submittedAt),
  ],
);

/**
 * An attempt's own form (DESIGN.md Rule 11): the questions drawn from the bank, in the
 * attempt's order, with the order its choices are shown in. What the browser submits are
 * positions in these orders, so nothing it sees names a question or a choice. The answer
 * saved so far and, once graded, the credit.
 */
export const attemptQuestions = sqliteTable(
  "attempt_questions",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id, { onDelete: "cascade" }),
    /** 1..form size: the question's place on the page. */
    position: integer("position").notNull(),
    questionId: integer("question_id")
      .notNull()
      .references(() => questions.id),
    /** Choice ids in display order (matching: left items, then `right` = the options' order). */
    layout: text("layout", { mode: "json" }).notNull().$type<AttemptLayout>(),
    /** The answer as last saved or submitted (choice ids, typed text, or matched pairs). */
    response: text("response", { mode: "json" }).$type<AttemptResponse>(),
    /** 0..1 credit, once graded. */
    credit: real("credit"),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.position] }),
    uniqueIndex("attempt_questions_question_idx").on(t.attemptId, t.questionId),
    index("attempt_questions_by_question_idx").on(t.questionId),
  ],
);

/** A learner holds a competency from `attainedAt` until `expiresAt` (DESIGN.md Rules 1–2). */
export const attainments = sqliteTable(
  "attainments",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    competencyId: integer("competency_id")
      .notNull()
      .references(() => competencies.id),
    source: text("source", { enum: ATTAINMENT_SOURCES }).notNull(),
    attemptId: integer("attempt_id").references(() => attempts.id),
    attestedById: integer("attested_by_id").references(() => users.id),
    /** Written evidence for an attestation; a note for imported records. */
    evidence: text("evidence"),
    attainedAt: integer("attained_at", { mode: "timestamp_ms" }).notNull(),
    /** Brought forward to a delta deadline when a major revision supersedes it (Rule 14). */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** The major revision (module version) that brought `expiresAt` forward, if any. */
    supersededByVersionId: integer("superseded_by_version_id").references(() => moduleVersions.id),
  },
  (t) => [
    index("attainments_user_competency_idx").on(t.userId, t.competencyId, t.expiresAt),
    index("attainments_superseded_idx").on(t.supersededByVersionId, t.userId),
    index("attainments_competency_idx").on(t.competencyId, t.expiresAt),
    index("attainments_attempt_idx").on(t.attemptId),
  ],
);

export const certifications = sqliteTable(
  "certifications",
  {
    id: integer("id").primaryKey(),
    /** Public, random (128 bits), used in the verification URL. */
    credentialId: text("credential_id").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    programId: integer("program_id")
      .notNull()
      .references(() => certificationPrograms.id),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedById: integer("revoked_by_id").references(() => users.id),
    revokedReason: text("revoked_reason"),
  },
  (t) => [
    // Both cover the coverage and overview reads (the dates a span or a count needs), so
    // they never touch the table rows (decision 083).
    index("certifications_user_program_idx").on(t.userId, t.programId, t.expiresAt, t.issuedAt, t.revokedAt),
    index("certifications_program_expires_idx").on(t.programId, t.expiresAt),
    index("certifications_expires_idx").on(t.expiresAt, t.revokedAt, t.issuedAt, t.programId, t.userId),
  ],
);

/**
 * W3C Bitstring Status Lists for the Open Badges credentials: bit i set = entry i revoked.
 * A bit is set in the same transaction as the revocation it records.
 */
export const credentialStatusLists = sqliteTable("credential_status_lists", {
  id: integer("id").primaryKey(),
  purpose: text("purpose", { enum: ["revocation"] }).notNull(),
  /** Number of entries (bits). */
  size: integer("size").notNull(),
  /** Entries handed out; a new list is opened when this one is three quarters full. */
  used: integer("used").notNull().default(0),
  /** The uncompressed bitstring. */
  bits: blob("bits", { mode: "buffer" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * The Open Badges 3.0 credential of a certification. `facts` are what it states, captured in
 * the issuing transaction; `signedJson` is the signed credential exactly as first handed out
 * (signed on first request, outside the issuing transaction) and never changes after.
 */
export const openBadgeCredentials = sqliteTable(
  "open_badge_credentials",
  {
    certificationId: integer("certification_id")
      .primaryKey()
      .references(() => certifications.id),
    facts: text("facts", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    statusListId: integer("status_list_id")
      .notNull()
      .references(() => credentialStatusLists.id),
    statusIndex: integer("status_index").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    signedJson: text("signed_json"),
    signedAt: integer("signed_at", { mode: "timestamp_ms" }),
    /** The issuer id the credential was signed under (`<origin>/issuer`). */
    issuerId: text("issuer_id"),
  },
  (t) => [
    uniqueIndex("open_badge_credentials_status_idx").on(t.statusListId, t.statusIndex),
    index("open_badge_credentials_issuer_idx").on(t.issuerId),
  ],
);

/**
 * A revoked certification blocks the automatic re-issue of its program to that person
 * (DESIGN.md Rule 12) until an admin lifts the block with a reason. Written in the
 * revocation's transaction; the lift is written once and audited.
 */
export const certificationBlocks = sqliteTable(
  "certification_blocks",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    programId: integer("program_id")
      .notNull()
      .references(() => certificationPrograms.id),
    /** The revoked certification that caused the block. */
    certificationId: integer("certification_id")
      .notNull()
      .references(() => certifications.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    createdById: integer("created_by_id").references(() => users.id),
    reason: text("reason").notNull(),
    liftedAt: integer("lifted_at", { mode: "timestamp_ms" }),
    liftedById: integer("lifted_by_id").references(() => users.id),
    liftReason: text("lift_reason"),
  },
  (t) => [
    index("certification_blocks_user_idx").on(t.userId, t.programId),
    uniqueIndex("certification_blocks_active_idx")
      .on(t.userId, t.programId)
      .where(sql`${t.liftedAt} is null`),
  ],
);

/**
 * Person × technology × territory × role. Whether it is covered, at risk or lapsed follows
 * from the person's certifications at read time (DESIGN.md Rule 8); nothing here goes stale.
 */
export const specialistAssignments = sqliteTable(
  "specialist_assignments",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    technologyId: integer("technology_id")
      .notNull()
      .references(() => technologies.id),
    territoryId: integer("territory_id")
      .notNull()
      .references(() => territories.id),
    role: text("role", { enum: PROGRAM_LEVELS }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    assignedById: integer("assigned_by_id").references(() => users.id),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    endedById: integer("ended_by_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("specialist_assignments_active_idx")
      .on(t.userId, t.technologyId, t.territoryId)
      .where(sql`${t.endedAt} is null`),
    index("specialist_assignments_cell_idx").on(t.territoryId, t.technologyId, t.endedAt),
    index("specialist_assignments_user_idx").on(t.userId),
  ],
);

// ---------------------------------------------------------------- learning plans

/**
 * A reusable shape for nominating many people to one program (DESIGN.md Rule 16): a name,
 * how many weeks it usually takes (the due date it proposes) and a note for the nominees.
 */
export const planTemplates = sqliteTable(
  "plan_templates",
  {
    id: integer("id").primaryKey(),
    programId: integer("program_id")
      .notNull()
      .references(() => certificationPrograms.id),
    name: text("name").notNull(),
    durationWeeks: integer("duration_weeks").notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
    createdById: integer("created_by_id").references(() => users.id),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("plan_templates_program_idx").on(t.programId)],
);

/**
 * A learning plan: an admin's intent that a person earns a program's certification by a due
 * date, optionally to fill a seat (the target territory; the seat's technology and level are
 * the program's). Intent and dates only: progress, on track / at risk / overdue and
 * completion are computed from attainments and certifications at read time.
 */
export const learningPlans = sqliteTable(
  "learning_plans",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    programId: integer("program_id")
      .notNull()
      .references(() => certificationPrograms.id),
    targetTerritoryId: integer("target_territory_id").references(() => territories.id),
    /** The due day, at 00:00 UTC; late once that day is over. */
    dueOn: integer("due_on", { mode: "timestamp_ms" }).notNull(),
    note: text("note").notNull().default(""),
    templateId: integer("template_id").references(() => planTemplates.id),
    nominatedById: integer("nominated_by_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    cancelledById: integer("cancelled_by_id").references(() => users.id),
    cancelReason: text("cancel_reason"),
    /** What the admin did once the plan was complete: assigned the seat, or closed it. */
    outcome: text("outcome", { enum: PLAN_OUTCOMES }),
    outcomeAt: integer("outcome_at", { mode: "timestamp_ms" }),
    outcomeById: integer("outcome_by_id").references(() => users.id),
    assignmentId: integer("assignment_id").references(() => specialistAssignments.id),
  },
  (t) => [
    // One open plan per person and program.
    uniqueIndex("learning_plans_open_idx")
      .on(t.userId, t.programId)
      .where(sql`${t.cancelledAt} is null and ${t.outcome} is null`),
    index("learning_plans_user_idx").on(t.userId, t.createdAt),
    index("learning_plans_program_idx").on(t.programId, t.dueOn),
    index("learning_plans_territory_idx").on(t.targetTerritoryId, t.programId),
    index("learning_plans_due_idx").on(t.dueOn),
  ],
);

// ---------------------------------------------------------------- audit

/**
 * Append-only log of every grant, revocation, attestation, assignment, publication, role
 * change, invitation and import (DESIGN.md Rule 10). Triggers in the migrations refuse
 * UPDATE and DELETE.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    subjectUserId: integer("subject_user_id").references(() => users.id),
    entityType: text("entity_type"),
    entityId: integer("entity_id"),
    reason: text("reason"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_events_at_idx").on(t.at),
    index("audit_events_actor_idx").on(t.actorId, t.at),
    index("audit_events_subject_idx").on(t.subjectUserId, t.at),
    index("audit_events_action_idx").on(t.action, t.at),
  ],
);

// ---------------------------------------------------------------- integrations (issue #14)

/** An API token: only its SHA-256 is stored; the token itself is shown once. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    /** Hex SHA-256 of the whole token (tokens are 256 random bits: no salt or slow hash needed). */
    tokenHash: text("token_hash").notNull().unique(),
    /** The token's first characters, to recognise it in the list. */
    prefix: text("prefix").notNull(),
    scopes: text("scopes", { mode: "json" }).notNull().$type<ApiScope[]>(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("api_tokens_created_idx").on(t.createdAt)],
);

/** A receiver of signed webhook events; deliveries go through the outbox (channel `webhook`). */
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: integer("id").primaryKey(),
  url: text("url").notNull(),
  events: text("events", { mode: "json" }).notNull().$type<WebhookEvent[]>(),
  /** The Standard Webhooks secret (`whsec_…`): needed to sign, so stored as is; shown once. */
  secret: text("secret").notNull(),
  description: text("description"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  createdById: integer("created_by_id").references(() => users.id),
  /** Failed tries in a row (reset by any success); the endpoint is disabled at the limit. */
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
  disabledReason: text("disabled_reason"),
  deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
});

/** One try of one webhook message: the delivery log of an endpoint. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey(),
    outboxId: integer("outbox_id")
      .notNull()
      .references(() => outbox.id, { onDelete: "cascade" }),
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    responseCode: integer("response_code"),
    latencyMs: integer("latency_ms").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    error: text("error"),
  },
  (t) => [
    index("webhook_attempts_endpoint_idx").on(t.endpointId, t.at),
    index("webhook_attempts_outbox_idx").on(t.outboxId),
  ],
);

// ---------------------------------------------------------------- coverage planning

/**
 * Seat caps (DESIGN.md Rule 17): per level, how many territory × technology seats one
 * person may hold at once. No row for a level: no cap.
 */
export const seatCaps = sqliteTable(
  "seat_caps",
  {
    level: text("level", { enum: PROGRAM_LEVELS }).primaryKey(),
    maxSeats: integer("max_seats").notNull(),
  },
  (t) => [check("seat_caps_max_check", sql`${t.maxSeats} > 0`)],
);

/**
 * A counter per scope that triggers (migration 0018) raise on every write to the tables the
 * scope reads: `coverage` counts writes to assignments, certifications, programs,
 * technologies, territories, regions, business units and to accounts (created, deleted,
 * disabled). A read computed at a counter value stays true while the counter is unchanged
 * and time has not crossed one of its own turning points (decision 084). Never written by
 * the app itself.
 */
export const changeCounters = sqliteTable("change_counters", {
  scope: text("scope").primaryKey(),
  counter: integer("counter").notNull().default(0),
});
