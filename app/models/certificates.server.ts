/**
 * Reading certificates: the learner's own list and printable page, and public verification
 * by credential id. Status is computed for `now`; nothing here writes.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { certificationPrograms, certifications, technologies, users } from "#db/schema";
import { certificationStatus } from "~/domain/certification";

const certificateColumns = {
  id: certifications.id,
  credentialId: certifications.credentialId,
  issuedAt: certifications.issuedAt,
  expiresAt: certifications.expiresAt,
  revokedAt: certifications.revokedAt,
  program: certificationPrograms.name,
  level: certificationPrograms.level,
  technology: technologies.name,
};

/** The learner's own certifications, newest first, with status computed for `now`. */
export function listCertificationsOf(db: Database, userId: number, now: Date) {
  return db
    .select(certificateColumns)
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .where(eq(certifications.userId, userId))
    .orderBy(desc(certifications.issuedAt))
    .all()
    .map((c) => ({ ...c, status: certificationStatus(c, now) }));
}

/** One certificate for its holder's printable page (another person's is not found). */
export function getCertificateOfHolder(db: Database, credentialId: string, userId: number, now: Date) {
  const row = db
    .select({ ...certificateColumns, holder: users.name })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .innerJoin(users, eq(users.id, certifications.userId))
    .where(and(eq(certifications.credentialId, credentialId), eq(certifications.userId, userId)))
    .get();
  return row ? { ...row, status: certificationStatus(row, now) } : undefined;
}

/**
 * Public verification by credential id: holder's name, program, technology, dates and
 * status. Nothing else about the person.
 */
export function verifyCredential(db: Database, credentialId: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(credentialId)) return undefined;
  const row = db
    .select({
      credentialId: certifications.credentialId,
      holder: users.name,
      program: certificationPrograms.name,
      level: certificationPrograms.level,
      technology: technologies.name,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .innerJoin(users, eq(users.id, certifications.userId))
    .where(eq(certifications.credentialId, credentialId))
    .get();
  return row ? { ...row, status: certificationStatus(row, now).status } : undefined;
}
