/**
 * Bench strength (DESIGN.md Rules 9 and 17): who besides a cell's holders could take its
 * seat today (an active certification for the technology, Rule 7), and the next people to
 * train — the partner managers of the territory with the smallest path to the specialist
 * seat. Computed at read time; nothing stored.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lte, notInArray, or, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  certificationBlocks,
  certificationPrograms,
  certifications,
  competencies,
  specialistAssignments,
  userRoles,
  users,
} from "#db/schema";
import { activeAttainments, effectiveRequirements } from "~/domain/certification";
import { pathToEligibility } from "~/domain/path";
import { benchOrder } from "~/domain/planning";
import { loadProgramRules } from "./certifications.server";
import { attainmentsOf } from "./holdings.server";
import { teachingModules } from "./learning.server";
import { peopleAtCap } from "./seat-caps.server";

/** Active (issued, unexpired, unrevoked) certifications at `now`, as a where clause. */
function activeAt(now: Date) {
  return and(
    lte(certifications.issuedAt, now),
    gt(certifications.expiresAt, now),
    or(isNull(certifications.revokedAt), gt(certifications.revokedAt, now)),
  );
}

/**
 * Per cell of the slice, the people of its territory who could be given its specialist seat
 * and do not hold a seat in it: certified for the technology (Rule 7) and below the
 * specialist seat cap (Rule 17). The heatmap's bench view. One query for the certified, one
 * for the assigned, one for the people at the cap.
 */
export function benchByCell(
  db: Database,
  territoryIds: readonly number[],
  technologyIds: readonly number[],
  now: Date,
): Record<string, number> {
  if (territoryIds.length === 0 || technologyIds.length === 0) return {};
  // From the territories' people (the covering territory index) to their certifications:
  // the cross join fixes that order, which never reads a person's row (decision 083).
  const certified = db
    .selectDistinct({
      territoryId: users.territoryId,
      technologyId: certificationPrograms.technologyId,
      userId: users.id,
    })
    .from(users)
    .crossJoin(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(
      and(
        eq(certifications.userId, users.id),
        inArray(users.territoryId, [...territoryIds]),
        notInArray(users.id, db.select({ id: users.id }).from(users).where(isNotNull(users.disabledAt))),
        activeAt(now),
        inArray(certificationPrograms.technologyId, [...technologyIds]),
      ),
    )
    .all();
  const assigned = new Set(
    db
      .select({
        key: sql<string>`${specialistAssignments.territoryId} || ':' || ${specialistAssignments.technologyId} || ':' || ${specialistAssignments.userId}`,
      })
      .from(specialistAssignments)
      .where(
        and(
          isNull(specialistAssignments.endedAt),
          inArray(specialistAssignments.territoryId, [...territoryIds]),
          inArray(specialistAssignments.technologyId, [...technologyIds]),
        ),
      )
      .all()
      .map((r) => r.key),
  );
  const full = peopleAtCap(db, "specialist");
  const bench: Record<string, number> = {};
  for (const c of certified) {
    const cell = `${c.territoryId}:${c.technologyId}`;
    if (!assigned.has(`${cell}:${c.userId}`) && !full.has(c.userId)) bench[cell] = (bench[cell] ?? 0) + 1;
  }
  return bench;
}

const SUGGESTIONS = 5;

/**
 * One cell's bench: the eligible backups (certified, not holding a seat in the cell, below
 * the specialist seat cap), the certified people the cap keeps out (Rule 17: they would
 * have to give up a seat first), and the next people to train for its specialist seat,
 * smallest path first (Rule 9), those at the cap last and marked. People blocked after a
 * revocation (Rule 12) are left out: no module leads back for them.
 */
export function getCellBench(db: Database, territoryId: number, technologyId: number, now: Date) {
  const people = db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
    .where(and(eq(users.territoryId, territoryId), isNull(users.disabledAt)))
    .all();
  const ids = people.map((p) => p.id);
  if (ids.length === 0) return { backups: [], atCap: [], suggestions: [] };
  const holders = new Set(
    db
      .select({ userId: specialistAssignments.userId })
      .from(specialistAssignments)
      .where(
        and(
          eq(specialistAssignments.territoryId, territoryId),
          eq(specialistAssignments.technologyId, technologyId),
          isNull(specialistAssignments.endedAt),
        ),
      )
      .all()
      .map((r) => r.userId),
  );
  const certified = new Map<number, Date>();
  for (const c of db
    .select({ userId: certifications.userId, expiresAt: certifications.expiresAt })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(
      and(
        inArray(certifications.userId, ids),
        eq(certificationPrograms.technologyId, technologyId),
        activeAt(now),
      ),
    )
    .all())
    if ((certified.get(c.userId)?.getTime() ?? 0) < c.expiresAt.getTime())
      certified.set(c.userId, c.expiresAt);
  const blocked = new Set(
    db
      .select({ userId: certificationBlocks.userId })
      .from(certificationBlocks)
      .innerJoin(certificationPrograms, eq(certificationPrograms.id, certificationBlocks.programId))
      .where(
        and(
          inArray(certificationBlocks.userId, ids),
          eq(certificationPrograms.technologyId, technologyId),
          eq(certificationPrograms.level, "specialist"),
          isNull(certificationBlocks.liftedAt),
        ),
      )
      .all()
      .map((r) => r.userId),
  );
  const programs = loadProgramRules(db, [technologyId]);
  const specialist = programs.find((p) => p.level === "specialist");
  const required = specialist ? effectiveRequirements(specialist, programs) : [];
  const names = new Map(
    db
      .select({ id: competencies.id, name: competencies.name })
      .from(competencies)
      .where(eq(competencies.technologyId, technologyId))
      .all()
      .map((c) => [c.id, c.name]),
  );
  const toTrain = people.filter((p) => !certified.has(p.id) && !holders.has(p.id) && !blocked.has(p.id));
  const held = new Map<number, { competencyId: number; attainedAt: Date; expiresAt: Date }[]>();
  for (const a of attainmentsOf(
    db,
    toTrain.map((p) => p.id),
    required,
  ))
    if (a.expiresAt > now) held.set(a.userId, [...(held.get(a.userId) ?? []), a]);
  const catalog = teachingModules(db, [technologyId]);
  const paths = new Map<string, ReturnType<typeof pathToEligibility<(typeof catalog)[number]>>>();
  const full = peopleAtCap(db, "specialist", ids);
  const candidates = toTrain.map((person) => {
    const active = activeAttainments(held.get(person.id) ?? [], now);
    const missing = required.filter((id) => !active.has(id));
    const key = missing.join(",");
    const path = paths.get(key) ?? pathToEligibility(missing, catalog);
    paths.set(key, path);
    return {
      id: person.id,
      atCap: full.has(person.id),
      name: person.name,
      totalMinutes: path.totalMinutes,
      untaught: path.untaught.length,
      missing: missing.map((id) => names.get(id) ?? "?"),
      modules: path.modules.map((m) => ({ slug: m.slug, title: m.title, minutes: m.minutes })),
    };
  });
  const certifiedOthers = people
    .filter((p) => certified.has(p.id) && !holders.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, validUntil: certified.get(p.id) ?? now, seats: full.get(p.id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    backups: certifiedOthers.filter((p) => !p.seats).map(({ seats: _seats, ...p }) => p),
    atCap: certifiedOthers.flatMap(({ seats, ...p }) => (seats ? [{ ...p, ...seats }] : [])),
    suggestions: benchOrder(candidates).slice(0, SUGGESTIONS),
  };
}
