/**
 * What a group of people hold in one technology: their certifications (any status: callers
 * judge them with the domain's rules for their `now`) and their attainments of given
 * competencies. Shared by the coverage cell, the bench and nominations.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import { attainments, certificationPrograms, certifications } from "#db/schema";

export function technologyCertificationsOf(
  db: Database | Transaction,
  userIds: readonly number[],
  technologyId: number,
) {
  if (userIds.length === 0) return [];
  return db
    .select({
      userId: certifications.userId,
      level: certificationPrograms.level,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(
      and(inArray(certifications.userId, [...userIds]), eq(certificationPrograms.technologyId, technologyId)),
    )
    .all();
}

export function attainmentsOf(
  db: Database | Transaction,
  userIds: readonly number[],
  competencyIds: readonly number[],
) {
  if (userIds.length === 0 || competencyIds.length === 0) return [];
  return db
    .select({
      userId: attainments.userId,
      competencyId: attainments.competencyId,
      attainedAt: attainments.attainedAt,
      expiresAt: attainments.expiresAt,
    })
    .from(attainments)
    .where(
      and(inArray(attainments.userId, [...userIds]), inArray(attainments.competencyId, [...competencyIds])),
    )
    .all();
}
