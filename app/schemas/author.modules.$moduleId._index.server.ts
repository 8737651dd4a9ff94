/** Validation schemas of `app/routes/author.modules.$moduleId._index.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { REVEAL_POLICIES, REVISION_KINDS } from "#db/vocabulary";
import { CHANGE_NOTE_MAX } from "~/domain/lifecycle";
import { FORM_SIZE_MAX, TIME_LIMIT_MAX_MINUTES } from "~/domain/publishing";

export const SettingsSchema = z.object({
  revision: z.coerce.number().int().min(1),
  title: z
    .string()
    .trim()
    .min(3, "Give the module a title of at least 3 characters.")
    .max(200, "Titles are at most 200 characters."),
  summary: z.string().trim().max(500, "Keep the summary under 500 characters."),
  introMarkdown: z.string().max(20_000, "Keep the introduction under 20,000 characters."),
  minutes: z.coerce
    .number({ error: "Minutes must be a number." })
    .int("Minutes must be a whole number.")
    .min(1, "At least 1 minute.")
    .max(600, "At most 600 minutes."),
  passMarkPercent: z.coerce
    .number({ error: "The pass mark must be a number." })
    .int()
    .min(1, "Between 1 and 100.")
    .max(100, "Between 1 and 100."),
  maxAttemptsPerDay: z.coerce
    .number({ error: "Attempts must be a number." })
    .int()
    .min(1, "At least 1.")
    .max(50, "At most 50."),
  formSize: z.coerce
    .number({ error: "The form size must be a number." })
    .int("The form size is a whole number of questions.")
    .min(1, "At least 1 question.")
    .max(FORM_SIZE_MAX, `At most ${FORM_SIZE_MAX} questions.`),
  revealPolicy: z.enum(REVEAL_POLICIES, { error: "Choose when learners see the right answers." }),
  timeLimitMinutes: z.union([
    z.literal("").transform(() => null),
    z.coerce
      .number({ error: "The time limit is a number of minutes (or empty for none)." })
      .int("The time limit is a whole number of minutes.")
      .min(1, "At least 1 minute, or empty for no limit.")
      .max(TIME_LIMIT_MAX_MINUTES, `At most ${TIME_LIMIT_MAX_MINUTES} minutes.`),
  ]),
  competencyIds: z.array(z.coerce.number().int().min(1)).max(20),
});

export const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open-draft") }),
  z.object({ intent: z.literal("save-settings") }),
  z.object({
    intent: z.literal("add-lesson"),
    title: z.string().trim().min(1, "Give the lesson a title.").max(200, "At most 200 characters."),
  }),
  z.object({
    intent: z.literal("move-lesson"),
    lessonId: z.coerce.number().int().min(1),
    direction: z.enum(["up", "down"]),
  }),
  z.object({ intent: z.literal("delete-lesson"), lessonId: z.coerce.number().int().min(1) }),
  z.object({
    intent: z.literal("publish"),
    changeKind: z.enum(REVISION_KINDS).default("minor"),
    changeNote: z.string().max(CHANGE_NOTE_MAX, `At most ${CHANGE_NOTE_MAX} characters.`).default(""),
  }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("unarchive") }),
]);
