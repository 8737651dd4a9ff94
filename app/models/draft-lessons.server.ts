/** Editing a draft's lessons: add, save (with revision check), move, delete. */
import { and, eq, max } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { lessons, moduleVersions } from "#db/schema";
import { lessonStem } from "~/domain/lessons";
import { readingMinutes } from "~/domain/publishing";
import { renderMarkdown, scrollableTables } from "~/utils/markdown.server";
import { notFound } from "~/utils/refusal";
import { renumber, swapPositions } from "./draft-order.server";
import { requireDraft, staleEdit, touchDraft } from "./drafts.server";

export function addLesson(db: Database, moduleId: number, title: string, now: Date): number {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const last = tx
      .select({ n: max(lessons.position) })
      .from(lessons)
      .where(eq(lessons.moduleVersionId, draft.id))
      .get();
    touchDraft(tx, draft.id, now);
    const position = (last?.n ?? 0) + 1;
    // The lesson's file stem is fixed when it is created, like a file name: question
    // categories point at it, and renaming the lesson does not break them.
    const taken = new Set(
      tx
        .select({ stem: lessons.stem })
        .from(lessons)
        .where(eq(lessons.moduleVersionId, draft.id))
        .all()
        .map((l) => l.stem),
    );
    let stem = lessonStem({ stem: null, position, title });
    for (let n = 2; taken.has(stem); n++) stem = `${lessonStem({ stem: null, position, title })}-${n}`;
    return tx
      .insert(lessons)
      .values({
        moduleVersionId: draft.id,
        position,
        stem,
        title,
        bodyMarkdown: "",
        bodyHtml: "",
        minutes: 1,
      })
      .returning({ id: lessons.id })
      .get().id;
  });
}

function draftLesson(tx: Database | Transaction, moduleId: number, lessonId: number) {
  return tx
    .select({ lesson: lessons })
    .from(lessons)
    .innerJoin(moduleVersions, eq(moduleVersions.id, lessons.moduleVersionId))
    .where(
      and(
        eq(lessons.id, lessonId),
        eq(moduleVersions.moduleId, moduleId),
        eq(moduleVersions.status, "draft"),
      ),
    )
    .get()?.lesson;
}

export function getDraftLesson(db: Database, moduleId: number, lessonId: number) {
  const lesson = draftLesson(db, moduleId, lessonId);
  // A draft copied from a version published before tables were wrapped (decision 030).
  return lesson && { ...lesson, bodyHtml: scrollableTables(lesson.bodyHtml) };
}

export function saveLesson(
  db: Database,
  moduleId: number,
  lessonId: number,
  input: { title: string; bodyMarkdown: string; revision: number },
  now: Date,
): number {
  return writeTransaction(db, (tx) => {
    const lesson = draftLesson(tx, moduleId, lessonId);
    if (!lesson) throw notFound("No such lesson in this draft.");
    const updated = tx
      .update(lessons)
      .set({
        title: input.title,
        bodyMarkdown: input.bodyMarkdown,
        bodyHtml: renderMarkdown(input.bodyMarkdown),
        minutes: readingMinutes(input.bodyMarkdown),
        revision: lesson.revision + 1,
      })
      .where(and(eq(lessons.id, lessonId), eq(lessons.revision, input.revision)))
      .run();
    if (updated.changes === 0) throw staleEdit();
    touchDraft(tx, lesson.moduleVersionId, now);
    return lesson.revision + 1;
  });
}

export function moveLesson(
  db: Database,
  moduleId: number,
  lessonId: number,
  direction: "up" | "down",
  now: Date,
) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    touchDraft(tx, draft.id, now);
    return swapPositions(tx, lessons, draft.id, lessonId, direction);
  });
}

export function deleteLesson(db: Database, moduleId: number, lessonId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const deleted = tx
      .delete(lessons)
      .where(and(eq(lessons.id, lessonId), eq(lessons.moduleVersionId, draft.id)))
      .run();
    renumber(tx, lessons, draft.id);
    touchDraft(tx, draft.id, now);
    return deleted.changes > 0;
  });
}
