/**
 * Lessons and the questions that point at them. A question's GIFT category that names a
 * lesson's file stem (`$CATEGORY: 02-attach-rates` for `02-attach-rates.md`) makes that
 * lesson "the lesson to revisit" when the question is answered wrong. Pure.
 */
import { slugify } from "~/utils/slug";

/** A lesson's stem: the one it was imported or created with, else one made from its place and title. */
export function lessonStem(lesson: { stem: string | null; position: number; title: string }): string {
  return lesson.stem ?? `${String(lesson.position).padStart(2, "0")}-${slugify(lesson.title) || "lesson"}`;
}

/** The stem without its numeric prefix (`02-attach-rates` → `attach-rates`). */
export function stemName(stem: string): string {
  return stem.replace(/^\d+-/, "");
}

/**
 * The lesson a category names: its stem, or the last segment of a Moodle category path
 * (`$course$/top/02-attach-rates`). Undefined when it names none: still a category.
 */
export function lessonForCategory<L extends { stem: string | null; position: number; title: string }>(
  category: string | null,
  lessons: readonly L[],
): L | undefined {
  if (!category) return undefined;
  const name = category.trim();
  const last = name.split("/").pop()?.trim() ?? name;
  return lessons.find((l) => {
    const stem = lessonStem(l);
    return stem === name || stem === last;
  });
}
