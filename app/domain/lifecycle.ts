/**
 * The certification lifecycle per program (DESIGN.md Rules 8, 13 and 14): when renewal
 * opens, what a renewal needs, how long an assignment stays in grace, and how long holders
 * have to take a major revision. Pure: time is always a parameter.
 */
import {
  certificationStatus,
  type AttainmentFact,
  type CertificationFact,
  activeAttainments,
} from "./certification";
import { addDays, addMonths, earliest } from "./time";

/** A program's lifecycle settings, in days (admins change them on the Programs page). */
export interface LifecycleSettings {
  /** Renewal opens this many days before a certification expires (0: only once it has expired). */
  renewalWindowDays: number;
  /** An assignment stays in grace this long after its certification expires (0: lapses at once). */
  graceDays: number;
  /** Holders have this long after a major revision to take the new version. */
  deltaDeadlineDays: number;
}

export const DEFAULT_LIFECYCLE: LifecycleSettings = {
  renewalWindowDays: 90,
  graceDays: 30,
  deltaDeadlineDays: 90,
};

/** Limits the settings form and the database both enforce. */
export const LIFECYCLE_LIMITS = {
  renewalWindowDays: { min: 0, max: 365 },
  graceDays: { min: 0, max: 365 },
  deltaDeadlineDays: { min: 1, max: 365 },
} as const;

// ---------------------------------------------------------------- renewal (Rule 13)

export function renewalOpensAt(expiresAt: Date, renewalWindowDays: number): Date {
  return addDays(expiresAt, -renewalWindowDays);
}

/** An active certification is in its renewal window from `expiry − window` until it expires. */
export function inRenewalWindow(cert: CertificationFact, renewalWindowDays: number, now: Date): boolean {
  return (
    certificationStatus(cert, now).status === "active" &&
    now.getTime() >= renewalOpensAt(cert.expiresAt, renewalWindowDays).getTime()
  );
}

export interface RequirementValidity {
  competencyId: number;
  /** How long an attainment of the competency lasts when earned now. */
  validityMonths: number;
}

/**
 * The expiry of a certification renewed at `now` at best: issue + program validity, capped by
 * how long a freshly earned attainment of each requirement would last (Rule 3).
 */
export function renewedExpiry(
  programValidityMonths: number,
  requirements: readonly RequirementValidity[],
  now: Date,
): Date {
  return (
    earliest([
      addMonths(now, programValidityMonths),
      ...requirements.map((r) => addMonths(now, r.validityMonths)),
    ]) ?? now
  );
}

/**
 * Rule 13: the competencies to renew — those not held at `now`, or whose attainment would not
 * outlast a certification renewed now. An empty list means a renewal now is complete.
 */
export function renewalCompetencies(
  programValidityMonths: number,
  requirements: readonly RequirementValidity[],
  attainments: readonly AttainmentFact[],
  now: Date,
): number[] {
  const until = renewedExpiry(programValidityMonths, requirements, now).getTime();
  const active = activeAttainments(attainments, now);
  return requirements
    .filter((r) => (active.get(r.competencyId)?.expiresAt.getTime() ?? 0) < until)
    .map((r) => r.competencyId);
}

/**
 * A certification is renewed once the same person holds a later credential for the same
 * program that lasts longer and is not revoked: its reminders stop (Rule 15).
 */
export function isRenewed(
  cert: CertificationFact,
  sameProgram: readonly CertificationFact[],
  now: Date,
): boolean {
  return sameProgram.some(
    (other) =>
      other !== cert &&
      other.issuedAt.getTime() > cert.issuedAt.getTime() &&
      other.issuedAt.getTime() <= now.getTime() &&
      other.expiresAt.getTime() > cert.expiresAt.getTime() &&
      !(other.revokedAt && other.revokedAt.getTime() <= now.getTime()),
  );
}

// ---------------------------------------------------------------- grace and lapse (Rule 8)

/**
 * When an assignment's cover ends and when it lapses, from its person's qualifying
 * certifications (same technology; the seat's level, or lead):
 * - `validUntil`: the latest expiry among those issued by `now` and not revoked;
 * - `lapsesAt`: `validUntil` + the grace period, unless a revocation ended the cover (the
 *   latest event is a revocation): then the revocation instant, without grace.
 * Both null when no certification ever qualified.
 */
export function assignmentSpan(
  qualifying: readonly CertificationFact[],
  graceDays: number,
  now: Date,
): { validUntil: Date | null; lapsesAt: Date | null } {
  let validUntil: Date | null = null;
  let lastRevoked: Date | null = null;
  for (const c of qualifying) {
    if (c.issuedAt.getTime() > now.getTime()) continue;
    if (c.revokedAt && c.revokedAt.getTime() <= now.getTime()) {
      if (!lastRevoked || c.revokedAt > lastRevoked) lastRevoked = c.revokedAt;
    } else if (!validUntil || c.expiresAt > validUntil) {
      validUntil = c.expiresAt;
    }
  }
  if (!validUntil) return { validUntil: null, lapsesAt: null };
  if (lastRevoked && lastRevoked.getTime() >= validUntil.getTime())
    return { validUntil, lapsesAt: lastRevoked };
  return { validUntil, lapsesAt: addDays(validUntil, graceDays) };
}

// ---------------------------------------------------------------- delta recertification (Rule 14)

/** The longest "what changed" note a trainer can write on a revision. */
export const CHANGE_NOTE_MAX = 2000;

export interface MajorRevision {
  moduleId: number;
  versionNumber: number;
  publishedAt: Date;
  recertifyBy: Date;
  competencyIds: readonly number[];
}

/** Where an attainment came from, as far as delta recertification cares. */
export interface AttainmentOrigin {
  competencyId: number;
  source: "assessment" | "attestation" | "import";
  attainedAt: Date;
  /** The module and version whose assessment was passed (assessment attainments). */
  moduleId: number | null;
  versionNumber: number | null;
}

export function recertifyBy(publishedAt: Date, deltaDeadlineDays: number): Date {
  return addDays(publishedAt, deltaDeadlineDays);
}

/**
 * Rule 14: a major revision supersedes an attainment of a competency it teaches when the
 * attainment came from an older version of the same module, or was imported (no known
 * origin) from before the revision. Attainments from other modules and attestations stay.
 */
export function isSuperseded(attainment: AttainmentOrigin, revision: MajorRevision): boolean {
  if (!revision.competencyIds.includes(attainment.competencyId)) return false;
  if (attainment.source === "assessment")
    return (
      attainment.moduleId === revision.moduleId &&
      attainment.versionNumber !== null &&
      attainment.versionNumber < revision.versionNumber
    );
  if (attainment.source === "import") return attainment.attainedAt.getTime() < revision.publishedAt.getTime();
  return false;
}

export type DeltaStanding = "renewed" | "pending" | "overdue";

/**
 * A holder is behind a major revision until they attain its competencies again after it was
 * published: pending before the deadline, overdue after it.
 */
export function deltaStanding(recertifyByDate: Date, renewed: boolean, now: Date): DeltaStanding {
  if (renewed) return "renewed";
  return now.getTime() < recertifyByDate.getTime() ? "pending" : "overdue";
}
