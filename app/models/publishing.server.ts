/**
 * Publishing a draft as the module's next immutable version (refused with the reasons a
 * trainer can act on), and archiving. The version itself is written by modules.server.
 */
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  competencies,
  lessons,
  modules,
  moduleVersionCompetencies,
  moduleVersions,
  programRequirements,
} from "#db/schema";
import { typicalBlindPassChance } from "~/domain/blind-chance";
import { asBankEntries, BANK_FORMS_REQUIRED } from "~/domain/exam-forms";
import { lessonForCategory, lessonStem } from "~/domain/lessons";
import { publishProblems } from "~/domain/publishing";
import { conflict } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { findDraft, requireDraft } from "./drafts.server";
import { loadBank } from "./question-bank.server";
import { archiveModule, publishVersion, type QuestionContent } from "./modules.server";
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
  const qs: QuestionContent[] = loadBank(tx, draftId).map((q) => ({
    kind: q.kind,
    title: q.title,
    prompt: q.promptMarkdown,
    explanation: q.explanation,
    category: q.category,
    competencyId: q.competencyId,
    choices: q.choices.map((c) => ({
      text: c.text,
      isCorrect: c.isCorrect,
      weight: c.weight,
      matchText: c.matchText,
      feedback: c.feedback,
    })),
  }));
  return {
    draft,
    competencyIds,
    lessons: lessonRows.map((l) => ({ stem: lessonStem(l), title: l.title, bodyMarkdown: l.bodyMarkdown })),
    questions: qs,
  };
}

/**
 * Whether any of these competencies is required by a certification program: then the
 * module's bank must serve two different forms in a row (docs/decisions/021).
 */
export function countsTowardsCertification(tx: Database | Transaction, competencyIds: readonly number[]) {
  if (competencyIds.length === 0) return false;
  return (
    tx
      .select({ id: programRequirements.competencyId })
      .from(programRequirements)
      .where(inArray(programRequirements.competencyId, [...competencyIds]))
      .limit(1)
      .get() !== undefined
  );
}

function problemsOf(tx: Database | Transaction, content: ReturnType<typeof draftContent>): string[] {
  return publishProblems({
    title: content.draft.title,
    minutes: content.draft.minutes,
    passMarkPercent: content.draft.passMarkPercent,
    formSize: content.draft.formSize,
    timeLimitMinutes: content.draft.timeLimitMinutes,
    competencyCount: content.competencyIds.length,
    countsTowardsCertification: countsTowardsCertification(tx, content.competencyIds),
    lessons: content.lessons,
    questions: content.questions,
    competencyNames: new Map(
      tx
        .select({ id: competencies.id, name: competencies.name })
        .from(competencies)
        .where(inArray(competencies.id, content.competencyIds.length > 0 ? content.competencyIds : [-1]))
        .all()
        .map((c) => [c.id, c.name]),
    ),
  });
}

/**
 * The draft's question bank against its form, for the editor: size, what the bank rule asks
 * (when the module counts towards a certification), the categories with the lesson each
 * names, and how often a blind guesser would pass.
 */
export function draftBank(db: Database, moduleId: number) {
  const draft = findDraft(db, moduleId);
  if (!draft) return null;
  const content = draftContent(db, draft.id);
  const counts = countsTowardsCertification(db, content.competencyIds);
  const bank = loadBank(db, draft.id);
  const lessonRows = db
    .select({ stem: lessons.stem, position: lessons.position, title: lessons.title })
    .from(lessons)
    .where(eq(lessons.moduleVersionId, draft.id))
    .all();
  const categories = new Map<string, { name: string | null; count: number; lesson: string | null }>();
  for (const q of bank) {
    const key = q.category ?? "";
    const entry = categories.get(key) ?? {
      name: q.category,
      count: 0,
      lesson: lessonForCategory(q.category, lessonRows)?.title ?? null,
    };
    entry.count += 1;
    categories.set(key, entry);
  }
  return {
    size: bank.length,
    formSize: draft.formSize,
    countsTowardsCertification: counts,
    needed: counts ? BANK_FORMS_REQUIRED * draft.formSize : null,
    categories: [...categories.values()],
    blindPassChance: typicalBlindPassChance(
      asBankEntries(bank, content.competencyIds.length),
      draft.formSize,
      draft.passMarkPercent,
    ),
  };
}

export function draftPublishProblems(db: Database, moduleId: number): string[] {
  const draft = findDraft(db, moduleId);
  if (!draft) return ["There is no draft to publish."];
  return problemsOf(db, draftContent(db, draft.id));
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
    const problems = problemsOf(tx, content);
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
        formSize: content.draft.formSize,
        revealPolicy: content.draft.revealPolicy,
        timeLimitMinutes: content.draft.timeLimitMinutes,
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
