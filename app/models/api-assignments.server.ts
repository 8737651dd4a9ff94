/**
 * Assignments and coverage for the API (issue #14). Writes go through the UI's own gate
 * (`assignToCell`, `endAssignmentInCell`); a refusal's reasons gain the modules that teach
 * each missing or expired competency, so a PRM can point the person at them.
 */
import { and, asc, eq, gt, gte, isNull, or } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { specialistAssignments, technologies, territories, users } from "#db/schema";
import { isRefusal, notFound } from "~/utils/refusal";
import { assignSpecialist, endAssignment, type NewAssignment } from "./assignments.server";
import { getCoverage, type CoverageFilters } from "./coverage.server";
import { teachingModules } from "./learning.server";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";

export interface AssignmentsPage {
  after: number;
  limit: number;
  updatedSince?: Date;
  territoryId?: number;
  technologyId?: number;
  personId?: number;
  includeEnded: boolean;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function listAssignmentsForApi(db: Database, q: AssignmentsPage, now: Date) {
  const span = assignmentSpanSql(now);
  const since = q.updatedSince;
  return db
    .select({
      id: specialistAssignments.id,
      personId: specialistAssignments.userId,
      person: users.name,
      role: specialistAssignments.role,
      technologyId: technologies.id,
      technologyName: technologies.name,
      territoryId: territories.id,
      territoryCode: territories.code,
      territoryName: territories.name,
      startedAt: specialistAssignments.startedAt,
      endedAt: specialistAssignments.endedAt,
      state: span.state,
      validUntil: span.validUntil,
      lapsesAt: span.lapsesAt,
    })
    .from(specialistAssignments)
    .innerJoin(users, eq(users.id, specialistAssignments.userId))
    .innerJoin(technologies, eq(technologies.id, specialistAssignments.technologyId))
    .innerJoin(territories, eq(territories.id, specialistAssignments.territoryId))
    .where(
      and(
        gt(specialistAssignments.id, q.after),
        q.includeEnded ? undefined : isNull(specialistAssignments.endedAt),
        since
          ? or(gte(specialistAssignments.startedAt, since), gte(specialistAssignments.endedAt, since))
          : undefined,
        q.territoryId ? eq(specialistAssignments.territoryId, q.territoryId) : undefined,
        q.technologyId ? eq(specialistAssignments.technologyId, q.technologyId) : undefined,
        q.personId ? eq(specialistAssignments.userId, q.personId) : undefined,
      ),
    )
    .orderBy(asc(specialistAssignments.id))
    .limit(q.limit + 1)
    .all()
    .map((a) => {
      const s = toSpan(a);
      return {
        id: a.id,
        personId: a.personId,
        person: a.person,
        role: a.role,
        technology: { id: a.technologyId, name: a.technologyName },
        territory: { id: a.territoryId, code: a.territoryCode, name: a.territoryName },
        startedAt: a.startedAt.toISOString(),
        endedAt: iso(a.endedAt),
        state: a.endedAt ? ("ended" as const) : a.state,
        validUntil: iso(s.validUntil),
        lapsesAt: iso(s.lapsesAt),
        updatedAt: (a.endedAt ?? a.startedAt).toISOString(),
      };
    });
}

export type ApiAssignment = ReturnType<typeof listAssignmentsForApi>[number];

export function getAssignmentForApi(db: Database, id: number, now: Date): ApiAssignment {
  const row = listAssignmentsForApi(db, { after: id - 1, limit: 1, includeEnded: true }, now)[0];
  if (!row || row.id !== id) throw notFound("No such assignment.");
  return row;
}

type Reason = { competencyId: number; name: string };

/** The gate's refusal, with the published modules that teach each competency it names. */
function withTeachingModules(db: Database, technologyId: number, details: Record<string, unknown>) {
  const modules = teachingModules(db, [technologyId]);
  const teach = (reasons: unknown) =>
    Array.isArray(reasons)
      ? (reasons as Reason[]).map((r) => ({
          ...r,
          modules: modules
            .filter((m) => m.competencyIds.includes(r.competencyId))
            .map((m) => ({ id: m.id, slug: m.slug, title: m.title })),
        }))
      : reasons;
  return { ...details, missing: teach(details.missing), expired: teach(details.expired) };
}

/** Creates an assignment through the same gate as the cell page (Rule 7). */
export function createAssignmentForApi(
  db: Database,
  input: NewAssignment,
  actorId: number | null,
  now: Date,
) {
  try {
    const id = writeTransaction(db, (tx) => assignSpecialist(tx, input, actorId, now));
    return getAssignmentForApi(db, id, now);
  } catch (error) {
    if (isRefusal(error) && error.kind === "conflict" && error.details && "missing" in error.details) {
      Object.assign(error, { details: withTeachingModules(db, input.technologyId, error.details) });
    }
    throw error;
  }
}

/** Ends an active assignment found by id (the model checks it belongs to its cell). */
export function endAssignmentForApi(
  db: Database,
  id: number,
  actorId: number | null,
  reason: string,
  now: Date,
) {
  const row = db
    .select({
      territoryId: specialistAssignments.territoryId,
      technologyId: specialistAssignments.technologyId,
    })
    .from(specialistAssignments)
    .where(eq(specialistAssignments.id, id))
    .get();
  if (!row) throw notFound("No such assignment.");
  writeTransaction(db, (tx) => endAssignment(tx, { assignmentId: id, ...row }, actorId, reason, now));
  return getAssignmentForApi(db, id, now);
}

/** Coverage per territory × technology, one row per cell. */
export function coverageForApi(db: Database, filters: CoverageFilters, now: Date) {
  const c = getCoverage(db, filters, now);
  const data = c.territories.flatMap((t) =>
    c.technologies.map((tech) => {
      const s = c.cells[`${t.id}:${tech.id}`];
      return {
        territory: { id: t.id, code: t.code, name: t.name },
        technology: { id: tech.id, name: tech.name },
        status: s?.status ?? "vacant",
        specialists: s?.specialists ?? 0,
        leads: s?.leads ?? 0,
        inGrace: s?.inGrace ?? 0,
        lapsed: s?.lapsed ?? 0,
        coveredUntil: iso(s?.coveredUntil ?? null),
      };
    }),
  );
  return { data, counts: c.counts };
}
