/**
 * Learning plans, read (DESIGN.md Rule 16). A plan row is intent and dates; each read works
 * out progress, standing and completion from the people's attainments and certifications at
 * `now` through app/domain/plans, with the path to eligibility (Rule 9) from today's catalog.
 * Every read gathers its facts in a few indexed queries for the whole set of plans.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database, Transaction } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  certifications,
  learningPlans,
  technologies,
  territories,
  users,
} from "#db/schema";
import { effectiveRequirements } from "~/domain/certification";
import { planCompletion, planProgress, planStanding, type PlanState } from "~/domain/plans";
import { loadProgramRules } from "./certifications.server";
import { teachingModules } from "./learning.server";
import { listPlanTemplates } from "./plan-templates.server";

const nominator = alias(users, "nominator");

/** The plan rows, with the names a page shows. */
export function planRows(db: Database | Transaction, where: SQL | undefined, limit = 500) {
  return db
    .select({
      id: learningPlans.id,
      userId: learningPlans.userId,
      person: users.name,
      email: users.email,
      programId: learningPlans.programId,
      program: certificationPrograms.name,
      level: certificationPrograms.level,
      technologyId: certificationPrograms.technologyId,
      technology: technologies.name,
      targetTerritoryId: learningPlans.targetTerritoryId,
      territory: territories.name,
      dueOn: learningPlans.dueOn,
      note: learningPlans.note,
      createdAt: learningPlans.createdAt,
      nominatedById: learningPlans.nominatedById,
      nominatedBy: nominator.name,
      cancelledAt: learningPlans.cancelledAt,
      cancelReason: learningPlans.cancelReason,
      outcome: learningPlans.outcome,
      outcomeAt: learningPlans.outcomeAt,
      assignmentId: learningPlans.assignmentId,
    })
    .from(learningPlans)
    .innerJoin(users, eq(users.id, learningPlans.userId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, learningPlans.programId))
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .leftJoin(territories, eq(territories.id, learningPlans.targetTerritoryId))
    .leftJoin(nominator, eq(nominator.id, learningPlans.nominatedById))
    .where(where)
    .orderBy(asc(learningPlans.dueOn), asc(users.name), asc(learningPlans.id))
    .limit(limit)
    .all();
}

type PlanRow = ReturnType<typeof planRows>[number];

/** Progress, standing and the remaining modules of each plan, from the facts at `now`. */
export function evaluatePlans(db: Database | Transaction, rows: readonly PlanRow[], now: Date) {
  if (rows.length === 0) return [];
  const techIds = [...new Set(rows.map((r) => r.technologyId))];
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const programs = loadProgramRules(db, techIds);
  const catalog = teachingModules(db, techIds);
  const held = db
    .select({
      userId: attainments.userId,
      competencyId: attainments.competencyId,
      attainedAt: attainments.attainedAt,
      expiresAt: attainments.expiresAt,
    })
    .from(attainments)
    .where(inArray(attainments.userId, userIds))
    .all();
  const certs = db
    .select({
      userId: certifications.userId,
      technologyId: certificationPrograms.technologyId,
      level: certificationPrograms.level,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(and(inArray(certifications.userId, userIds), inArray(certificationPrograms.technologyId, techIds)))
    .all();
  return rows.map((plan) => {
    const program = programs.find((p) => p.id === plan.programId);
    const ofTech = programs.filter((p) => p.technologyId === plan.technologyId);
    const requirementIds = program ? effectiveRequirements(program, ofTech) : [];
    const progress = planProgress(
      requirementIds,
      held.filter((h) => h.userId === plan.userId),
      catalog.filter((m) => m.technologyId === plan.technologyId),
      plan.createdAt,
      now,
    );
    const completedAt = planCompletion(
      plan,
      certs.filter((c) => c.userId === plan.userId && c.technologyId === plan.technologyId),
      now,
    );
    const standing = planStanding(plan, completedAt, progress.minutes.remaining, now);
    return {
      ...plan,
      competencies: progress.competencies,
      minutes: progress.minutes,
      modules: progress.path.modules.map((m) => ({ slug: m.slug, title: m.title, minutes: m.minutes })),
      standing,
    };
  });
}

export type EvaluatedPlan = ReturnType<typeof evaluatePlans>[number];

/** The learner's own plans that are not cancelled, soonest due first (ownership in the query). */
export function plansOfLearner(db: Database, userId: number, now: Date) {
  const rows = planRows(db, and(eq(learningPlans.userId, userId), isNull(learningPlans.cancelledAt)), 20);
  // Open plans first, then the ones an admin already closed.
  return evaluatePlans(db, rows, now).sort((a, b) => Number(a.outcome !== null) - Number(b.outcome !== null));
}

/** Every plan of a person, for their record. */
export function plansOfPerson(db: Database, userId: number, now: Date) {
  return evaluatePlans(db, planRows(db, eq(learningPlans.userId, userId), 50), now);
}

/** Open plans whose target seat is this cell: who is in training for it, and when due. */
export function plansForCell(db: Database, territoryId: number, technologyId: number, now: Date) {
  const rows = planRows(
    db,
    and(
      eq(learningPlans.targetTerritoryId, territoryId),
      eq(certificationPrograms.technologyId, technologyId),
      isNull(learningPlans.cancelledAt),
      isNull(learningPlans.outcome),
    ),
    100,
  );
  return evaluatePlans(db, rows, now);
}

export function getPlan(db: Database | Transaction, planId: number, now: Date) {
  return evaluatePlans(db, planRows(db, eq(learningPlans.id, planId), 1), now)[0];
}

export interface PlanFilters {
  programId?: number;
  territoryId?: number;
  state?: PlanState;
}

/** The rows the admin's plans view reads at most; filters narrow it by index first. */
export const PLANS_VIEW_LIMIT = 500;

/**
 * The admin's plans view: the plans of a program and/or territory with their standing, and
 * the counts per state by program and by territory. Cancelled plans only when asked for.
 */
export function listPlans(db: Database, filters: PlanFilters, now: Date) {
  const rows = planRows(
    db,
    and(
      filters.programId ? eq(learningPlans.programId, filters.programId) : undefined,
      filters.territoryId ? eq(learningPlans.targetTerritoryId, filters.territoryId) : undefined,
      filters.state === "cancelled"
        ? sql`${learningPlans.cancelledAt} is not null`
        : isNull(learningPlans.cancelledAt),
    ),
    PLANS_VIEW_LIMIT,
  );
  const plans = evaluatePlans(db, rows, now);
  const tally = (key: (p: EvaluatedPlan) => string) => {
    const groups = new Map<string, Record<PlanState, number>>();
    for (const p of plans) {
      const counts = groups.get(key(p)) ?? {
        "on-track": 0,
        "at-risk": 0,
        overdue: 0,
        completed: 0,
        cancelled: 0,
      };
      counts[p.standing.state] += 1;
      groups.set(key(p), counts);
    }
    return [...groups.entries()]
      .map(([name, counts]) => ({ name, counts }))
      .sort((a, b) => a.name.localeCompare(b.name));
  };
  return {
    plans: filters.state ? plans.filter((p) => p.standing.state === filters.state) : plans,
    truncated: rows.length === PLANS_VIEW_LIMIT,
    byProgram: tally((p) => p.program),
    byTerritory: tally((p) => p.territory ?? "No target seat"),
  };
}

/** Programs and territories for the filters and the nominate form. */
export function planFacets(db: Database) {
  return {
    programs: db
      .select({
        id: certificationPrograms.id,
        name: certificationPrograms.name,
        technologyId: certificationPrograms.technologyId,
        level: certificationPrograms.level,
      })
      .from(certificationPrograms)
      .orderBy(asc(certificationPrograms.name))
      .all(),
    territories: db
      .select({ id: territories.id, name: territories.name })
      .from(territories)
      .orderBy(asc(territories.name))
      .all(),
  };
}

/**
 * What the coverage cell shows about plans, in one call: who is in training for its seats
 * (open plans targeting it) and what the nominate control offers (the technology's
 * programs and their templates).
 */
export function cellPlans(db: Database, territoryId: number, technologyId: number, now: Date) {
  const inTraining = plansForCell(db, territoryId, technologyId, now).map(summary);
  const programs = db
    .select({ id: certificationPrograms.id, name: certificationPrograms.name })
    .from(certificationPrograms)
    .where(eq(certificationPrograms.technologyId, technologyId))
    .orderBy(desc(certificationPrograms.level))
    .all();
  return {
    inTraining,
    programs,
    templates: listPlanTemplates(db).filter((t) => programs.some((p) => p.id === t.programId)),
  };
}

/** A person's plans for their record, and what the nominate control offers. */
export function personPlans(db: Database, userId: number, now: Date) {
  const facets = planFacets(db);
  return {
    plans: plansOfPerson(db, userId, now).map(summary),
    programs: facets.programs,
    territories: facets.territories.map((t) => ({ value: t.id, label: t.name })),
    templates: listPlanTemplates(db),
  };
}

/** What a list of plans shows (no email, no ids of the nominating admin). */
function summary(p: EvaluatedPlan) {
  return {
    id: p.id,
    person: p.person,
    program: p.program,
    territory: p.territory,
    dueOn: p.dueOn,
    competencies: p.competencies,
    minutes: p.minutes,
    standing: p.standing,
    outcome: p.outcome,
  };
}

/** The learner's dashboard: their plans with the modules still to take. */
export function learnerPlans(db: Database, userId: number, now: Date) {
  return plansOfLearner(db, userId, now).map((p) => ({
    ...summary(p),
    level: p.level,
    technology: p.technology,
    note: p.note,
    modules: p.modules,
  }));
}
