/** The data behind each role's landing page. Small, indexed queries; rules from app/domain. */
import { and, asc, count, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  attainments,
  businessUnits,
  certificationPrograms,
  certifications,
  competencies,
  programRequirements,
  PROGRAM_LEVELS,
  technologies,
  userRoles,
  users,
} from "#db/schema";
import { programProgress, type ProgramRules } from "~/domain/certification";
import { pathToEligibility } from "~/domain/path";
import { addDays } from "~/domain/time";
import { countAssignments, listLapsedAssignments } from "./assignments.server";
import { teachingModules } from "./learning.server";

function allProgramRules(db: Database): ProgramRules[] {
  const programs = db.select().from(certificationPrograms).all();
  const requirements = db.select().from(programRequirements).all();
  return programs.map((p) => ({
    id: p.id,
    technologyId: p.technologyId,
    level: p.level,
    validityMonths: p.validityMonths,
    requirementIds: requirements.filter((r) => r.programId === p.id).map((r) => r.competencyId),
  }));
}

/** Learner: per technology, each program's progress and certification status. */
export function getLearnerOverview(db: Database, userId: number, now: Date) {
  const techs = db
    .select({
      id: technologies.id,
      slug: technologies.slug,
      name: technologies.name,
      businessUnit: businessUnits.name,
    })
    .from(technologies)
    .innerJoin(businessUnits, eq(businessUnits.id, technologies.businessUnitId))
    .orderBy(asc(businessUnits.name), asc(technologies.name))
    .all();
  const programs = allProgramRules(db);
  const competencyNames = new Map(
    db.select({ id: competencies.id, name: competencies.name, kind: competencies.kind }).from(competencies).all().map((c) => [c.id, c]),
  );
  const held = db
    .select({ competencyId: attainments.competencyId, attainedAt: attainments.attainedAt, expiresAt: attainments.expiresAt })
    .from(attainments)
    .where(eq(attainments.userId, userId))
    .all();
  const certs = db
    .select({
      programId: certifications.programId,
      credentialId: certifications.credentialId,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
    })
    .from(certifications)
    .where(eq(certifications.userId, userId))
    .all();

  const catalog = teachingModules(db, techs.map((t) => t.id));
  return techs.map((tech) => {
    const ofTech = programs
      .filter((p) => p.technologyId === tech.id)
      .sort((a, b) => PROGRAM_LEVELS.indexOf(a.level) - PROGRAM_LEVELS.indexOf(b.level));
    return {
      ...tech,
      programs: ofTech.map((program) => {
        const progress = programProgress(program, ofTech, held, certs.filter((c) => c.programId === program.id), now);
        const missing = progress.requirements.filter((r) => r.state !== "held").map((r) => r.competencyId);
        const path = pathToEligibility(missing, catalog.filter((m) => m.technologyId === tech.id));
        return {
          ...progress,
          path: {
            modules: path.modules.map((m) => ({ slug: m.slug, title: m.title, minutes: m.minutes })),
            totalMinutes: path.totalMinutes,
            untaught: path.untaught.map((id) => ({
              name: competencyNames.get(id)?.name ?? "Unknown competency",
              attested: competencyNames.get(id)?.kind === "field",
            })),
          },
          requirements: progress.requirements.map((r) => ({
            ...r,
            name: competencyNames.get(r.competencyId)?.name ?? "Unknown competency",
            kind: competencyNames.get(r.competencyId)?.kind ?? "product",
          })),
        };
      }),
    };
  });
}

/** Which competencies the published catalog teaches, and with how many modules. */
export function getCatalogCoverage(db: Database) {
  return db
    .select({
      technology: technologies.name,
      competency: competencies.name,
      kind: competencies.kind,
      modulesTeaching: sql<number>`(
        select count(distinct m.id) from modules m
        join module_version_competencies mvc on mvc.module_version_id = m.published_version_id
        where mvc.competency_id = "competencies"."id" and m.archived_at is null
      )`,
    })
    .from(competencies)
    .innerJoin(technologies, eq(technologies.id, competencies.technologyId))
    .orderBy(asc(technologies.name), asc(competencies.id))
    .all();
}

/** Admin: headline counts and what needs attention. */
export function getAdminOverview(db: Database, now: Date) {
  const people =
    db
      .select({ n: count() })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
      .where(isNull(users.disabledAt))
      .get()?.n ?? 0;
  const activeWhere = and(
    isNull(certifications.revokedAt),
    lte(certifications.issuedAt, now),
    gt(certifications.expiresAt, now),
  );
  const activeCertifications = db.select({ n: count() }).from(certifications).where(activeWhere).get()?.n ?? 0;
  const in30 = addDays(now, 30);
  const expiringSoon = db
    .select({
      credentialId: certifications.credentialId,
      person: users.name,
      program: certificationPrograms.name,
      expiresAt: certifications.expiresAt,
    })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(and(activeWhere, lte(certifications.expiresAt, in30)))
    .orderBy(asc(certifications.expiresAt))
    .limit(8)
    .all();
  const expiringCount =
    db
      .select({ n: count() })
      .from(certifications)
      .where(and(activeWhere, lte(certifications.expiresAt, in30)))
      .get()?.n ?? 0;
  return {
    people,
    activeCertifications,
    assignments: countAssignments(db, now),
    lapsed: listLapsedAssignments(db, now, 8),
    expiringCount,
    expiringSoon,
  };
}
