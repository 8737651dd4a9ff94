/**
 * The webhook events' payloads, built from the rows in the caller's transaction and queued
 * with `emitWebhookEvent`, which builds them only when an endpoint subscribes (so an event
 * nobody listens to costs one small query). The models that cause an event call one of
 * these (one line each), so the payload shapes live in one place.
 */
import { eq } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  certificationPrograms,
  certifications,
  specialistAssignments,
  technologies,
  users,
} from "#db/schema";
import { emitWebhookEvent } from "./webhooks.server";

const iso = (d: Date | null) => d?.toISOString() ?? null;

function personOf(tx: Transaction, userId: number) {
  const p = tx
    .select({ email: users.email, externalId: users.externalId, name: users.name })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return { id: userId, email: p?.email ?? null, externalId: p?.externalId ?? null, name: p?.name ?? null };
}

export function certificationEvent(
  tx: Transaction,
  type:
    | "certification.issued"
    | "certification.renewed"
    | "certification.revoked"
    | "certification.expiring"
    | "certification.expired",
  certificationId: number,
  now: Date,
  extra: { key?: string; renews?: string | null; daysLeft?: number } = {},
): void {
  emitWebhookEvent(
    tx,
    type,
    extra.key ?? `${type}:${certificationId}`,
    () => {
      const c = tx
        .select({
          credentialId: certifications.credentialId,
          userId: certifications.userId,
          issuedAt: certifications.issuedAt,
          expiresAt: certifications.expiresAt,
          revokedAt: certifications.revokedAt,
          revokedReason: certifications.revokedReason,
          programId: certificationPrograms.id,
          program: certificationPrograms.name,
          level: certificationPrograms.level,
          technologyId: technologies.id,
          technology: technologies.name,
        })
        .from(certifications)
        .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
        .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
        .where(eq(certifications.id, certificationId))
        .get();
      if (!c) return null;
      return {
        certification: {
          id: certificationId,
          credentialId: c.credentialId,
          program: { id: c.programId, name: c.program, level: c.level },
          technology: { id: c.technologyId, name: c.technology },
          issuedAt: iso(c.issuedAt),
          expiresAt: iso(c.expiresAt),
          revokedAt: iso(c.revokedAt),
          ...(type === "certification.revoked" ? { revokedReason: c.revokedReason } : {}),
          ...(extra.renews ? { renews: extra.renews } : {}),
          ...(extra.daysLeft !== undefined ? { daysLeft: extra.daysLeft } : {}),
        },
        person: personOf(tx, c.userId),
      };
    },
    now,
  );
}

export function assignmentEvent(
  tx: Transaction,
  type: "assignment.created" | "assignment.ended" | "assignment.lapsed" | "assignment.in_grace",
  assignmentId: number,
  now: Date,
  extra: { key?: string; lapsesAt?: Date | null } = {},
): void {
  emitWebhookEvent(
    tx,
    type,
    extra.key ?? `${type}:${assignmentId}`,
    () => {
      const a = tx
        .select()
        .from(specialistAssignments)
        .where(eq(specialistAssignments.id, assignmentId))
        .get();
      if (!a) return null;
      return {
        assignment: {
          id: a.id,
          role: a.role,
          technologyId: a.technologyId,
          territoryId: a.territoryId,
          startedAt: iso(a.startedAt),
          endedAt: iso(a.endedAt),
          ...(extra.lapsesAt !== undefined ? { lapsesAt: iso(extra.lapsesAt) } : {}),
        },
        person: personOf(tx, a.userId),
      };
    },
    now,
  );
}

export function personDisabledEvent(tx: Transaction, userId: number, now: Date): void {
  emitWebhookEvent(
    tx,
    "person.disabled",
    `person.disabled:${userId}:${now.getTime()}`,
    () => ({ person: personOf(tx, userId), disabledAt: now.toISOString() }),
    now,
  );
}

/** `certification.expiring` at a reminder threshold (days before expiry), `.expired` at 0. */
export function certificationThresholdEvent(
  tx: Transaction,
  certificationId: number,
  daysBefore: number,
  now: Date,
) {
  const type = daysBefore === 0 ? "certification.expired" : "certification.expiring";
  certificationEvent(tx, type, certificationId, now, {
    key: `${type}:${certificationId}:${daysBefore}`,
    ...(daysBefore === 0 ? {} : { daysLeft: daysBefore }),
  });
}
