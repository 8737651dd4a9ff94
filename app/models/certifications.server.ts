/**
 * The certification engine (DESIGN.md Rule 3): after attainments change, issue every
 * certification whose requirements are now all held, in the caller's transaction, with an
 * audit row each. Expiry follows from the attainments; status is computed at read time.
 */
import crypto from "node:crypto";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  certifications,
  competencies,
  programRequirements,
  technologies,
  users,
} from "#db/schema";
import {
  certificationExpiry,
  certificationStatus,
  currentCertification,
  effectiveRequirements,
  shouldIssue,
  type ProgramRules,
} from "~/domain/certification";
import { recordAudit } from "./audit.server";
import { conflict, invalid } from "~/utils/refusal";
import { recordOpenBadge, revokeOpenBadge } from "./open-badge-issuance.server";

/** 128 random bits, URL-safe: the public credential id of a certification. */
export function newCredentialId(): string {
  return crypto.randomBytes(16).toString("base64url");
}

/** Programs of the given technologies with their own requirement ids. */
export function loadProgramRules(
  tx: Database | Transaction,
  technologyIds: readonly number[],
): ProgramRules[] {
  if (technologyIds.length === 0) return [];
  const programs = tx
    .select()
    .from(certificationPrograms)
    .where(inArray(certificationPrograms.technologyId, [...technologyIds]))
    .all();
  const requirements = tx
    .select()
    .from(programRequirements)
    .where(
      inArray(
        programRequirements.programId,
        programs.map((p) => p.id),
      ),
    )
    .all();
  return programs.map((p) => ({
    id: p.id,
    technologyId: p.technologyId,
    level: p.level,
    validityMonths: p.validityMonths,
    requirementIds: requirements.filter((r) => r.programId === p.id).map((r) => r.competencyId),
  }));
}

export interface IssuedCertification {
  id: number;
  credentialId: string;
  programId: number;
  expiresAt: Date;
}

/**
 * Issues the certifications a person has now earned among the programs of the technologies
 * the given competencies belong to. Call inside the transaction that wrote the attainments.
 */
export function issueEarnedCertifications(
  tx: Transaction,
  userId: number,
  competencyIds: readonly number[],
  now: Date,
  actorId: number | null,
): IssuedCertification[] {
  if (competencyIds.length === 0) return [];
  const technologyIds = [
    ...new Set(
      tx
        .select({ technologyId: competencies.technologyId })
        .from(competencies)
        .where(inArray(competencies.id, [...competencyIds]))
        .all()
        .map((c) => c.technologyId),
    ),
  ];
  const programs = loadProgramRules(tx, technologyIds);
  if (programs.length === 0) return [];
  const held = tx
    .select({
      competencyId: attainments.competencyId,
      attainedAt: attainments.attainedAt,
      expiresAt: attainments.expiresAt,
    })
    .from(attainments)
    .where(eq(attainments.userId, userId))
    .all();
  const existing = tx
    .select()
    .from(certifications)
    .where(
      and(
        eq(certifications.userId, userId),
        inArray(
          certifications.programId,
          programs.map((p) => p.id),
        ),
      ),
    )
    .all();

  const issued: IssuedCertification[] = [];
  for (const program of programs) {
    const required = effectiveRequirements(program, programs);
    const expiresAt = certificationExpiry(program.validityMonths, required, held, now);
    if (!expiresAt) continue;
    const current = currentCertification(
      existing.filter((c) => c.programId === program.id),
      now,
    );
    if (!shouldIssue(current, expiresAt, now)) continue;
    const credentialId = newCredentialId();
    const row = tx
      .insert(certifications)
      .values({ credentialId, userId, programId: program.id, issuedAt: now, expiresAt })
      .returning({ id: certifications.id })
      .get();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "certification.issued",
      subjectUserId: userId,
      entityType: "certification",
      entityId: row.id,
      details: { programId: program.id, credentialId, expiresAt: expiresAt.toISOString() },
    });
    recordOpenBadge(tx, row.id, now);
    issued.push({ id: row.id, credentialId, programId: program.id, expiresAt });
  }
  return issued;
}

/** Rule 6: an admin revokes a certification with a reason; it then counts as not held. */
export function revokeCertification(
  tx: Transaction,
  certificationId: number,
  actorId: number,
  reason: string,
  now: Date,
  /** When given, the certification must belong to this person (ownership in the query). */
  holderId?: number,
): void {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw invalid("A revocation needs a reason.", { field: "reason" });
  const cert = tx
    .update(certifications)
    .set({ revokedAt: now, revokedById: actorId, revokedReason: trimmed })
    .where(
      and(
        eq(certifications.id, certificationId),
        isNull(certifications.revokedAt),
        holderId === undefined ? undefined : eq(certifications.userId, holderId),
      ),
    )
    .returning({ userId: certifications.userId, programId: certifications.programId })
    .get();
  if (!cert) throw conflict("That certification does not exist or is already revoked.");
  revokeOpenBadge(tx, certificationId, now);
  recordAudit(tx, {
    at: now,
    actorId,
    action: "certification.revoked",
    subjectUserId: cert.userId,
    entityType: "certification",
    entityId: certificationId,
    reason: trimmed,
    details: { programId: cert.programId },
  });
}

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

/** The admin's "revoke" action on a person's record: ownership and reason checked. */
export function revokeCertificationOf(
  db: Database,
  holderId: number,
  certificationId: number,
  actorId: number,
  reason: string,
  now: Date,
): void {
  writeTransaction(db, (tx) => revokeCertification(tx, certificationId, actorId, reason, now, holderId));
}
