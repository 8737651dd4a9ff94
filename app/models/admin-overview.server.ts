/**
 * The admin's landing page: headline counts, what needs attention, coverage and its 12-month
 * forecast (issue #17). The organisation's assignments are read once, as a coverage slice
 * (decision 083), and the tiles, the cell counts, the gaps, the lapsed and in-grace lists and
 * the forecast are all computed from it with the domain's rules at `now`; the other figures
 * are one indexed query each. The two organisation-wide reads are reused, per connection,
 * while provably unchanged: no write to the tables they read, and `now` before the first
 * instant their answer could change (stable-read.server.ts, decision 084). Nothing is
 * stored in the database.
 */
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { certificationPrograms, certifications, specialistAssignments, userRoles, users } from "#db/schema";
import { assignmentState, assignmentStateCounts, graceDaysLeft, nextStateChange } from "~/domain/coverage";
import { forecastMonths } from "~/domain/planning";
import { addDays, DAY_MS } from "~/domain/time";
import {
  coverageSlice,
  summarizeCoverage,
  type CoverageSlice,
  type SliceAssignment,
} from "./coverage.server";
import { renewalCounts } from "./digest.server";
import { forecastOf } from "./forecast.server";
import { listMajorRevisions } from "./recertification.server";
import { stableRead, type StableAnswer } from "./stable-read.server";

/** How many lapsed and in-grace assignments the overview names. */
const LISTED = 8;

export function getAdminOverview(db: Database, now: Date) {
  const coverage = stableRead(db, "adminOverview.coverage", now, () => coverageFigures(db, now));
  const figures = stableRead(db, "adminOverview.certifications", now, () => certificationFigures(db, now));
  return {
    people: partnerManagerCount(db),
    activeCertifications: figures.active,
    expiring: figures.expiring,
    expiringCount: figures.expiring[0]?.count ?? 0,
    expiringSoon: expiringSoon(db, now),
    assignments: coverage.assignments,
    ...named(db, coverage.attention, now),
    renewals: figures.renewals,
    revisions: listMajorRevisions(db, now, 5).filter((r) => r.behind > 0),
    cells: coverage.cells,
    gaps: coverage.gaps,
    technologyCount: coverage.technologyCount,
    forecast: coverage.forecast,
  };
}

/**
 * Everything the overview derives from the organisation's assignments, from one coverage
 * slice (decision 083), and until when it holds: the next issue or revocation behind a span,
 * the next state change of an assignment, or the end of the month (the forecast's months).
 */
function coverageFigures(db: Database, now: Date): StableAnswer<CoverageFigures> {
  const slice = coverageSlice(db, {}, now);
  const coverage = summarizeCoverage(slice, now);
  const spans = [...slice.held.values()].flatMap((cell) => cell.assignments);
  return {
    value: {
      assignments: assignmentStateCounts(spans, now),
      attention: needingAttention(slice, now),
      cells: coverage.counts,
      gaps: coverage.gapsByTerritory.filter((t) => t.gaps > 0).slice(0, 5),
      technologyCount: slice.technologies.length,
      forecast: forecastOf(slice, now),
    },
    until: Math.min(
      slice.spansChangeAt,
      nextStateChange(spans, now),
      forecastMonths(now)[0]?.end.getTime() ?? now.getTime(),
    ),
  };
}

interface CoverageFigures {
  assignments: ReturnType<typeof assignmentStateCounts>;
  attention: ReturnType<typeof needingAttention>;
  cells: ReturnType<typeof summarizeCoverage>["counts"];
  gaps: ReturnType<typeof summarizeCoverage>["gapsByTerritory"];
  technologyCount: number;
  forecast: ReturnType<typeof forecastOf>;
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

/**
 * Certifications in force now, how many end within 30, 60 and 90 days, and how many are in
 * their renewal window, with until when those figures hold: the next expiry, the next
 * instant one comes within 30/60/90 days or within a renewal window, or the next issue or
 * revocation dated after `now`.
 */
function certificationFigures(db: Database, now: Date): StableAnswer<CertificationFigures> {
  const t = now.getTime();
  const endingWithin = (days: number) =>
    sql<number>`coalesce(sum(${activeAt(now)} and ${certifications.expiresAt} <= ${addDays(now, days).getTime()}), 0)`;
  // One pass over the certifications not yet expired (covering expiry index).
  const row = db
    .select({
      active: sql<number>`coalesce(sum(${activeAt(now)}), 0)`,
      in30: endingWithin(30),
      in60: endingWithin(60),
      in90: endingWithin(90),
      nextIssue: sql<
        number | null
      >`min(case when ${certifications.issuedAt} > ${t} then ${certifications.issuedAt} end)`,
      nextRevocation: sql<
        number | null
      >`min(case when ${certifications.revokedAt} > ${t} then ${certifications.revokedAt} end)`,
    })
    .from(certifications)
    .where(gt(certifications.expiresAt, now))
    .get();
  const windows = db
    .selectDistinct({ days: certificationPrograms.renewalWindowDays })
    .from(certificationPrograms)
    .all()
    .map((w) => w.days);
  // An expiry D days ahead is crossed when `now` reaches expiry − D: the first expiry after
  // now + D, for each horizon and renewal window (an index seek each).
  const crossings = [0, 30, 60, 90, ...windows].map((days) => {
    const first = db
      .select({ at: sql<number | null>`min(${certifications.expiresAt})` })
      .from(certifications)
      .where(gt(certifications.expiresAt, addDays(now, days)))
      .get()?.at;
    return first == null ? Infinity : first - days * DAY_MS;
  });
  return {
    value: {
      active: row?.active ?? 0,
      expiring: [
        { days: 30, count: row?.in30 ?? 0 },
        { days: 60, count: row?.in60 ?? 0 },
        { days: 90, count: row?.in90 ?? 0 },
      ],
      renewals: renewalCounts(db, now, false),
    },
    until: Math.min(row?.nextIssue ?? Infinity, row?.nextRevocation ?? Infinity, ...crossings),
  };
}

interface CertificationFigures {
  active: number;
  expiring: { days: number; count: number }[];
  renewals: ReturnType<typeof renewalCounts>;
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

type Listed = { a: SliceAssignment; territory: string; technology: string };

/**
 * The first lapsed assignments (by territory, then technology) and those in grace (ending
 * first), as `listAssignmentsIn` lists them, picked from the slice's spans.
 */
function needingAttention(slice: CoverageSlice, now: Date) {
  const territoryName = new Map(slice.territories.map((t) => [t.id, t.name]));
  const technologyName = new Map(slice.technologies.map((t) => [t.id, t.name]));
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
  return { lapsed: lapsed.sort(byName).slice(0, LISTED), inGrace: inGrace.sort(byGraceEnd).slice(0, LISTED) };
}

/** The listed assignments with their people (read now: only the few listed). */
function named(db: Database, attention: ReturnType<typeof needingAttention>, now: Date) {
  const ids = [...attention.lapsed, ...attention.inGrace].map((l) => l.a.id);
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
    lapsed: attention.lapsed.map(row),
    inGrace: attention.inGrace.map((l) => ({ ...row(l), graceDaysLeft: graceDaysLeft(l.a, now) })),
  };
}
