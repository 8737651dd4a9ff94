/**
 * The catalog a learner browses: filters, one page of available modules with the learner's
 * own status on each card, and the competencies each version teaches.
 */
import { and, asc, count, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import {
  attainments,
  attempts,
  businessUnits,
  competencies,
  enrollments,
  modules,
  moduleVersionCompetencies,
  moduleVersions,
  technologies,
} from "#db/schema";

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
