/**
 * Certification rules (DESIGN.md Rules 3–6): what a program requires, what a person is
 * missing, when a certification expires and what its status is at a given moment.
 * Pure functions: no database, no clock.
 */
import { addDays, addMonths, daysUntil, earliest } from "./time";

export type ProgramLevel = "specialist" | "lead";

export interface ProgramRules {
  id: number;
  technologyId: number;
  level: ProgramLevel;
  validityMonths: number;
  /** The program's own requirements (competency ids). */
  requirementIds: readonly number[];
}

export interface AttainmentFact {
  competencyId: number;
  attainedAt: Date;
  expiresAt: Date;
}

export interface CertificationFact {
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Days before expiry from which a certification counts as "expiring soon" / at risk. */
export const AT_RISK_DAYS = 30;

/**
 * Rule 4: a lead program requires everything its technology's specialist program requires,
 * plus its own requirements.
 */
export function effectiveRequirements(
  program: ProgramRules,
  programsOfTechnology: readonly ProgramRules[],
): number[] {
  const ids = new Set(program.requirementIds);
  if (program.level === "lead") {
    const specialist = programsOfTechnology.find(
      (p) => p.technologyId === program.technologyId && p.level === "specialist",
    );
    for (const id of specialist?.requirementIds ?? []) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** The attainment of each competency that lasts longest and is active at `now`. */
export function activeAttainments(
  attainments: readonly AttainmentFact[],
  now: Date,
): Map<number, AttainmentFact> {
  const best = new Map<number, AttainmentFact>();
  for (const a of attainments) {
    if (a.attainedAt.getTime() > now.getTime() || a.expiresAt.getTime() <= now.getTime()) continue;
    const current = best.get(a.competencyId);
    if (!current || a.expiresAt.getTime() > current.expiresAt.getTime()) best.set(a.competencyId, a);
  }
  return best;
}

export type RequirementState =
  | { competencyId: number; state: "held"; expiresAt: Date }
  | { competencyId: number; state: "expired"; expiredAt: Date }
  | { competencyId: number; state: "missing" };

/** Each required competency: held (until when), expired (since when) or never attained. */
export function requirementStates(
  requirementIds: readonly number[],
  attainments: readonly AttainmentFact[],
  now: Date,
): RequirementState[] {
  const active = activeAttainments(attainments, now);
  return requirementIds.map((competencyId) => {
    const held = active.get(competencyId);
    if (held) return { competencyId, state: "held", expiresAt: held.expiresAt };
    const past = attainments.filter(
      (a) => a.competencyId === competencyId && a.attainedAt.getTime() <= now.getTime(),
    );
    const lastExpiry = past.reduce<Date | undefined>(
      (latest, a) => (!latest || a.expiresAt > latest ? a.expiresAt : latest),
      undefined,
    );
    return lastExpiry
      ? { competencyId, state: "expired", expiredAt: lastExpiry }
      : { competencyId, state: "missing" };
  });
}

/** Competencies a person still needs for a program at `now` (missing or expired). */
export function missingCompetencies(
  requirementIds: readonly number[],
  attainments: readonly AttainmentFact[],
  now: Date,
): number[] {
  return requirementStates(requirementIds, attainments, now)
    .filter((r) => r.state !== "held")
    .map((r) => r.competencyId);
}

/**
 * Rule 3: a certification issued at `issuedAt` expires at the earlier of issue + program
 * validity and the earliest expiry among the attainments it rests on.
 * Returns undefined when the requirements are not all held at `issuedAt` (nothing to issue).
 */
export function certificationExpiry(
  validityMonths: number,
  requirementIds: readonly number[],
  attainments: readonly AttainmentFact[],
  issuedAt: Date,
): Date | undefined {
  if (requirementIds.length === 0) return undefined;
  const active = activeAttainments(attainments, issuedAt);
  const resting: Date[] = [];
  for (const id of requirementIds) {
    const held = active.get(id);
    if (!held) return undefined;
    resting.push(held.expiresAt);
  }
  return earliest([addMonths(issuedAt, validityMonths), ...resting]);
}

export type CertificationStatus =
  | { status: "active"; daysLeft: number; expiringSoon: boolean }
  | { status: "expired"; since: Date }
  | { status: "revoked"; since: Date }
  | { status: "not-yet-valid" };

/** Status is always computed from dates at read time (Rule 3), never stored. */
export function certificationStatus(cert: CertificationFact, now: Date): CertificationStatus {
  if (cert.revokedAt && cert.revokedAt.getTime() <= now.getTime()) {
    return { status: "revoked", since: cert.revokedAt };
  }
  if (cert.issuedAt.getTime() > now.getTime()) return { status: "not-yet-valid" };
  if (cert.expiresAt.getTime() <= now.getTime()) return { status: "expired", since: cert.expiresAt };
  const daysLeft = daysUntil(cert.expiresAt, now);
  return { status: "active", daysLeft, expiringSoon: daysLeft <= AT_RISK_DAYS };
}

export function isActive(cert: CertificationFact, now: Date): boolean {
  return certificationStatus(cert, now).status === "active";
}

/**
 * Of a person's certifications for one program, the one that counts at `now`: an active one
 * expiring last, otherwise the most recently issued (to show as expired or revoked).
 */
export function currentCertification<C extends CertificationFact>(
  certs: readonly C[],
  now: Date,
): C | undefined {
  let bestActive: C | undefined;
  let latest: C | undefined;
  for (const c of certs) {
    if (isActive(c, now) && (!bestActive || c.expiresAt > bestActive.expiresAt)) bestActive = c;
    if (!latest || c.issuedAt > latest.issuedAt) latest = c;
  }
  return bestActive ?? latest;
}

/** Rule 7 (gating): a lead certification also qualifies for a specialist seat. */
export function levelQualifiesFor(level: ProgramLevel, role: ProgramLevel): boolean {
  return level === role || level === "lead";
}

export interface RenewalCheck {
  /** The program's renewal window (days before expiry). */
  renewalWindowDays: number;
  /** Whether the renewal path is done: no requirement would cap a credential issued now. */
  renewalComplete: boolean;
}

/**
 * Whether to issue a new credential now, given the person's current certification for the
 * program: when none is active (first certification, or after expiry or revocation); or, to
 * renew an active one (Rule 13), only inside its renewal window, once the renewal path is
 * complete and the new credential lasts longer. A partial renewal issues nothing: it would
 * only give a shorter credential outside the next window.
 */
export function shouldIssue(
  current: CertificationFact | undefined,
  newExpiry: Date,
  now: Date,
  renewal: RenewalCheck,
): boolean {
  if (!current) return true;
  if (certificationStatus(current, now).status !== "active") return true;
  const windowOpen = now.getTime() >= addDays(current.expiresAt, -renewal.renewalWindowDays).getTime();
  return windowOpen && renewal.renewalComplete && newExpiry.getTime() > current.expiresAt.getTime();
}

export interface ProgramProgress {
  programId: number;
  level: ProgramLevel;
  required: number;
  held: number;
  requirements: RequirementState[];
  /** The certification that counts now, with its computed status. */
  certification: { status: CertificationStatus; expiresAt: Date } | null;
}

/** A person's standing in one program at `now`: x of y competencies and certification status. */
export function programProgress(
  program: ProgramRules,
  programsOfTechnology: readonly ProgramRules[],
  attainments: readonly AttainmentFact[],
  certs: readonly CertificationFact[],
  now: Date,
): ProgramProgress {
  const requirements = requirementStates(
    effectiveRequirements(program, programsOfTechnology),
    attainments,
    now,
  );
  const current = currentCertification(certs, now);
  return {
    programId: program.id,
    level: program.level,
    required: requirements.length,
    held: requirements.filter((r) => r.state === "held").length,
    requirements,
    certification: current
      ? { status: certificationStatus(current, now), expiresAt: current.expiresAt }
      : null,
  };
}

export type Eligibility =
  | { eligible: true; validUntil: Date }
  | {
      eligible: false;
      program: ProgramLevel;
      missing: { competencyId: number; state: "missing" | "expired"; since?: Date }[];
    };

/**
 * Rule 7: may this person take the seat? Eligible with an active certification at the
 * seat's level (a lead certification fills both seats); otherwise the reason — which
 * competencies of the seat's program are missing or expired.
 */
export function seatEligibility(
  role: ProgramLevel,
  programsOfTechnology: readonly ProgramRules[],
  certs: readonly (CertificationFact & { level: ProgramLevel })[],
  attainments: readonly AttainmentFact[],
  now: Date,
): Eligibility {
  const qualifying = certs.filter((c) => levelQualifiesFor(c.level, role) && isActive(c, now));
  if (qualifying.length > 0) {
    const validUntil = qualifying.reduce(
      (latest, c) => (c.expiresAt > latest ? c.expiresAt : latest),
      qualifying[0]?.expiresAt ?? now,
    );
    return { eligible: true, validUntil };
  }
  const program = programsOfTechnology.find((p) => p.level === role);
  const required = program ? effectiveRequirements(program, programsOfTechnology) : [];
  const missing: { competencyId: number; state: "missing" | "expired"; since?: Date }[] = [];
  for (const r of requirementStates(required, attainments, now)) {
    if (r.state === "expired")
      missing.push({ competencyId: r.competencyId, state: "expired", since: r.expiredAt });
    else if (r.state === "missing") missing.push({ competencyId: r.competencyId, state: "missing" });
  }
  return { eligible: false, program: role, missing };
}
