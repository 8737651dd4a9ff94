/**
 * Publishing a draft as the module's next immutable version (refused with the reasons a
 * trainer can act on), and archiving. The version itself is written by modules.server.
 */
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { lessons, modules, moduleVersionCompetencies, moduleVersions } from "#db/schema";
import { publishProblems } from "~/domain/publishing";
import { conflict } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { findDraft, requireDraft, versionQuestions } from "./drafts.server";
import { archiveModule, publishVersion } from "./modules.server";
import { recordRevision, type RevisionInput } from "./recertification.server";

export function draftContent(tx: Database | Transaction, draftId: number) {
  const draft = tx.select().from(moduleVersions).where(eq(moduleVersions.id, draftId)).get();
  if (!draft) throw new Error("draft vanished");
  const competencyIds = tx
    .select({ id: moduleVersionCompetencies.competencyId })
    .from(moduleVersionCompetencies)
    .where(eq(moduleVersionCompetencies.moduleVersionId, draftId))
    .all()
    .map((r) => r.id);
  const lessonRows = tx
    .select()
    .from(lessons)
    .where(eq(lessons.moduleVersionId, draftId))
    .orderBy(asc(lessons.position))
    .all();
  const qs = versionQuestions(tx, draftId).map((q) => ({
    kind: q.kind,
    title: q.title,
    prompt: q.promptMarkdown,
    explanation: q.explanation,
    choices: q.choices.map((c) => ({ text: c.text, isCorrect: c.isCorrect, feedback: c.feedback })),
  }));
  return {
    draft,
    competencyIds,
    lessons: lessonRows.map((l) => ({ title: l.title, bodyMarkdown: l.bodyMarkdown })),
    questions: qs,
  };
}

function problemsOf(content: ReturnType<typeof draftContent>): string[] {
  return publishProblems({
    title: content.draft.title,
    minutes: content.draft.minutes,
    passMarkPercent: content.draft.passMarkPercent,
    competencyCount: content.competencyIds.length,
    lessons: content.lessons,
    questions: content.questions.map((q) => ({ kind: q.kind, prompt: q.prompt, choices: q.choices })),
  });
}

export function draftPublishProblems(db: Database, moduleId: number): string[] {
  const draft = findDraft(db, moduleId);
  if (!draft) return ["There is no draft to publish."];
  return problemsOf(draftContent(db, draft.id));
}

/**
 * Publishes the draft as the next version (refused with reasons when incomplete), with how
 * it changed: a major revision sets holders a delta deadline (Rule 14, recertification).
 */
export function publishDraft(
  db: Database,
  moduleId: number,
  actorId: number,
  now: Date,
  revision: RevisionInput = { kind: "minor", note: "" },
) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const content = draftContent(tx, draft.id);
    const problems = problemsOf(content);
    if (problems.length > 0) throw conflict(problems.join(" "), { details: { problems } });
    const published = publishVersion(
      tx,
      moduleId,
      {
        title: content.draft.title,
        summary: content.draft.summary,
        introMarkdown: content.draft.introMarkdown,
        minutes: content.draft.minutes,
        passMarkPercent: content.draft.passMarkPercent,
        maxAttemptsPerDay: content.draft.maxAttemptsPerDay,
        competencyIds: content.competencyIds,
        lessons: content.lessons,
        questions: content.questions,
        contentHash: null,
      },
      actorId,
      now,
    );
    // The draft has become a version; the next edit opens a fresh copy of it.
    tx.delete(moduleVersions).where(eq(moduleVersions.id, draft.id)).run();
    return { ...published, ...recordRevision(tx, moduleId, published, revision, actorId, now) };
  });
}

export function setArchived(db: Database, moduleId: number, archived: boolean, actorId: number, now: Date) {
  writeTransaction(db, (tx) => {
    if (archived) {
      archiveModule(tx, moduleId, actorId, now, "Archived by an author");
    } else {
      tx.update(modules)
        .set({ archivedAt: null })
        .where(and(eq(modules.id, moduleId), isNotNull(modules.archivedAt)))
        .run();
      recordAudit(tx, {
        at: now,
        actorId,
        action: "module.unarchived",
        entityType: "module",
        entityId: moduleId,
      });
    }
  });
}

export function moduleIdExists(db: Database, moduleId: number): boolean {
  return db.select({ id: modules.id }).from(modules).where(eq(modules.id, moduleId)).get() !== undefined;
}
