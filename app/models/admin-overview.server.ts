/**
 * The admin's landing page: headline counts, what needs attention, coverage and its 12-month
 * forecast (issue #17). The organisation's assignments are read once, as a coverage slice
 * (decision 083), and the tiles, the cell counts, the gaps, the lapsed and in-grace lists and
 * the forecast are all computed from it with the domain's rules at `now`; the other figures
 * are one indexed query each. Nothing is stored.
 */
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { certificationPrograms, certifications, specialistAssignments, userRoles, users } from "#db/schema";
import { assignmentState, assignmentStateCounts, graceDaysLeft } from "~/domain/coverage";
import { addDays } from "~/domain/time";
import {
  coverageSlice,
  summarizeCoverage,
  type CoverageSlice,
  type SliceAssignment,
} from "./coverage.server";
import { renewalCounts } from "./digest.server";
import { forecastOf } from "./forecast.server";
import { listMajorRevisions } from "./recertification.server";

/** How many lapsed and in-grace assignments the overview names. */
const LISTED = 8;

export function getAdminOverview(db: Database, now: Date) {
  const certificationsNow = certificationCounts(db, now);
  const slice = coverageSlice(db, {}, now);
  const coverage = summarizeCoverage(slice, now);
  const attention = needingAttention(db, slice, now);
  return {
    people: partnerManagerCount(db),
    activeCertifications: certificationsNow.active,
    expiring: certificationsNow.expiring,
    expiringCount: certificationsNow.expiring[0]?.count ?? 0,
    expiringSoon: expiringSoon(db, now),
    assignments: assignmentStateCounts(
      [...slice.held.values()].flatMap((cell) => cell.assignments),
      now,
    ),
    lapsed: attention.lapsed,
    inGrace: attention.inGrace,
    renewals: renewalCounts(db, now, false),
    revisions: listMajorRevisions(db, now, 5).filter((r) => r.behind > 0),
    cells: coverage.counts,
    gaps: coverage.gapsByTerritory.filter((t) => t.gaps > 0).slice(0, 5),
    technologyCount: slice.technologies.length,
    forecast: forecastOf(slice, now),
  };
}

/** Enabled partner managers: all learners less the disabled ones (few, and indexed). */
function partnerManagerCount(db: Database) {
  const learners =
    db.select({ n: count() }).from(userRoles).where(eq(userRoles.role, "learner")).get()?.n ?? 0;
  const disabled =
    db
      .select({ n: count() })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
      .where(isNotNull(users.disabledAt))
      .get()?.n ?? 0;
  return learners - disabled;
}

/** Certifications in force at `now` (issued, not expired, not revoked). */
function activeAt(now: Date) {
  return and(
    isNull(certifications.revokedAt),
    lte(certifications.issuedAt, now),
    gt(certifications.expiresAt, now),
  );
}

/** Certifications in force now, and how many of them end within 30, 60 and 90 days: one pass. */
function certificationCounts(db: Database, now: Date) {
  const endingWithin = (days: number) =>
    sql<number>`coalesce(sum(${certifications.expiresAt} <= ${addDays(now, days).getTime()}), 0)`;
  const row = db
    .select({ active: count(), in30: endingWithin(30), in60: endingWithin(60), in90: endingWithin(90) })
    .from(certifications)
    .where(activeAt(now))
    .get();
  return {
    active: row?.active ?? 0,
    expiring: [
      { days: 30, count: row?.in30 ?? 0 },
      { days: 60, count: row?.in60 ?? 0 },
      { days: 90, count: row?.in90 ?? 0 },
    ],
  };
}

/** The certifications ending first within 30 days, with their holders. */
function expiringSoon(db: Database, now: Date) {
  return db
    .select({
      credentialId: certifications.credentialId,
      person: users.name,
      program: certificationPrograms.name,
      expiresAt: certifications.expiresAt,
    })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(and(activeAt(now), lte(certifications.expiresAt, addDays(now, 30))))
    .orderBy(asc(certifications.expiresAt))
    .limit(LISTED)
    .all();
}

/**
 * The first lapsed assignments (by territory, then technology) and those in grace (ending
 * first), as `listAssignmentsIn` lists them, picked from the slice's spans: only the people
 * of the few listed are read.
 */
function needingAttention(db: Database, slice: CoverageSlice, now: Date) {
  const territoryName = new Map(slice.territories.map((t) => [t.id, t.name]));
  const technologyName = new Map(slice.technologies.map((t) => [t.id, t.name]));
  type Listed = { a: SliceAssignment; territory: string; technology: string };
  const lapsed: Listed[] = [];
  const inGrace: Listed[] = [];
  for (const cell of slice.held.values()) {
    const territory = territoryName.get(cell.territoryId) ?? "";
    const technology = technologyName.get(cell.technologyId) ?? "";
    for (const a of cell.assignments) {
      const state = assignmentState(a, now);
      if (state === "lapsed") lapsed.push({ a, territory, technology });
      else if (state === "in-grace") inGrace.push({ a, territory, technology });
    }
  }
  // Names compare as SQLite's default (binary) collation orders them.
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const byName = (x: Listed, y: Listed) =>
    text(x.territory, y.territory) || text(x.technology, y.technology) || x.a.id - y.a.id;
  const byGraceEnd = (x: Listed, y: Listed) =>
    (x.a.lapsesAt?.getTime() ?? 0) - (y.a.lapsesAt?.getTime() ?? 0) ||
    text(x.technology, y.technology) ||
    x.a.id - y.a.id;
  const shownLapsed = lapsed.sort(byName).slice(0, LISTED);
  const shownInGrace = inGrace.sort(byGraceEnd).slice(0, LISTED);
  const ids = [...shownLapsed, ...shownInGrace].map((l) => l.a.id);
  const people = new Map(
    ids.length === 0
      ? []
      : db
          .select({ id: specialistAssignments.id, userId: specialistAssignments.userId, person: users.name })
          .from(specialistAssignments)
          .innerJoin(users, eq(users.id, specialistAssignments.userId))
          .where(inArray(specialistAssignments.id, ids))
          .all()
          .map((p) => [p.id, p]),
  );
  const row = ({ a, territory, technology }: Listed) => ({
    id: a.id,
    userId: people.get(a.id)?.userId ?? 0,
    person: people.get(a.id)?.person ?? "",
    technology,
    territory,
    role: a.role,
    validUntil: a.validUntil,
    lapsesAt: a.lapsesAt,
  });
  return {
    lapsed: shownLapsed.map(row),
    inGrace: shownInGrace.map((l) => ({ ...row(l), graceDaysLeft: graceDaysLeft(l.a, now) })),
  };
}
