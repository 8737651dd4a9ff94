/**
 * One territory × technology cell in detail: who covers it, until when, who could take a
 * seat and why others can't, and which partners are its growth targets.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  certificationBlocks,
  certificationPrograms,
  competencies,
  partners,
  partnerTechnologyMix,
  specialistAssignments,
  technologies,
  territories,
  userRoles,
  users,
} from "#db/schema";
import { seatEligibility } from "~/domain/certification";
import { assignmentState, classifyCell, graceDaysLeft } from "~/domain/coverage";
import { pathToEligibility } from "~/domain/path";
import { loadProgramRules } from "./certifications.server";
import { attainmentsOf, technologyCertificationsOf } from "./holdings.server";
import { teachingModules } from "./learning.server";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";

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
