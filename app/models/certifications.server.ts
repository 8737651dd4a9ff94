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
import { inRenewalWindow, renewalCompetencies, type LifecycleSettings } from "~/domain/lifecycle";
import { recordAudit } from "./audit.server";
import { certificationEvent } from "./webhook-events.server";
import { conflict, invalid, notFound } from "~/utils/refusal";
import { recordOpenBadge, revokeOpenBadge } from "./open-badge-issuance.server";
import { blockedProgramIds, blockReissue } from "./certification-blocks.server";

/** 128 random bits, URL-safe: the public credential id of a certification. */
export function newCredentialId(): string {
  return crypto.randomBytes(16).toString("base64url");
}

/** A program's rules with its lifecycle settings (renewal window, grace, delta deadline). */
export type ProgramWithLifecycle = ProgramRules & LifecycleSettings & { name: string };

/** Programs of the given technologies with their own requirement ids. */
export function loadProgramRules(
  tx: Database | Transaction,
  technologyIds: readonly number[],
): ProgramWithLifecycle[] {
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
    name: p.name,
    technologyId: p.technologyId,
    level: p.level,
    validityMonths: p.validityMonths,
    renewalWindowDays: p.renewalWindowDays,
    graceDays: p.graceDays,
    deltaDeadlineDays: p.deltaDeadlineDays,
    requirementIds: requirements.filter((r) => r.programId === p.id).map((r) => r.competencyId),
  }));
}

export interface IssuedCertification {
  id: number;
  credentialId: string;
  programId: number;
  expiresAt: Date;
  /** The credential this one renews (an active certification in its window), if any. */
  renews: string | null;
}

/** Everything the engine weighs for one person and some technologies, read once. */
function personFacts(tx: Transaction | Database, userId: number, technologyIds: readonly number[]) {
  const programs = loadProgramRules(tx, technologyIds);
  const validity = new Map(
    technologyIds.length === 0
      ? []
      : tx
          .select({ id: competencies.id, months: competencies.validityMonths })
          .from(competencies)
          .where(inArray(competencies.technologyId, [...technologyIds]))
          .all()
          .map((c) => [c.id, c.months]),
  );
  const held = tx
    .select({
      competencyId: attainments.competencyId,
      attainedAt: attainments.attainedAt,
      expiresAt: attainments.expiresAt,
    })
    .from(attainments)
    .where(eq(attainments.userId, userId))
    .all();
  const existing =
    programs.length === 0
      ? []
      : tx
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
  return { programs, validity, held, existing };
}

export type IssueCheck =
  | { issue: true; expiresAt: Date; renews: typeof certifications.$inferSelect | undefined }
  | {
      issue: false;
      reason: "incomplete" | "window-closed" | "renewal-path" | "not-longer";
      renewalPath: number[];
    };

/**
 * Rule 3 with Rule 13: would a credential be issued for this program at `now`? Either the
 * requirements are held and nothing is active (first certification, or after expiry or
 * revocation), or the active one is in its renewal window and the renewal path is done.
 */
function checkIssue(
  facts: ReturnType<typeof personFacts>,
  program: ProgramWithLifecycle,
  now: Date,
): IssueCheck {
  const required = effectiveRequirements(program, facts.programs);
  const renewalPath = renewalCompetencies(
    program.validityMonths,
    required.map((competencyId) => ({ competencyId, validityMonths: facts.validity.get(competencyId) ?? 0 })),
    facts.held,
    now,
  );
  const expiresAt = certificationExpiry(program.validityMonths, required, facts.held, now);
  if (!expiresAt) return { issue: false, reason: "incomplete", renewalPath };
  const current = currentCertification(
    facts.existing.filter((c) => c.programId === program.id),
    now,
  );
  const renewal = { renewalWindowDays: program.renewalWindowDays, renewalComplete: renewalPath.length === 0 };
  if (shouldIssue(current, expiresAt, now, renewal)) {
    const active = current && certificationStatus(current, now).status === "active" ? current : undefined;
    return { issue: true, expiresAt, renews: active };
  }
  // shouldIssue refuses only while a certification is active: say why it is not renewed.
  const reason =
    !current || !inRenewalWindow(current, program.renewalWindowDays, now)
      ? "window-closed"
      : renewalPath.length > 0
        ? "renewal-path"
        : "not-longer";
  return { issue: false, reason, renewalPath };
}

function issue(
  tx: Transaction,
  userId: number,
  programId: number,
  check: Extract<IssueCheck, { issue: true }>,
  now: Date,
  actorId: number | null,
): IssuedCertification {
  const credentialId = newCredentialId();
  const row = tx
    .insert(certifications)
    .values({ credentialId, userId, programId, issuedAt: now, expiresAt: check.expiresAt })
    .returning({ id: certifications.id })
    .get();
  const renews = check.renews?.credentialId ?? null;
  recordAudit(tx, {
    at: now,
    actorId,
    action: "certification.issued",
    subjectUserId: userId,
    entityType: "certification",
    entityId: row.id,
    details: {
      programId,
      credentialId,
      expiresAt: check.expiresAt.toISOString(),
      ...(renews ? { renews } : {}),
    },
  });
  recordOpenBadge(tx, row.id, now);
  certificationEvent(tx, renews ? "certification.renewed" : "certification.issued", row.id, now, { renews });
  return { id: row.id, credentialId, programId, expiresAt: check.expiresAt, renews };
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
  const facts = personFacts(tx, userId, technologyIds);
  // Rule 12: a revoked certification is not re-issued until an admin lifts its block.
  const blocked = blockedProgramIds(tx, userId, facts.programs);
  const issued: IssuedCertification[] = [];
  for (const program of facts.programs) {
    if (blocked.has(program.id)) continue;
    const check = checkIssue(facts, program, now);
    if (check.issue) issued.push(issue(tx, userId, program.id, check, now, actorId));
  }
  return issued;
}

/**
 * The holder's "Renew now" (Rule 13) when their renewal path is already empty — every
 * attainment outlasts a renewed certification — so no module is needed: the new credential
 * is issued at once, the old one stays valid until its own expiry.
 */
export function renewCertification(db: Database, userId: number, programId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const program = tx
      .select({ technologyId: certificationPrograms.technologyId })
      .from(certificationPrograms)
      .where(eq(certificationPrograms.id, programId))
      .get();
    if (!program) throw notFound("No such program.");
    const facts = personFacts(tx, userId, [program.technologyId]);
    const rules = facts.programs.find((p) => p.id === programId);
    if (!rules) throw notFound("No such program.");
    if (blockedProgramIds(tx, userId, [rules]).size > 0)
      throw conflict("A revoked certification blocks this program until an admin lifts the block.", {
        details: { reason: "blocked" },
      });
    const check = checkIssue(facts, rules, now);
    if (check.issue) return issue(tx, userId, programId, check, now, userId);
    throw conflict(
      {
        incomplete: "You do not hold every competency this program requires.",
        "window-closed": "Renewal has not opened yet for this certification.",
        "renewal-path": "Complete the modules on your renewal path first.",
        "not-longer": "A renewal now would not last longer than your current certification.",
      }[check.reason],
      { details: { reason: check.reason, renewalPath: check.renewalPath } },
    );
  });
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
  certificationEvent(tx, "certification.revoked", certificationId, now);
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
  blockReissue(
    tx,
    { userId: cert.userId, programId: cert.programId, certificationId, reason: trimmed, actorId },
    now,
  );
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
