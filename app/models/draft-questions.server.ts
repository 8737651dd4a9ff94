/** Editing a draft's questions: add (one, or many from a GIFT import), save, move, delete. */
import { and, asc, count, eq, max } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { choices, moduleVersions, questions } from "#db/schema";
import { GIFT_MAX_QUESTIONS } from "~/domain/publishing";
import type { ParsedQuestion } from "~/utils/gift.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { invalid, notFound } from "~/utils/refusal";
import { renumber, requireDraft, staleEdit, swapPositions, touchDraft } from "./drafts.server";

export type QuestionInput = Omit<ParsedQuestion, "line">;

function insertQuestion(tx: Transaction, draftId: number, position: number, q: QuestionInput) {
  const id = tx
    .insert(questions)
    .values({
      moduleVersionId: draftId,
      position,
      kind: q.kind,
      title: q.title,
      promptMarkdown: q.prompt,
      promptHtml: renderMarkdown(q.prompt),
      explanation: q.explanation,
    })
    .returning({ id: questions.id })
    .get().id;
  tx.insert(choices)
    .values(
      q.choices.map((c, i) => ({
        questionId: id,
        position: i + 1,
        text: c.text,
        isCorrect: c.isCorrect,
        feedback: c.feedback,
      })),
    )
    .run();
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
  return {
    ...row.question,
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
    tx.insert(choices)
      .values(
        input.choices.map((c, i) => ({
          questionId,
          position: i + 1,
          text: c.text,
          isCorrect: c.isCorrect,
          feedback: c.feedback,
        })),
      )
      .run();
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
