/**
 * Certifications and programs for the API (issue #14). Status is computed at read time by
 * the domain (`certificationStatus`), with the program's grace period after expiry.
 */
import { and, asc, eq, gt, gte, inArray, or, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  certificationPrograms,
  certifications,
  competencies,
  programRequirements,
  technologies,
  users,
} from "#db/schema";
import { certificationStatus, effectiveRequirements, type CertificationFact } from "~/domain/certification";
import { addDays } from "~/domain/time";
import { normalizeEmail } from "./users.server";

export type ApiCertificationStatus =
  "active" | "expiring" | "in-grace" | "expired" | "revoked" | "not-yet-valid";

/** The API's status words: the domain's status, with "expiring" and "in-grace" spelled out. */
export function apiCertificationStatus(cert: CertificationFact, graceDays: number, now: Date) {
  const s = certificationStatus(cert, now);
  const graceEnds = addDays(cert.expiresAt, graceDays);
  if (s.status === "active")
    return {
      status: s.expiringSoon ? "expiring" : "active",
      daysLeft: s.daysLeft,
      graceEndsAt: null,
    } as const;
  if (s.status === "expired" && graceEnds.getTime() > now.getTime())
    return { status: "in-grace", daysLeft: null, graceEndsAt: graceEnds } as const;
  return { status: s.status, daysLeft: null, graceEndsAt: null } as const;
}

export interface CertificationsPage {
  after: number;
  limit: number;
  updatedSince?: Date;
  personId?: number;
  email?: string;
  programId?: number;
  technologyId?: number;
}

export function listCertificationsForApi(db: Database, q: CertificationsPage, now: Date) {
  const since = q.updatedSince?.getTime();
  const rows = db
    .select({
      id: certifications.id,
      credentialId: certifications.credentialId,
      personId: certifications.userId,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
      programId: certificationPrograms.id,
      programName: certificationPrograms.name,
      level: certificationPrograms.level,
      graceDays: certificationPrograms.graceDays,
      technologyId: technologies.id,
      technologyName: technologies.name,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .where(
      and(
        gt(certifications.id, q.after),
        since === undefined
          ? undefined
          : or(gte(certifications.issuedAt, new Date(since)), gte(certifications.revokedAt, new Date(since))),
        q.personId ? eq(certifications.userId, q.personId) : undefined,
        q.email
          ? eq(
              certifications.userId,
              sql`(select ${users.id} from ${users} where ${users.email} = ${normalizeEmail(q.email)})`,
            )
          : undefined,
        q.programId ? eq(certifications.programId, q.programId) : undefined,
        q.technologyId ? eq(certificationPrograms.technologyId, q.technologyId) : undefined,
      ),
    )
    .orderBy(asc(certifications.id))
    .limit(q.limit + 1)
    .all();
  return rows.map((r) => {
    const s = apiCertificationStatus(r, r.graceDays, now);
    const updated = r.revokedAt && r.revokedAt > r.issuedAt ? r.revokedAt : r.issuedAt;
    return {
      id: r.id,
      credentialId: r.credentialId,
      personId: r.personId,
      program: {
        id: r.programId,
        name: r.programName,
        level: r.level,
        technology: { id: r.technologyId, name: r.technologyName },
      },
      issuedAt: r.issuedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      status: s.status,
      daysLeft: s.daysLeft,
      graceEndsAt: s.graceEndsAt?.toISOString() ?? null,
      updatedAt: updated.toISOString(),
    };
  });
}

/** Every program with its effective requirements (a lead program's include its specialist's). */
export function listProgramsForApi(db: Database) {
  const programs = db
    .select({
      id: certificationPrograms.id,
      name: certificationPrograms.name,
      level: certificationPrograms.level,
      technologyId: technologies.id,
      technologyName: technologies.name,
      technologySlug: technologies.slug,
      validityMonths: certificationPrograms.validityMonths,
      renewalWindowDays: certificationPrograms.renewalWindowDays,
      graceDays: certificationPrograms.graceDays,
    })
    .from(certificationPrograms)
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .orderBy(asc(technologies.name), asc(certificationPrograms.level))
    .all();
  const ids = programs.map((p) => p.id);
  const requirements =
    ids.length === 0
      ? []
      : db
          .select({
            programId: programRequirements.programId,
            competencyId: programRequirements.competencyId,
          })
          .from(programRequirements)
          .where(inArray(programRequirements.programId, ids))
          .all();
  const comps = new Map(
    db
      .select({ id: competencies.id, name: competencies.name, kind: competencies.kind })
      .from(competencies)
      .all()
      .map((c) => [c.id, c]),
  );
  const rules = programs.map((p) => ({
    id: p.id,
    technologyId: p.technologyId,
    level: p.level,
    validityMonths: p.validityMonths,
    requirementIds: requirements.filter((r) => r.programId === p.id).map((r) => r.competencyId),
  }));
  return programs.map((p, i) => {
    const own = new Set(rules[i]?.requirementIds ?? []);
    const rule = rules[i];
    const effective = rule ? effectiveRequirements(rule, rules) : [];
    return {
      id: p.id,
      name: p.name,
      level: p.level,
      technology: { id: p.technologyId, name: p.technologyName, slug: p.technologySlug },
      validityMonths: p.validityMonths,
      renewalWindowDays: p.renewalWindowDays,
      graceDays: p.graceDays,
      requirements: effective.map((competencyId) => ({
        competencyId,
        name: comps.get(competencyId)?.name ?? "",
        kind: comps.get(competencyId)?.kind ?? "",
        inherited: !own.has(competencyId),
      })),
    };
  });
}
