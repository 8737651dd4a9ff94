/**
 * Modules and their versions. A published version is an immutable snapshot: lessons,
 * questions and choices are copied in, Markdown rendered and sanitised once, here.
 */
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { choices, lessons, modules, moduleVersionCompetencies, moduleVersions, questions } from "#db/schema";
import { readingMinutes } from "~/domain/publishing";
import type { RevealPolicy } from "#db/vocabulary";
import type { ParsedQuestion } from "~/utils/gift.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { recordAudit } from "./audit.server";

/** A question as a version stores it: the competency it assesses by id (null = all taught). */
export interface QuestionContent extends Omit<ParsedQuestion, "line" | "competency"> {
  competencyId: number | null;
}

export interface VersionContent {
  title: string;
  summary: string;
  introMarkdown: string;
  minutes: number;
  passMarkPercent: number;
  maxAttemptsPerDay: number;
  formSize: number;
  revealPolicy: RevealPolicy;
  timeLimitMinutes: number | null;
  competencyIds: number[];
  lessons: { stem: string | null; title: string; bodyMarkdown: string }[];
  questions: QuestionContent[];
  contentHash: string | null;
}

/** Publishes `content` as the module's next version and makes it the one learners start. */
export function publishVersion(
  tx: Transaction,
  moduleId: number,
  content: VersionContent,
  actorId: number | null,
  now: Date,
): { versionId: number; versionNumber: number } {
  const last = tx
    .select({ n: sql<number | null>`max(${moduleVersions.versionNumber})` })
    .from(moduleVersions)
    .where(eq(moduleVersions.moduleId, moduleId))
    .get();
  const versionNumber = (last?.n ?? 0) + 1;
  const version = tx
    .insert(moduleVersions)
    .values({
      moduleId,
      status: "published",
      versionNumber,
      title: content.title,
      summary: content.summary,
      introMarkdown: content.introMarkdown,
      introHtml: renderMarkdown(content.introMarkdown),
      minutes: content.minutes,
      passMarkPercent: content.passMarkPercent,
      maxAttemptsPerDay: content.maxAttemptsPerDay,
      formSize: content.formSize,
      revealPolicy: content.revealPolicy,
      timeLimitMinutes: content.timeLimitMinutes,
      contentHash: content.contentHash,
      createdAt: now,
      publishedAt: now,
      publishedById: actorId,
    })
    .returning({ id: moduleVersions.id })
    .get();
  if (content.competencyIds.length > 0) {
    tx.insert(moduleVersionCompetencies)
      .values(content.competencyIds.map((competencyId) => ({ moduleVersionId: version.id, competencyId })))
      .run();
  }
  content.lessons.forEach((lesson, index) => {
    tx.insert(lessons)
      .values({
        moduleVersionId: version.id,
        position: index + 1,
        stem: lesson.stem,
        title: lesson.title,
        bodyMarkdown: lesson.bodyMarkdown,
        bodyHtml: renderMarkdown(lesson.bodyMarkdown),
        minutes: readingMinutes(lesson.bodyMarkdown),
      })
      .run();
  });
  content.questions.forEach((question, index) => {
    const q = tx
      .insert(questions)
      .values({
        moduleVersionId: version.id,
        position: index + 1,
        kind: question.kind,
        category: question.category,
        competencyId: question.competencyId,
        title: question.title,
        promptMarkdown: question.prompt,
        promptHtml: renderMarkdown(question.prompt),
        explanation: question.explanation,
      })
      .returning({ id: questions.id })
      .get();
    tx.insert(choices)
      .values(
        question.choices.map((c, position) => ({
          questionId: q.id,
          position: position + 1,
          text: c.text,
          isCorrect: c.isCorrect,
          weight: c.weight,
          matchText: c.matchText,
          feedback: c.feedback,
        })),
      )
      .run();
  });
  tx.update(modules)
    .set({ publishedVersionId: version.id, archivedAt: null })
    .where(eq(modules.id, moduleId))
    .run();
  recordAudit(tx, {
    at: now,
    actorId,
    action: "module.published",
    entityType: "module",
    entityId: moduleId,
    details: { versionId: version.id, versionNumber, title: content.title },
  });
  return { versionId: version.id, versionNumber };
}

export function archiveModule(
  tx: Transaction,
  moduleId: number,
  actorId: number | null,
  now: Date,
  reason: string,
): void {
  tx.update(modules)
    .set({ archivedAt: now })
    .where(and(eq(modules.id, moduleId), isNull(modules.archivedAt)))
    .run();
  recordAudit(tx, {
    at: now,
    actorId,
    action: "module.archived",
    entityType: "module",
    entityId: moduleId,
    reason,
  });
}

/** Content hash of each module's latest published version, by slug. */
export function latestPublishedHashes(tx: Transaction, slugs: readonly string[]) {
  if (slugs.length === 0) return new Map<string, string | null>();
  const rows = tx
    .select({ slug: modules.slug, hash: moduleVersions.contentHash, number: moduleVersions.versionNumber })
    .from(modules)
    .innerJoin(
      moduleVersions,
      and(eq(moduleVersions.moduleId, modules.id), isNotNull(moduleVersions.versionNumber)),
    )
    .where(inArray(modules.slug, [...slugs]))
    .orderBy(desc(moduleVersions.versionNumber))
    .all();
  const latest = new Map<string, string | null>();
  for (const r of rows) if (!latest.has(r.slug)) latest.set(r.slug, r.hash);
  return latest;
}
