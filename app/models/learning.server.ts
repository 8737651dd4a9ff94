/**
 * A learner's path through a module: the module page, lessons and progress, and the
 * modules that teach competencies (the catalog is `catalog.server.ts`).
 * Every query is scoped to the signed-in learner; a learner who started a version keeps it
 * until they pass the module, even when a newer version is published.
 */
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  enrollments,
  lessonProgress,
  lessons,
  modules,
  moduleVersionCompetencies,
  moduleVersions,
  questions,
  technologies,
} from "#db/schema";
import { scrollableTables } from "~/utils/markdown.server";
import { competenciesOfVersions } from "./catalog.server";

interface ModuleRef {
  id: number;
  slug: string;
  publishedVersionId: number | null;
  archivedAt: Date | null;
}

function findModule(db: Database | Transaction, slug: string): ModuleRef | undefined {
  return db
    .select({
      id: modules.id,
      slug: modules.slug,
      publishedVersionId: modules.publishedVersionId,
      archivedAt: modules.archivedAt,
    })
    .from(modules)
    .where(eq(modules.slug, slug))
    .get();
}

/**
 * The version a learner works on: the one they are enrolled in until they pass it, otherwise
 * the currently published one. Undefined when the module is not available to them.
 */
export function learnerVersion(db: Database | Transaction, userId: number, module: ModuleRef) {
  const enrollment = db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.moduleId, module.id)))
    .get();
  if (enrollment && !enrollment.completedAt) return { versionId: enrollment.moduleVersionId, enrollment };
  if (module.archivedAt || module.publishedVersionId === null) {
    return enrollment ? { versionId: enrollment.moduleVersionId, enrollment } : undefined;
  }
  return { versionId: module.publishedVersionId, enrollment };
}

export function getModulePage(db: Database, userId: number, slug: string) {
  const module = findModule(db, slug);
  if (!module) return undefined;
  const current = learnerVersion(db, userId, module);
  if (!current) return undefined;
  const version = db
    .select({
      version: moduleVersions,
      technology: { id: technologies.id, slug: technologies.slug, name: technologies.name },
    })
    .from(moduleVersions)
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .innerJoin(technologies, eq(technologies.id, modules.technologyId))
    .where(eq(moduleVersions.id, current.versionId))
    .get();
  if (!version) return undefined;
  const lessonRows = db
    .select({ id: lessons.id, position: lessons.position, title: lessons.title, minutes: lessons.minutes })
    .from(lessons)
    .where(eq(lessons.moduleVersionId, current.versionId))
    .orderBy(asc(lessons.position))
    .all();
  const done = new Set(
    lessonRows.length === 0
      ? []
      : db
          .select({ lessonId: lessonProgress.lessonId })
          .from(lessonProgress)
          .where(
            and(
              eq(lessonProgress.userId, userId),
              inArray(
                lessonProgress.lessonId,
                lessonRows.map((l) => l.id),
              ),
            ),
          )
          .all()
          .map((r) => r.lessonId),
  );
  const questionCount =
    db.select({ n: count() }).from(questions).where(eq(questions.moduleVersionId, current.versionId)).get()
      ?.n ?? 0;
  return {
    module,
    version: { ...version.version, introHtml: scrollableTables(version.version.introHtml) },
    technology: version.technology,
    competencies: competenciesOfVersions(db, [current.versionId]).get(current.versionId) ?? [],
    lessons: lessonRows.map((l) => ({ ...l, completed: done.has(l.id) })),
    questionCount,
    enrollment: current.enrollment ?? null,
    newerVersionPublished:
      module.publishedVersionId !== null &&
      module.publishedVersionId !== current.versionId &&
      !module.archivedAt,
  };
}

export function getLesson(db: Database, userId: number, slug: string, position: number) {
  const page = getModulePage(db, userId, slug);
  if (!page) return undefined;
  const lesson = db
    .select({
      id: lessons.id,
      position: lessons.position,
      title: lessons.title,
      bodyHtml: lessons.bodyHtml,
      minutes: lessons.minutes,
    })
    .from(lessons)
    .where(and(eq(lessons.moduleVersionId, page.version.id), eq(lessons.position, position)))
    .get();
  if (!lesson) return undefined;
  // HTML stored before tables were wrapped at publish time is wrapped now (decision 030).
  return { ...page, lesson: { ...lesson, bodyHtml: scrollableTables(lesson.bodyHtml) } };
}

/**
 * Enrols the learner (pinned to the version they are on) if needed and returns the
 * enrollment. Passing a module ends its enrollment's pin: the next start moves to the
 * currently published version.
 */
export function ensureEnrollment(tx: Transaction, userId: number, module: ModuleRef, now: Date) {
  const current = learnerVersion(tx, userId, module);
  if (!current) return undefined;
  const { enrollment, versionId } = current;
  if (!enrollment) {
    return tx
      .insert(enrollments)
      .values({
        userId,
        moduleId: module.id,
        moduleVersionId: versionId,
        startedAt: now,
        lastActivityAt: now,
      })
      .returning()
      .get();
  }
  if (enrollment.moduleVersionId !== versionId) {
    return tx
      .update(enrollments)
      .set({
        moduleVersionId: versionId,
        startedAt: now,
        lastActivityAt: now,
        completedAt: null,
        lastLessonId: null,
      })
      .where(eq(enrollments.id, enrollment.id))
      .returning()
      .get();
  }
  return enrollment;
}

/** Marks a lesson complete; returns the next lesson's position, or null after the last. */
export function completeLesson(db: Database, userId: number, slug: string, position: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const module = findModule(tx, slug);
    if (!module) return undefined;
    const enrollment = ensureEnrollment(tx, userId, module, now);
    if (!enrollment) return undefined;
    const lesson = tx
      .select({ id: lessons.id })
      .from(lessons)
      .where(and(eq(lessons.moduleVersionId, enrollment.moduleVersionId), eq(lessons.position, position)))
      .get();
    if (!lesson) return undefined;
    tx.insert(lessonProgress)
      .values({ userId, lessonId: lesson.id, completedAt: now })
      .onConflictDoNothing()
      .run();
    tx.update(enrollments)
      .set({ lastLessonId: lesson.id, lastActivityAt: now })
      .where(eq(enrollments.id, enrollment.id))
      .run();
    const next = tx
      .select({ position: lessons.position })
      .from(lessons)
      .where(
        and(eq(lessons.moduleVersionId, enrollment.moduleVersionId), sql`${lessons.position} > ${position}`),
      )
      .orderBy(asc(lessons.position))
      .limit(1)
      .get();
    return { nextPosition: next?.position ?? null };
  });
}

/** Published modules with the competencies they teach, for path-to-eligibility. One query. */
export function teachingModules(db: Database | Transaction, technologyIds: readonly number[]) {
  if (technologyIds.length === 0) return [];
  const rows = db
    .select({
      id: modules.id,
      slug: modules.slug,
      technologyId: modules.technologyId,
      title: moduleVersions.title,
      minutes: moduleVersions.minutes,
      competencyId: moduleVersionCompetencies.competencyId,
    })
    .from(modules)
    .innerJoin(moduleVersions, eq(moduleVersions.id, modules.publishedVersionId))
    .innerJoin(
      moduleVersionCompetencies,
      eq(moduleVersionCompetencies.moduleVersionId, modules.publishedVersionId),
    )
    .where(and(isNull(modules.archivedAt), inArray(modules.technologyId, [...technologyIds])))
    .orderBy(desc(moduleVersions.minutes), asc(modules.id))
    .all();
  const byModule = new Map<
    number,
    {
      id: number;
      slug: string;
      technologyId: number;
      title: string;
      minutes: number;
      competencyIds: number[];
    }
  >();
  for (const { competencyId, ...m } of rows) {
    const entry = byModule.get(m.id);
    if (entry) entry.competencyIds.push(competencyId);
    else byModule.set(m.id, { ...m, competencyIds: [competencyId] });
  }
  return [...byModule.values()];
}
