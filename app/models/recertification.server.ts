/**
 * Delta recertification (DESIGN.md Rule 14). A trainer marks each new version of a module
 * as a major or minor revision. A major one gives holders of the competencies it teaches a
 * deadline: the attainments it supersedes (from older versions of the module, or imported
 * from before it — `isSuperseded` in app/domain/lifecycle) have their expiry brought forward
 * to the deadline, in the publishing transaction; passing the new version earns fresh ones.
 * Who is behind is read from the attainments at read time.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  competencies,
  enrollments,
  modules,
  moduleRevisions,
  moduleVersionCompetencies,
  moduleVersions,
  programRequirements,
  territories,
  users,
  type RevisionKind,
} from "#db/schema";
import { CHANGE_NOTE_MAX, DEFAULT_LIFECYCLE, deltaStanding, recertifyBy } from "~/domain/lifecycle";
import { invalid } from "~/utils/refusal";
import { recordAudit } from "./audit.server";

export interface RevisionInput {
  kind: RevisionKind;
  /** What changed (required for a major revision). */
  note: string;
}

/**
 * The delta deadline for a version: the shortest `deltaDeadlineDays` among the programs that
 * require a competency it teaches (holders of the strictest program must make it in time).
 */
function deadlineDays(tx: Transaction, versionId: number): number {
  const row = tx
    .select({ days: sql<number | null>`min(${certificationPrograms.deltaDeadlineDays})` })
    .from(moduleVersionCompetencies)
    .innerJoin(
      programRequirements,
      eq(programRequirements.competencyId, moduleVersionCompetencies.competencyId),
    )
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, programRequirements.programId))
    .where(eq(moduleVersionCompetencies.moduleVersionId, versionId))
    .get();
  return row?.days ?? DEFAULT_LIFECYCLE.deltaDeadlineDays;
}

/**
 * Brings forward the attainments a major revision supersedes (optionally one person's) to
 * its deadline. The SQL twin of `isSuperseded`; a model test keeps them in step.
 */
function supersede(tx: Transaction, revisionVersionId: number, userId?: number): number {
  const userFilter = userId === undefined ? sql`` : sql`and attainments.user_id = ${userId}`;
  return tx.run(sql`update attainments
    set expires_at = r.recertify_by, superseded_by_version_id = r.version_id
    from (select mr.module_version_id as version_id, mr.recertify_by, v.module_id, v.version_number,
            v.published_at, mvc.competency_id
          from module_revisions mr
          join module_versions v on v.id = mr.module_version_id
          join module_version_competencies mvc on mvc.module_version_id = mr.module_version_id
          where mr.kind = 'major' and mr.module_version_id = ${revisionVersionId}) r
    where attainments.competency_id = r.competency_id
      and attainments.expires_at > r.recertify_by
      ${userFilter}
      and ((attainments.source = 'assessment' and exists (
              select 1 from attempts t join module_versions ov on ov.id = t.module_version_id
              where t.id = attainments.attempt_id and ov.module_id = r.module_id
                and ov.version_number < r.version_number))
        or (attainments.source = 'import' and attainments.attained_at < r.published_at))`).changes;
}

/**
 * Records how a newly published version changed, in the publishing transaction. A major
 * revision sets the deadline, supersedes what it replaces and moves learners part-way
 * through an older version onto the new one. The first version has no revision.
 */
export function recordRevision(
  tx: Transaction,
  moduleId: number,
  version: { versionId: number; versionNumber: number },
  input: RevisionInput,
  actorId: number | null,
  now: Date,
): { recertifyBy: Date | null; superseded: number } {
  const note = input.note.trim();
  if (input.kind === "major" && note.length === 0)
    throw invalid("Say what changed: holders read it with their deadline.", { field: "changeNote" });
  if (note.length > CHANGE_NOTE_MAX)
    throw invalid(`Keep the note under ${CHANGE_NOTE_MAX} characters.`, { field: "changeNote" });
  if (version.versionNumber <= 1) return { recertifyBy: null, superseded: 0 };
  const deadline = input.kind === "major" ? recertifyBy(now, deadlineDays(tx, version.versionId)) : null;
  tx.insert(moduleRevisions)
    .values({ moduleVersionId: version.versionId, kind: input.kind, note, recertifyBy: deadline })
    .run();
  let superseded = 0;
  if (deadline) {
    superseded = supersede(tx, version.versionId);
    tx.update(enrollments)
      .set({ moduleVersionId: version.versionId, startedAt: now, lastActivityAt: now, lastLessonId: null })
      .where(
        and(
          eq(enrollments.moduleId, moduleId),
          isNull(enrollments.completedAt),
          ne(enrollments.moduleVersionId, version.versionId),
        ),
      )
      .run();
  }
  recordAudit(tx, {
    at: now,
    actorId,
    action: "module.revised",
    entityType: "module",
    entityId: moduleId,
    reason: note || null,
    details: {
      versionId: version.versionId,
      versionNumber: version.versionNumber,
      kind: input.kind,
      ...(deadline ? { recertifyBy: deadline.toISOString(), superseded } : {}),
    },
  });
  return { recertifyBy: deadline, superseded };
}

/**
 * After a person earns attainments (an attempt on an older version finished after a major
 * revision, an imported record from before one): supersede them too.
 */
export function supersedeNewAttainments(tx: Transaction, userId: number, competencyIds: readonly number[]) {
  if (competencyIds.length === 0) return;
  const revisions = tx
    .selectDistinct({ versionId: moduleRevisions.moduleVersionId, recertifyBy: moduleRevisions.recertifyBy })
    .from(moduleRevisions)
    .innerJoin(
      moduleVersionCompetencies,
      eq(moduleVersionCompetencies.moduleVersionId, moduleRevisions.moduleVersionId),
    )
    .where(
      and(
        eq(moduleRevisions.kind, "major"),
        inArray(moduleVersionCompetencies.competencyId, [...competencyIds]),
      ),
    )
    .orderBy(asc(moduleRevisions.recertifyBy))
    .all();
  for (const r of revisions) supersede(tx, r.versionId, userId);
}

/**
 * Per (revision, person): whether they hold each superseded competency beyond the deadline
 * again (renewed) — the smallest over the competencies.
 */
const renewedSql = sql<number>`min(coalesce((select max(a2.expires_at) from attainments a2
  where a2.user_id = "attainments"."user_id" and a2.competency_id = "attainments"."competency_id"), 0)
  > "module_revisions"."recertify_by")`;

/** The learner's delta deadlines: what changed, by when, and whether they are done. */
export function deltaDeadlinesOf(db: Database, userId: number, now: Date) {
  return db
    .select({
      versionId: moduleRevisions.moduleVersionId,
      note: moduleRevisions.note,
      recertifyBy: sql<number>`${moduleRevisions.recertifyBy}`,
      publishedAt: moduleVersions.publishedAt,
      title: moduleVersions.title,
      slug: modules.slug,
      competencies: sql<string>`group_concat(distinct ${competencies.name})`,
      renewed: renewedSql,
    })
    .from(attainments)
    .innerJoin(moduleRevisions, eq(moduleRevisions.moduleVersionId, attainments.supersededByVersionId))
    .innerJoin(moduleVersions, eq(moduleVersions.id, moduleRevisions.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .innerJoin(competencies, eq(competencies.id, attainments.competencyId))
    .where(eq(attainments.userId, userId))
    .groupBy(moduleRevisions.moduleVersionId)
    .orderBy(asc(moduleRevisions.recertifyBy))
    .all()
    .map((r) => {
      const deadline = new Date(r.recertifyBy);
      return { ...r, recertifyBy: deadline, standing: deltaStanding(deadline, r.renewed === 1, now) };
    });
}

/** Major revisions, newest first, with how many holders they affect and how many are behind. */
export function listMajorRevisions(db: Database, now: Date, limit = 50) {
  const revisions = db
    .select({
      versionId: moduleRevisions.moduleVersionId,
      note: moduleRevisions.note,
      recertifyBy: sql<number>`${moduleRevisions.recertifyBy}`,
      versionNumber: moduleVersions.versionNumber,
      title: moduleVersions.title,
      publishedAt: moduleVersions.publishedAt,
      moduleId: modules.id,
    })
    .from(moduleRevisions)
    .innerJoin(moduleVersions, eq(moduleVersions.id, moduleRevisions.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(and(eq(moduleRevisions.kind, "major"), isNotNull(moduleRevisions.recertifyBy)))
    .orderBy(desc(moduleRevisions.recertifyBy))
    .limit(limit)
    .all();
  if (revisions.length === 0) return [];
  // Counted for the listed revisions only, through the superseded-by index: the attainments
  // table is the largest in the database and most of it was never superseded.
  const perPerson = db
    .select({
      versionId: moduleRevisions.moduleVersionId,
      userId: attainments.userId,
      renewed: renewedSql.as("renewed"),
    })
    .from(attainments)
    .innerJoin(moduleRevisions, eq(moduleRevisions.moduleVersionId, attainments.supersededByVersionId))
    .where(
      inArray(
        attainments.supersededByVersionId,
        revisions.map((r) => r.versionId),
      ),
    )
    .groupBy(moduleRevisions.moduleVersionId, attainments.userId)
    .as("per_person");
  const counts = new Map(
    db
      .select({
        versionId: perPerson.versionId,
        affected: sql<number>`count(*)`,
        behind: sql<number>`sum(case when ${perPerson.renewed} then 0 else 1 end)`,
      })
      .from(perPerson)
      .groupBy(perPerson.versionId)
      .all()
      .map((c) => [c.versionId, c]),
  );
  return revisions.map((r) => {
    const c = counts.get(r.versionId);
    const deadline = new Date(r.recertifyBy);
    return {
      ...r,
      recertifyBy: deadline,
      open: deadline.getTime() > now.getTime(),
      affected: c?.affected ?? 0,
      behind: c?.behind ?? 0,
    };
  });
}

/** The holders behind one major revision: who, where, and pending or overdue. */
export function listBehind(db: Database, versionId: number, now: Date, limit = 200) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      territory: territories.name,
      recertifyBy: sql<number>`${moduleRevisions.recertifyBy}`,
      renewed: renewedSql,
    })
    .from(attainments)
    .innerJoin(moduleRevisions, eq(moduleRevisions.moduleVersionId, attainments.supersededByVersionId))
    .innerJoin(users, eq(users.id, attainments.userId))
    .leftJoin(territories, eq(territories.id, users.territoryId))
    .where(and(eq(attainments.supersededByVersionId, versionId), isNull(users.disabledAt)))
    .groupBy(users.id)
    .having(sql`${renewedSql} = 0`)
    .orderBy(asc(users.name))
    .limit(limit)
    .all()
    .map((r) => ({
      ...r,
      standing: deltaStanding(new Date(r.recertifyBy), false, now),
    }));
}
