/** The modules trainers work on: the authoring list and the technologies they can choose. */
import { asc, count, desc, eq, max, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { enrollments, modules, moduleVersions, technologies, users } from "#db/schema";

export function listAuthoredModules(db: Database, filter: { ownerId?: number }) {
  const latest = db
    .select({
      moduleId: moduleVersions.moduleId,
      lastPublished: max(moduleVersions.versionNumber).as("last_published"),
      lastChange:
        sql<number>`max(coalesce(${moduleVersions.updatedAt}, ${moduleVersions.publishedAt}, ${moduleVersions.createdAt}))`.as(
          "last_change",
        ),
      hasDraft: sql<number>`max(${moduleVersions.status} = 'draft')`.as("has_draft"),
      // The outer column is written qualified: drizzle leaves it bare in a single-table query.
      title:
        sql<string>`(select mv.title from module_versions mv where mv.module_id = "module_versions"."module_id"
        order by mv.status = 'draft' desc, mv.version_number desc limit 1)`.as("title"),
    })
    .from(moduleVersions)
    .groupBy(moduleVersions.moduleId)
    .as("latest");
  const enrolled = db
    .select({ moduleId: enrollments.moduleId, n: count().as("n") })
    .from(enrollments)
    .groupBy(enrollments.moduleId)
    .as("enrolled");
  return db
    .select({
      id: modules.id,
      slug: modules.slug,
      technology: technologies.name,
      owner: users.name,
      ownerId: modules.ownerId,
      archivedAt: modules.archivedAt,
      title: latest.title,
      lastPublished: latest.lastPublished,
      hasDraft: latest.hasDraft,
      lastChange: latest.lastChange,
      enrolled: sql<number>`coalesce(${enrolled.n}, 0)`,
    })
    .from(modules)
    .innerJoin(technologies, eq(technologies.id, modules.technologyId))
    .leftJoin(users, eq(users.id, modules.ownerId))
    .leftJoin(latest, eq(latest.moduleId, modules.id))
    .leftJoin(enrolled, eq(enrolled.moduleId, modules.id))
    .where(filter.ownerId !== undefined ? eq(modules.ownerId, filter.ownerId) : undefined)
    .orderBy(desc(latest.lastChange))
    .all();
}

export function authoringTechnologies(db: Database) {
  return db
    .select({ id: technologies.id, name: technologies.name })
    .from(technologies)
    .orderBy(asc(technologies.name))
    .all();
}
