/**
 * Coverage across territories × technologies: the organisation's assignments read once as a
 * slice (decision 083), every cell classified from it, and the heatmap's facets. One cell's
 * detail is cell-detail.server.ts.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { businessUnits, regions, technologies, territories } from "#db/schema";
import { classifyCell, type CellAssignment, type CellStatus, type CellSummary } from "~/domain/coverage";
import { cellAssignments } from "./coverage-cells.server";

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
