/**
 * A learner's path through modules: the catalog, the module page, lessons and progress.
 * Every query is scoped to the signed-in learner; a learner who started a version keeps it
 * until they pass the module, even when a newer version is published.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  attainments,
  attempts,
  businessUnits,
  competencies,
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

export const CATALOG_PAGE_SIZE = 24;

export interface CatalogFilters {
  businessUnit?: string;
  technology?: string;
  competency?: string;
  q?: string;
  page: number;
}

export type ModuleStatus =
  | { state: "not-started" }
  | { state: "in-progress"; percent: number }
  | { state: "passed" }
  | { state: "expired" };

/** Published, not archived modules: what learners can take. */
const isAvailable = and(isNotNull(modules.publishedVersionId), isNull(modules.archivedAt));

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Filter options. Competencies are listed for the chosen technology only (a whole catalog's
 * worth is hundreds of options nobody scrolls). */
export function getCatalogFacets(db: Database, technologySlug?: string) {
  return {
    businessUnits: db
      .select({ slug: businessUnits.slug, name: businessUnits.name })
      .from(businessUnits)
      .orderBy(asc(businessUnits.name))
      .all(),
    technologies: db
      .select({ slug: technologies.slug, name: technologies.name, businessUnit: businessUnits.slug })
      .from(technologies)
      .innerJoin(businessUnits, eq(businessUnits.id, technologies.businessUnitId))
      .orderBy(asc(technologies.name))
      .all(),
    competencies: db
      .select({ slug: competencies.slug, name: competencies.name, technology: technologies.slug })
      .from(competencies)
      .innerJoin(technologies, eq(technologies.id, competencies.technologyId))
      .where(and(sql`${competencies.kind} <> 'field'`, eq(technologies.slug, technologySlug ?? "")))
      .orderBy(asc(competencies.id))
      .all(),
  };
}

/** One page of the catalog with the learner's own status on each card. */
export function getCatalog(db: Database, userId: number, filters: CatalogFilters, now: Date) {
  const conditions = [isAvailable];
  if (filters.businessUnit) conditions.push(eq(businessUnits.slug, filters.businessUnit));
  if (filters.technology) conditions.push(eq(technologies.slug, filters.technology));
  if (filters.competency) {
    conditions.push(
      sql`exists (select 1 from ${moduleVersionCompetencies} mvc join ${competencies} c on c.id = mvc.competency_id
        where mvc.module_version_id = "modules"."published_version_id" and c.slug = ${filters.competency})`,
    );
  }
  if (filters.q) {
    const pattern = `%${escapeLike(filters.q)}%`;
    conditions.push(
      or(
        sql`${moduleVersions.title} like ${pattern} escape '\\'`,
        sql`${moduleVersions.summary} like ${pattern} escape '\\'`,
      ),
    );
  }
  const where = and(...conditions);
  const base = db
    .select({
      id: modules.id,
      slug: modules.slug,
      versionId: moduleVersions.id,
      title: moduleVersions.title,
      summary: moduleVersions.summary,
      minutes: moduleVersions.minutes,
      technology: technologies.name,
      technologySlug: technologies.slug,
      businessUnit: businessUnits.name,
    })
    .from(modules)
    .innerJoin(moduleVersions, eq(moduleVersions.id, modules.publishedVersionId))
    .innerJoin(technologies, eq(technologies.id, modules.technologyId))
    .innerJoin(businessUnits, eq(businessUnits.id, technologies.businessUnitId))
    .where(where);
  const total =
    db
      .select({ n: count() })
      .from(modules)
      .innerJoin(moduleVersions, eq(moduleVersions.id, modules.publishedVersionId))
      .innerJoin(technologies, eq(technologies.id, modules.technologyId))
      .innerJoin(businessUnits, eq(businessUnits.id, technologies.businessUnitId))
      .where(where)
      .get()?.n ?? 0;
  const page = Math.max(1, Math.min(filters.page, Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE))));
  const rows = base
    .orderBy(asc(technologies.name), asc(moduleVersions.title))
    .limit(CATALOG_PAGE_SIZE)
    .offset((page - 1) * CATALOG_PAGE_SIZE)
    .all();
  const statuses = moduleStatuses(
    db,
    userId,
    rows.map((r) => r.id),
    now,
  );
  const taught = competenciesOfVersions(
    db,
    rows.map((r) => r.versionId),
  );
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE)),
    modules: rows.map((r) => ({
      ...r,
      competencies: taught.get(r.versionId) ?? [],
      status: statuses.get(r.id) ?? { state: "not-started" as const },
    })),
  };
}

export function competenciesOfVersions(db: Database | Transaction, versionIds: readonly number[]) {
  const result = new Map<number, { id: number; slug: string; name: string; kind: string }[]>();
  if (versionIds.length === 0) return result;
  const rows = db
    .select({
      versionId: moduleVersionCompetencies.moduleVersionId,
      id: competencies.id,
      slug: competencies.slug,
      name: competencies.name,
      kind: competencies.kind,
    })
    .from(moduleVersionCompetencies)
    .innerJoin(competencies, eq(competencies.id, moduleVersionCompetencies.competencyId))
    .where(inArray(moduleVersionCompetencies.moduleVersionId, [...versionIds]))
    .orderBy(asc(competencies.id))
    .all();
  for (const { versionId, ...c } of rows) result.set(versionId, [...(result.get(versionId) ?? []), c]);
  return result;
}

/**
 * The learner's status for each module: passed while the competencies its passing gave are
 * still held, expired once they lapse, in progress with the share of lessons done.
 */
export function moduleStatuses(db: Database, userId: number, moduleIds: readonly number[], now: Date) {
  const result = new Map<number, ModuleStatus>();
  if (moduleIds.length === 0) return result;
  const ids = [...moduleIds];
  const passes = db
    .select({
      moduleId: moduleVersions.moduleId,
      expiresAt: sql<number>`max(${attainments.expiresAt})`,
    })
    .from(attempts)
    .innerJoin(moduleVersions, eq(moduleVersions.id, attempts.moduleVersionId))
    .innerJoin(attainments, eq(attainments.attemptId, attempts.id))
    .where(and(eq(attempts.userId, userId), eq(attempts.passed, true), inArray(moduleVersions.moduleId, ids)))
    .groupBy(moduleVersions.moduleId)
    .all();
  for (const p of passes) {
    result.set(p.moduleId, p.expiresAt > now.getTime() ? { state: "passed" } : { state: "expired" });
  }
  const progress = db
    .select({
      moduleId: enrollments.moduleId,
      // Outer columns fully qualified: drizzle leaves them bare in a single-table query.
      done: sql<number>`(select count(*) from lesson_progress lp join lessons l on l.id = lp.lesson_id
        where lp.user_id = "enrollments"."user_id" and l.module_version_id = "enrollments"."module_version_id")`,
      total: sql<number>`(select count(*) from lessons l where l.module_version_id = "enrollments"."module_version_id")`,
      completedAt: enrollments.completedAt,
    })
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), inArray(enrollments.moduleId, ids)))
    .all();
  for (const p of progress) {
    const passed = result.get(p.moduleId);
    if (passed && (passed.state === "passed" || p.completedAt)) continue;
    result.set(p.moduleId, {
      state: "in-progress",
      percent: p.total === 0 ? 0 : Math.round((p.done / p.total) * 100),
    });
  }
  return result;
}

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
