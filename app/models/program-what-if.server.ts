/**
 * What-if of a program change (DESIGN.md Rules 5 and 17): before an admin saves new
 * requirements or validity, what the change would do — the current holders who would not
 * meet the new requirements at renewal, the cells that would lapse because of it and when,
 * the training minutes to close the gap (sum of paths, Rule 9) and the territories hit
 * most. Saving applies Rule 5 (nothing is revoked) and records these figures in the audit row.
 */
import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  certifications,
  competencies,
  specialistAssignments,
  technologies,
  territories,
  users,
} from "#db/schema";
import { effectiveRequirements } from "~/domain/certification";
import { pathToEligibility } from "~/domain/path";
import { cellImpacts, missingAtRenewal, mostAffectedTerritories, type WhatIfCell } from "~/domain/planning";
import { invalid, notFound } from "~/utils/refusal";
import { loadProgramRules } from "./certifications.server";
import { teachingModules } from "./learning.server";
import { updateProgram } from "./programs.server";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";

export interface ProgramChange {
  validityMonths: number;
  requirementIds: number[];
}

const LISTED = 10;

export function previewProgramChange(db: Database, programId: number, change: ProgramChange, now: Date) {
  const program = db
    .select()
    .from(certificationPrograms)
    .where(eq(certificationPrograms.id, programId))
    .get();
  if (!program) throw notFound("No such program.");
  const technologyId = program.technologyId;
  const allowed = new Set(
    db
      .select({ id: competencies.id })
      .from(competencies)
      .where(eq(competencies.technologyId, technologyId))
      .all()
      .map((c) => c.id),
  );
  if (change.requirementIds.some((id) => !allowed.has(id)))
    throw invalid("A requirement belongs to another technology.", { field: "competencyIds" });
  const rules = loadProgramRules(db, [technologyId]);
  const changed = rules.map((r) =>
    r.id === programId ? { ...r, requirementIds: change.requirementIds } : r,
  );
  // Rule 4: a change to the specialist program reaches the lead program's holders too.
  const reached = changed.filter(
    (r) => r.id === programId || (program.level === "specialist" && r.level === "lead"),
  );
  const required = new Map(reached.map((r) => [r.id, effectiveRequirements(r, changed)]));
  const before = new Map(
    rules.filter((r) => required.has(r.id)).map((r) => [r.id, effectiveRequirements(r, rules)]),
  );
  // What the change adds per program: only those can make a holder fall short because of it.
  const added = new Map(
    reached.map((r) => [r.id, (required.get(r.id) ?? []).filter((id) => !before.get(r.id)?.includes(id))]),
  );
  const t = now.getTime();
  const active = and(
    inArray(
      certifications.programId,
      reached.map((r) => r.id),
    ),
    lte(certifications.issuedAt, now),
    gt(certifications.expiresAt, now),
    or(isNull(certifications.revokedAt), gt(certifications.revokedAt, now)),
  );
  const holders = db
    .select({
      userId: certifications.userId,
      programId: certifications.programId,
      name: users.name,
      expiresAt: sql<number>`max(${certifications.expiresAt})`,
    })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .where(active)
    .groupBy(certifications.userId, certifications.programId)
    .all();
  const wanted = [...new Set([...added.values()].flat())];
  const held = new Map<number, number[]>();
  if (holders.length > 0 && wanted.length > 0)
    for (const a of db
      .select({ userId: attainments.userId, competencyId: attainments.competencyId })
      .from(attainments)
      .where(
        and(
          inArray(
            attainments.userId,
            db.select({ id: certifications.userId }).from(certifications).where(active),
          ),
          inArray(attainments.competencyId, wanted),
          lte(attainments.attainedAt, now),
          gt(attainments.expiresAt, now),
        ),
      )
      .all())
      held.set(a.userId, [...(held.get(a.userId) ?? []), a.competencyId]);
  const catalog = teachingModules(db, [technologyId]);
  const paths = new Map<string, number>();
  const byPerson = new Map<
    number,
    { userId: number; name: string; expiresAt: number; missing: Set<number> }
  >();
  for (const h of holders) {
    const missing = missingAtRenewal(
      { userId: h.userId, heldCompetencyIds: held.get(h.userId) ?? [] },
      added.get(h.programId) ?? [],
    );
    if (missing.length === 0) continue;
    const entry = byPerson.get(h.userId) ?? { ...h, missing: new Set<number>() };
    for (const id of missing) entry.missing.add(id);
    entry.expiresAt = Math.min(entry.expiresAt, h.expiresAt);
    byPerson.set(h.userId, entry);
  }
  const names = new Map(
    db
      .select({ id: competencies.id, name: competencies.name })
      .from(competencies)
      .where(eq(competencies.technologyId, technologyId))
      .all()
      .map((c) => [c.id, c.name]),
  );
  const affected = [...byPerson.values()]
    .map((p) => {
      const missing = [...p.missing].sort((a, b) => a - b);
      const key = missing.join(",");
      const minutes = paths.get(key) ?? pathToEligibility(missing, catalog).totalMinutes;
      paths.set(key, minutes);
      return {
        userId: p.userId,
        name: p.name,
        expiresAt: new Date(p.expiresAt),
        missing: missing.map((id) => names.get(id) ?? "?"),
        minutes,
      };
    })
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.name.localeCompare(b.name));
  const affectedIds = new Set(affected.map((a) => a.userId));

  const tech = db
    .select({ specialists: technologies.targetSpecialists, leads: technologies.targetLeads })
    .from(technologies)
    .where(eq(technologies.id, technologyId))
    .get() ?? { specialists: 1, leads: 0 };
  const span = assignmentSpanSql(now);
  const cells = new Map<number, WhatIfCell & { assignments: WhatIfCell["assignments"][number][] }>();
  if (affectedIds.size > 0)
    for (const a of db
      .select({
        userId: specialistAssignments.userId,
        territoryId: specialistAssignments.territoryId,
        role: specialistAssignments.role,
        validUntil: span.validUntil,
        lapsesAt: span.lapsesAt,
      })
      .from(specialistAssignments)
      .where(and(eq(specialistAssignments.technologyId, technologyId), isNull(specialistAssignments.endedAt)))
      .all()) {
      const cell = cells.get(a.territoryId) ?? {
        territoryId: a.territoryId,
        technologyId,
        targets: tech,
        assignments: [],
      };
      const lapsesAt = toSpan(a).lapsesAt?.getTime() ?? 0;
      // A lead seat needs the lead program: only a reached program's change affects it.
      const seatReached =
        a.role === "lead" ? reached.some((r) => r.level === "lead") : program.level === "specialist";
      cell.assignments.push({ role: a.role, lapsesAt, affected: seatReached && affectedIds.has(a.userId) });
      cells.set(a.territoryId, cell);
    }
  const impacts = cellImpacts([...cells.values()], now);
  const territoryNames = new Map(
    impacts.length === 0
      ? []
      : db
          .select({ id: territories.id, name: territories.name })
          .from(territories)
          .where(inArray(territories.id, [...new Set(impacts.map((i) => i.territoryId))]))
          .all()
          .map((r) => [r.id, r.name]),
  );
  const oldIds = before.get(programId) ?? [];
  const newIds = required.get(programId) ?? [];
  return {
    programId,
    program: program.name,
    requirementIds: [...change.requirementIds].sort((a, b) => a - b),
    validityMonths: { from: program.validityMonths, to: change.validityMonths },
    added: newIds.filter((id) => !oldIds.includes(id)).map((id) => names.get(id) ?? "?"),
    removed: oldIds.filter((id) => !newIds.includes(id)).map((id) => names.get(id) ?? "?"),
    holders: new Set(holders.map((h) => h.userId)).size,
    affectedCount: affected.length,
    affected: affected.slice(0, LISTED),
    trainingMinutes: affected.reduce((sum, a) => sum + a.minutes, 0),
    cellCount: impacts.length,
    cells: impacts
      .slice(0, LISTED)
      .map((i) => ({ territory: territoryNames.get(i.territoryId) ?? "?", lapsesAt: i.lapsesAt })),
    territories: mostAffectedTerritories(impacts).map((x) => ({
      name: territoryNames.get(x.territoryId) ?? "?",
      cells: x.cells,
    })),
    computedAt: new Date(t),
  };
}

export type ProgramChangePreview = ReturnType<typeof previewProgramChange>;

/** The figures an audit row keeps of a preview (no names of people: counts and places). */
export function previewFigures(preview: ProgramChangePreview) {
  return {
    holders: preview.holders,
    holdersAffected: preview.affectedCount,
    trainingMinutes: preview.trainingMinutes,
    cellsLapsing: preview.cellCount,
    firstLapse: preview.cells[0]?.lapsesAt.toISOString() ?? null,
    mostAffectedTerritories: preview.territories,
    added: preview.added,
    removed: preview.removed,
  };
}

/**
 * Saves the change (Rule 5: no certification is revoked; holders renew against the new
 * requirements) with the preview's figures, computed from the same state, in the audit row.
 */
export function saveProgramChange(
  db: Database,
  programId: number,
  change: ProgramChange,
  actorId: number,
  now: Date,
) {
  const preview = previewProgramChange(db, programId, change, now);
  updateProgram(db, programId, change, actorId, now, { whatIf: previewFigures(preview) });
  return preview;
}
