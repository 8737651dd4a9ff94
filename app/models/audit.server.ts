/**
 * The append-only audit log (DESIGN.md Rule 10). Always written inside the same
 * transaction as the change it records; the database refuses updates and deletes.
 */
import { auditEvents } from "#db/schema";
import type { Transaction } from "#db/client";

export type AuditAction =
  | "certification.issued"
  | "certification.revoked"
  | "attainment.attained"
  | "attainment.attested"
  | "attainment.imported"
  | "assignment.created"
  | "assignment.ended"
  | "module.published"
  | "module.archived"
  | "module.unarchived"
  | "user.created"
  | "user.roles-changed"
  | "user.disabled"
  | "user.invited"
  | "user.signed-in"
  | "people.imported";

export interface AuditInput {
  at: Date;
  actorId: number | null;
  action: AuditAction;
  subjectUserId?: number | null;
  entityType?: string;
  entityId?: number;
  reason?: string;
  details?: Record<string, unknown>;
}

export function recordAudit(tx: Transaction, event: AuditInput): void {
  tx.insert(auditEvents)
    .values({
      at: event.at,
      actorId: event.actorId,
      action: event.action,
      subjectUserId: event.subjectUserId ?? null,
      entityType: event.entityType ?? null,
      entityId: event.entityId ?? null,
      reason: event.reason ?? null,
      details: event.details ?? null,
    })
    .run();
}
