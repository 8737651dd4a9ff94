/**
 * Coverage across territories × technologies, and the detail of one cell: who covers it,
 * until when, who could, and which partners are its growth targets.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  businessUnits,
  certificationBlocks,
  certificationPrograms,
  competencies,
  partners,
  partnerTechnologyMix,
  regions,
  specialistAssignments,
  technologies,
  territories,
  userRoles,
  users,
} from "#db/schema";
import { seatEligibility } from "~/domain/certification";
import {
  assignmentState,
  classifyCell,
  graceDaysLeft,
  type CellAssignment,
  type CellStatus,
  type CellSummary,
} from "~/domain/coverage";
import { pathToEligibility } from "~/domain/path";
import { loadProgramRules } from "./certifications.server";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";
import { cellAssignments } from "./coverage-cells.server";
import { attainmentsOf, technologyCertificationsOf } from "./holdings.server";
import { teachingModules } from "./learning.server";

export interface CoverageFilters {
  region?: string;
  businessUnit?: string;
}

/** An active assignment of a slice: its id, role and span at the slice's `now`. */
export interface SliceAssignment extends CellAssignment {
  id: number;
}

/** A cell that has assignments, with their spans at the slice's `now`. */
export interface HeldCell {
  territoryId: number;
  technologyId: number;
  assignments: SliceAssignment[];
}

/**
 * The organisation's coverage as read once at `now`: territories, technologies and every
 * active assignment of their cells with its span (one aggregate, decision 103). The heatmap,
 * the overview's tiles and counts and the 12-month forecast are all computed from one slice
 * (decision 083) instead of each reading the assignments again.
 */
export function coverageSlice(db: Database, filters: CoverageFilters, now: Date) {
  const territoryRows = db
    .select({ id: territories.id, name: territories.name, code: territories.code, region: regions.name })
    .from(territories)
    .innerJoin(regions, eq(regions.id, territories.regionId))
    .where(filters.region ? eq(regions.name, filters.region) : undefined)
    .orderBy(asc(regions.name), asc(territories.name))
    .all();
  const technologyRows = db
    .select({
      id: technologies.id,
      name: technologies.name,
      slug: technologies.slug,
      businessUnit: businessUnits.name,
      targetSpecialists: technologies.targetSpecialists,
      targetLeads: technologies.targetLeads,
    })
    .from(technologies)
    .innerJoin(businessUnits, eq(businessUnits.id, technologies.businessUnitId))
    .where(filters.businessUnit ? eq(businessUnits.slug, filters.businessUnit) : undefined)
    .orderBy(asc(businessUnits.name), asc(technologies.name))
    .all();
  const read = cellAssignments(
    db,
    territoryRows.map((t) => t.id),
    technologyRows.map((t) => t.id),
    now,
  );
  const held = new Map<string, HeldCell>();
  for (const { id, territoryId, technologyId, role, validUntil, lapsesAt } of read.assignments) {
    const assignment: SliceAssignment = { id, role, validUntil, lapsesAt };
    const key = `${territoryId}:${technologyId}`;
    const cell = held.get(key);
    if (cell) cell.assignments.push(assignment);
    else held.set(key, { territoryId, technologyId, assignments: [assignment] });
  }
  // Until a qualifying certification is issued or revoked, the spans stay as read.
  return { territories: territoryRows, technologies: technologyRows, held, spansChangeAt: read.changesAt };
}

export type CoverageSlice = ReturnType<typeof coverageSlice>;

/** Every cell of the slice classified at `now` (Rule 8), the counts per status and the gaps. */
export function summarizeCoverage(slice: CoverageSlice, now: Date) {
  const cells: Record<string, CellSummary> = {};
  const counts: Record<CellStatus, number> = {
    covered: 0,
    "at-risk": 0,
    "in-grace": 0,
    lapsed: 0,
    vacant: 0,
  };
  const gaps = new Map<number, number>();
  for (const tech of slice.technologies) {
    const targets = { specialists: tech.targetSpecialists, leads: tech.targetLeads };
    // A cell nobody is assigned to depends only on its technology's targets.
    const unassigned = classifyCell([], targets, now);
    for (const territory of slice.territories) {
      const key = `${territory.id}:${tech.id}`;
      const assignments = slice.held.get(key)?.assignments;
      const summary = assignments ? classifyCell(assignments, targets, now) : unassigned;
      cells[key] = summary;
      counts[summary.status]++;
      if (summary.status === "vacant" || summary.status === "lapsed")
        gaps.set(territory.id, (gaps.get(territory.id) ?? 0) + 1);
    }
  }
  const gapsByTerritory = slice.territories
    .map((t) => ({ ...t, gaps: gaps.get(t.id) ?? 0 }))
    .sort((a, b) => b.gaps - a.gaps);
  return { cells, counts, gapsByTerritory };
}

export function getCoverage(db: Database, filters: CoverageFilters, now: Date) {
  const slice = coverageSlice(db, filters, now);
  return {
    territories: slice.territories,
    technologies: slice.technologies,
    ...summarizeCoverage(slice, now),
  };
}

export function coverageFacets(db: Database) {
  return {
    territoryCount:
      db
        .select({ n: sql<number>`count(*)` })
        .from(territories)
        .get()?.n ?? 0,
    technologyCount:
      db
        .select({ n: sql<number>`count(*)` })
        .from(technologies)
        .get()?.n ?? 0,
    regions: db
      .select({ name: regions.name })
      .from(regions)
      .orderBy(asc(regions.name))
      .all()
      .map((r) => r.name),
    businessUnits: db
      .select({ slug: businessUnits.slug, name: businessUnits.name })
      .from(businessUnits)
      .orderBy(asc(businessUnits.name))
      .all(),
  };
}

const CANDIDATE_LIMIT = 25;

/** Whether both the territory and the technology of a cell exist (two primary-key reads). */
export function cellExists(db: Database, territoryId: number, technologyId: number): boolean {
  const territory = db
    .select({ id: territories.id })
    .from(territories)
    .where(eq(territories.id, territoryId))
    .get();
  const technology = db
    .select({ id: technologies.id })
    .from(technologies)
    .where(eq(technologies.id, technologyId))
    .get();
  return Boolean(territory && technology);
}

/** One territory × technology: its assignments, who could take a seat, and why others can't. */
export function getCell(db: Database, territoryId: number, technologyId: number, now: Date) {
  const territory = db.select().from(territories).where(eq(territories.id, territoryId)).get();
  const technology = db.select().from(technologies).where(eq(technologies.id, technologyId)).get();
  if (!territory || !technology) return undefined;

  const cellSpan = assignmentSpanSql(now);
  const current = db
    .select({
      id: specialistAssignments.id,
      userId: specialistAssignments.userId,
      person: users.name,
      role: specialistAssignments.role,
      startedAt: specialistAssignments.startedAt,
      validUntil: cellSpan.validUntil,
      lapsesAt: cellSpan.lapsesAt,
    })
    .from(specialistAssignments)
    .innerJoin(users, eq(users.id, specialistAssignments.userId))
    .where(
      and(
        eq(specialistAssignments.territoryId, territoryId),
        eq(specialistAssignments.technologyId, technologyId),
        isNull(specialistAssignments.endedAt),
      ),
    )
    .orderBy(asc(users.name))
    .all()
    .map((a) => {
      const span = toSpan(a);
      return { ...a, ...span, state: assignmentState(span, now), graceDaysLeft: graceDaysLeft(span, now) };
    });
  const summary = classifyCell(
    current,
    { specialists: technology.targetSpecialists, leads: technology.targetLeads },
    now,
  );

  // Candidates: partner managers of the territory, most advanced in this technology first.
  const techCompetencies = db
    .select({ id: competencies.id, name: competencies.name, kind: competencies.kind })
    .from(competencies)
    .where(eq(competencies.technologyId, technologyId))
    .all();
  const competencyIds = techCompetencies.map((c) => c.id);
  const people = db
    .select({
      id: users.id,
      name: users.name,
      progress: sql<number>`(select count(distinct a.competency_id) from attainments a
        where a.user_id = "users"."id" and a.expires_at > ${now.getTime()}
        and a.competency_id in (${sql.join(competencyIds.length > 0 ? competencyIds.map((id) => sql`${id}`) : [sql`-1`], sql`, `)}))`,
    })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
    .where(and(eq(users.territoryId, territoryId), isNull(users.disabledAt)))
    .orderBy(desc(sql`3`), asc(users.name))
    .limit(CANDIDATE_LIMIT)
    .all();
  const ids = people.map((p) => p.id);
  const programs = loadProgramRules(db, [technologyId]);
  const certs = technologyCertificationsOf(db, ids, technologyId);
  const held = attainmentsOf(db, ids, competencyIds);
  const catalog = teachingModules(db, [technologyId]);
  const names = new Map(techCompetencies.map((c) => [c.id, c]));
  const assigned = new Set(current.map((a) => `${a.userId}:${a.role}`));
  // Rule 12: open revocation blocks on this technology's programs, by person.
  const blocks =
    ids.length === 0
      ? []
      : db
          .select({
            userId: certificationBlocks.userId,
            level: certificationPrograms.level,
            reason: certificationBlocks.reason,
          })
          .from(certificationBlocks)
          .innerJoin(certificationPrograms, eq(certificationPrograms.id, certificationBlocks.programId))
          .where(
            and(
              inArray(certificationBlocks.userId, ids),
              eq(certificationPrograms.technologyId, technologyId),
              isNull(certificationBlocks.liftedAt),
            ),
          )
          .all();
  const candidates = people.map((person) => {
    const seats = (["specialist", "lead"] as const).map((role) => {
      const eligibility = seatEligibility(
        role,
        programs,
        certs.filter((c) => c.userId === person.id),
        held.filter((h) => h.userId === person.id),
        now,
      );
      if (eligibility.eligible)
        return {
          role,
          eligible: true as const,
          validUntil: eligibility.validUntil,
          assigned: assigned.has(`${person.id}:${role}`),
          missing: [],
          blocked: null,
          path: null,
        };
      // A block on the seat's program, or on the specialist program a lead seat includes.
      const block = blocks.find(
        (b) => b.userId === person.id && (b.level === role || b.level === "specialist"),
      );
      const path = pathToEligibility(block ? [] : eligibility.missing.map((m) => m.competencyId), catalog);
      return {
        role,
        eligible: false as const,
        validUntil: null,
        assigned: assigned.has(`${person.id}:${role}`),
        missing: eligibility.missing.map((m) => ({
          name: names.get(m.competencyId)?.name ?? "?",
          state: m.state,
          attested: names.get(m.competencyId)?.kind === "field",
        })),
        blocked: block ? block.reason : null,
        path: {
          modules: path.modules.map((m) => ({ slug: m.slug, title: m.title, minutes: m.minutes })),
          totalMinutes: path.totalMinutes,
        },
      };
    });
    return { id: person.id, name: person.name, seats };
  });

  const growthTargets = db
    .select({
      id: partners.id,
      name: partners.name,
      share: sql<number>`coalesce(${partnerTechnologyMix.sharePercent}, 0)`,
    })
    .from(partners)
    .leftJoin(
      partnerTechnologyMix,
      and(
        eq(partnerTechnologyMix.partnerId, partners.id),
        eq(partnerTechnologyMix.technologyId, technologyId),
      ),
    )
    .where(eq(partners.territoryId, territoryId))
    .orderBy(asc(sql`3`), asc(partners.name))
    .limit(10)
    .all();

  return { territory, technology, current, summary, candidates, growthTargets };
}
