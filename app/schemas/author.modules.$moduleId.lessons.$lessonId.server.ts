/** Validation schemas of `app/routes/author.modules.$moduleId.lessons.$lessonId.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { LESSON_MAX_CHARS } from "~/domain/publishing";

export const LessonSchema = z.object({
  revision: z.coerce.number().int().min(1),
  title: z.string().trim().min(1, "Give the lesson a title.").max(200, "Titles are at most 200 characters."),
  bodyMarkdown: z
    .string()
    .max(
      LESSON_MAX_CHARS,
      `Lessons are limited to ${LESSON_MAX_CHARS.toLocaleString("en-GB")} characters: split this one into two lessons.`,
    ),
});
