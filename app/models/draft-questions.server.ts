/** Editing a draft's questions: add (one, or many from a GIFT import), save, move, delete. */
import { and, asc, count, eq, isNotNull, max } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  choices,
  competencies,
  lessons,
  moduleVersionCompetencies,
  moduleVersions,
  questions,
} from "#db/schema";
import { lessonForCategory, lessonStem } from "~/domain/lessons";
import { GIFT_MAX_QUESTIONS } from "~/domain/publishing";
import type { ParsedQuestion } from "~/utils/gift.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { invalid, notFound } from "~/utils/refusal";
import { renumber, swapPositions } from "./draft-order.server";
import { findDraft, requireDraft, staleEdit, touchDraft } from "./drafts.server";

/** A question as the editor or a GIFT import gives it: the competency by slug. */
export type QuestionInput = Omit<ParsedQuestion, "line">;

/** Slug → id of the competencies the draft teaches (what a question may be tagged with). */
export function taughtCompetencies(tx: Database | Transaction, draftId: number) {
  return tx
    .select({ id: competencies.id, slug: competencies.slug, name: competencies.name })
    .from(moduleVersionCompetencies)
    .innerJoin(competencies, eq(competencies.id, moduleVersionCompetencies.competencyId))
    .where(eq(moduleVersionCompetencies.moduleVersionId, draftId))
    .orderBy(asc(competencies.id))
    .all();
}

function competencyIdOf(tx: Transaction, draftId: number, slug: string | null): number | null {
  if (slug === null) return null;
  const found = taughtCompetencies(tx, draftId).find((c) => c.slug === slug);
  if (!found)
    throw invalid(`“${slug}” is not a competency this module teaches: choose one of its competencies.`, {
      field: "competency",
    });
  return found.id;
}

function choiceRows(questionId: number, q: QuestionInput) {
  return q.choices.map((c, i) => ({
    questionId,
    position: i + 1,
    text: c.text,
    isCorrect: c.isCorrect,
    weight: c.weight,
    matchText: c.matchText,
    feedback: c.feedback,
  }));
}

function insertQuestion(tx: Transaction, draftId: number, position: number, q: QuestionInput) {
  const id = tx
    .insert(questions)
    .values({
      moduleVersionId: draftId,
      position,
      kind: q.kind,
      category: q.category,
      competencyId: competencyIdOf(tx, draftId, q.competency),
      title: q.title,
      promptMarkdown: q.prompt,
      promptHtml: renderMarkdown(q.prompt),
      explanation: q.explanation,
    })
    .returning({ id: questions.id })
    .get().id;
  tx.insert(choices).values(choiceRows(id, q)).run();
  return id;
}

/** Appends questions (one from the editor, or many from a GIFT import) to the draft. */
export function addQuestions(
  db: Database,
  moduleId: number,
  input: readonly QuestionInput[],
  now: Date,
): number[] {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const existing = tx
      .select({ n: count(), last: max(questions.position) })
      .from(questions)
      .where(eq(questions.moduleVersionId, draft.id))
      .get();
    if ((existing?.n ?? 0) + input.length > GIFT_MAX_QUESTIONS) {
      throw invalid(`A module can have at most ${GIFT_MAX_QUESTIONS} questions.`);
    }
    let position = existing?.last ?? 0;
    const ids = input.map((q) => insertQuestion(tx, draft.id, ++position, q));
    touchDraft(tx, draft.id, now);
    return ids;
  });
}

export function getDraftQuestion(db: Database, moduleId: number, questionId: number) {
  const row = db
    .select({ question: questions })
    .from(questions)
    .innerJoin(moduleVersions, eq(moduleVersions.id, questions.moduleVersionId))
    .where(
      and(
        eq(questions.id, questionId),
        eq(moduleVersions.moduleId, moduleId),
        eq(moduleVersions.status, "draft"),
      ),
    )
    .get();
  if (!row) return undefined;
  const competency = row.question.competencyId
    ? (taughtCompetencies(db, row.question.moduleVersionId).find((c) => c.id === row.question.competencyId)
        ?.slug ?? null)
    : null;
  return {
    ...row.question,
    competency,
    choices: db
      .select()
      .from(choices)
      .where(eq(choices.questionId, questionId))
      .orderBy(asc(choices.position))
      .all(),
  };
}

export function saveQuestion(
  db: Database,
  moduleId: number,
  questionId: number,
  revision: number,
  input: QuestionInput,
  now: Date,
) {
  writeTransaction(db, (tx) => {
    const current = tx
      .select({ question: questions })
      .from(questions)
      .innerJoin(moduleVersions, eq(moduleVersions.id, questions.moduleVersionId))
      .where(
        and(
          eq(questions.id, questionId),
          eq(moduleVersions.moduleId, moduleId),
          eq(moduleVersions.status, "draft"),
        ),
      )
      .get()?.question;
    if (!current) throw notFound("No such question in this draft.");
    const updated = tx
      .update(questions)
      .set({
        kind: input.kind,
        category: input.category,
        competencyId: competencyIdOf(tx, current.moduleVersionId, input.competency),
        title: input.title,
        promptMarkdown: input.prompt,
        promptHtml: renderMarkdown(input.prompt),
        explanation: input.explanation,
        revision: current.revision + 1,
      })
      .where(and(eq(questions.id, questionId), eq(questions.revision, revision)))
      .run();
    if (updated.changes === 0) throw staleEdit();
    tx.delete(choices).where(eq(choices.questionId, questionId)).run();
    tx.insert(choices).values(choiceRows(questionId, input)).run();
    touchDraft(tx, current.moduleVersionId, now);
  });
}

export function moveQuestion(
  db: Database,
  moduleId: number,
  questionId: number,
  direction: "up" | "down",
  now: Date,
) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    touchDraft(tx, draft.id, now);
    return swapPositions(tx, questions, draft.id, questionId, direction);
  });
}

export function deleteQuestion(db: Database, moduleId: number, questionId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const deleted = tx
      .delete(questions)
      .where(and(eq(questions.id, questionId), eq(questions.moduleVersionId, draft.id)))
      .run();
    renumber(tx, questions, draft.id);
    touchDraft(tx, draft.id, now);
    return deleted.changes > 0;
  });
}

/**
 * What the question editor offers for a version: its lessons (by stem) and the other
 * categories its bank uses, the competencies a question may assess, and a label per
 * category (the lesson it names, else itself) for lists.
 */
export function questionContext(db: Database, versionId: number) {
  const lessonRows = db
    .select({ stem: lessons.stem, position: lessons.position, title: lessons.title })
    .from(lessons)
    .where(eq(lessons.moduleVersionId, versionId))
    .orderBy(asc(lessons.position))
    .all();
  const categories = db
    .selectDistinct({ category: questions.category })
    .from(questions)
    .where(and(eq(questions.moduleVersionId, versionId), isNotNull(questions.category)))
    .all()
    .flatMap((r) => (r.category ? [r.category] : []))
    .sort();
  return {
    lessons: lessonRows.map((l) => ({ stem: lessonStem(l), label: `Lesson ${l.position}: ${l.title}` })),
    categories,
    competencies: taughtCompetencies(db, versionId).map((c) => ({ slug: c.slug, name: c.name })),
    labelOf: (category: string | null) => {
      const lesson = lessonForCategory(category, lessonRows);
      return lesson ? `Lesson ${lesson.position}: ${lesson.title}` : category;
    },
  };
}

/** Slugs of the competencies the module's draft teaches: what a GIFT `[tag:]` may name. */
export function draftCompetencySlugs(db: Database, moduleId: number): string[] {
  const draft = findDraft(db, moduleId);
  return draft ? taughtCompetencies(db, draft.id).map((c) => c.slug) : [];
}
