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
export const QUESTION_KINDS = ["single", "multiple", "truefalse"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  single: "Single answer",
  multiple: "Multiple answers",
  truefalse: "True / false",
};

export const ROLE_LABELS: Record<Role, string> = {
  learner: "Partner manager",
  trainer: "Trainer",
  admin: "Admin",
};

/** How long an invitation link stays valid. */
export const INVITATION_DAYS = 7;
