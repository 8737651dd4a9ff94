/** The learner's landing page and the catalog's teaching coverage; the admin's is admin-overview.server.ts. */
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  attainments,
  businessUnits,
  certificationPrograms,
  certifications,
  competencies,
  enrollments,
  modules,
  PROGRAM_LEVELS,
  technologies,
} from "#db/schema";
import {
  currentCertification,
  effectiveRequirements,
  programProgress,
  type AttainmentFact,
  type CertificationFact,
} from "~/domain/certification";
import { inRenewalWindow, renewalCompetencies } from "~/domain/lifecycle";
import { pathToEligibility } from "~/domain/path";
import { listBlocksOf } from "./certification-blocks.server";
import { loadProgramRules, type ProgramWithLifecycle } from "./certifications.server";
import { teachingModules } from "./learning.server";

type TeachingModuleRow = ReturnType<typeof teachingModules>[number];

/**
 * Learner: per technology, each program's progress, certification status and path.
 * Only the technologies the learner is engaged in (attainments, certifications, modules
 * started) are worked out in full; the others are listed for discovery. Cost follows the
 * learner's own records, not the size of the catalog.
 */
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
  const held = db
    .select({
      competencyId: attainments.competencyId,
      attainedAt: attainments.attainedAt,
      expiresAt: attainments.expiresAt,
      technologyId: competencies.technologyId,
    })
    .from(attainments)
    .innerJoin(competencies, eq(competencies.id, attainments.competencyId))
    .where(eq(attainments.userId, userId))
    .all();
  const certs = db
    .select({
      programId: certifications.programId,
      technologyId: certificationPrograms.technologyId,
      credentialId: certifications.credentialId,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(eq(certifications.userId, userId))
    .all();
  const started = db
    .selectDistinct({ technologyId: modules.technologyId })
    .from(enrollments)
    .innerJoin(modules, eq(modules.id, enrollments.moduleId))
    .where(eq(enrollments.userId, userId))
    .all();
  const engaged = [
    ...new Set([
      ...held.map((h) => h.technologyId),
      ...certs.map((c) => c.technologyId),
      ...started.map((s) => s.technologyId),
    ]),
  ];
  const programs = loadProgramRules(db, engaged);
  const competencyNames = new Map(
    engaged.length === 0
      ? []
      : db
          .select({
            id: competencies.id,
            name: competencies.name,
            kind: competencies.kind,
            validityMonths: competencies.validityMonths,
          })
          .from(competencies)
          .where(inArray(competencies.technologyId, engaged))
          .all()
          .map((c) => [c.id, c]),
  );
  const catalog = teachingModules(db, engaged);
  const blocks = listBlocksOf(db, userId).filter((b) => b.liftedAt === null);
  return techs.map((tech) => {
    if (!engaged.includes(tech.id)) return { ...tech, engaged: false, programs: [] };
    const ofTech = programs
      .filter((p) => p.technologyId === tech.id)
      .sort((a, b) => PROGRAM_LEVELS.indexOf(a.level) - PROGRAM_LEVELS.indexOf(b.level));
    return {
      ...tech,
      engaged: true,
      programs: ofTech.map((program) => {
        const progress = programProgress(
          program,
          ofTech,
          held,
          certs.filter((c) => c.programId === program.id),
          now,
        );
        // Rule 12: a revocation block (on this program, or on the specialist program a lead
        // program includes) replaces the path: no module leads to the certification now.
        const block =
          blocks.find((b) => b.programId === program.id) ??
          (program.level === "lead"
            ? blocks.find((b) => b.technologyId === tech.id && b.level === "specialist")
            : undefined);
        const missing = progress.requirements.filter((r) => r.state !== "held").map((r) => r.competencyId);
        const path = pathToEligibility(
          block ? [] : missing,
          catalog.filter((m) => m.technologyId === tech.id),
        );
        return {
          ...progress,
          blocked: block ? { program: block.program, since: block.createdAt, reason: block.reason } : null,
          renewal: renewalOf(
            program,
            ofTech,
            certs.filter((c) => c.programId === program.id),
            held,
            now,
            (id) => competencyNames.get(id),
            catalog.filter((m) => m.technologyId === tech.id),
          ),
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

/**
 * Rule 13 for the holder: when the certification that counts is in its renewal window, the
 * competencies to renew and the smallest set of modules teaching them (Rule 9). An empty
 * path means renewing needs no module ("Renew now").
 */
function renewalOf(
  program: ProgramWithLifecycle,
  ofTech: readonly ProgramWithLifecycle[],
  certs: readonly CertificationFact[],
  held: readonly AttainmentFact[],
  now: Date,
  competency: (id: number) => { name: string; kind: string; validityMonths: number } | undefined,
  catalog: readonly TeachingModuleRow[],
) {
  const current = currentCertification(certs, now);
  if (!current || !inRenewalWindow(current, program.renewalWindowDays, now)) return null;
  const toRenew = renewalCompetencies(
    program.validityMonths,
    effectiveRequirements(program, ofTech).map((competencyId) => ({
      competencyId,
      validityMonths: competency(competencyId)?.validityMonths ?? 0,
    })),
    held,
    now,
  );
  const path = pathToEligibility(toRenew, catalog);
  return {
    expiresAt: current.expiresAt,
    competencies: toRenew.map((id) => competency(id)?.name ?? "Unknown competency"),
    modules: path.modules.map((m) => ({ slug: m.slug, title: m.title, minutes: m.minutes })),
    totalMinutes: path.totalMinutes,
    untaught: path.untaught.map((id) => ({
      name: competency(id)?.name ?? "Unknown competency",
      attested: competency(id)?.kind === "field",
    })),
  };
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
