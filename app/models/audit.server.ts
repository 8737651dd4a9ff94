/**
 * The append-only audit log (DESIGN.md Rule 10). Always written inside the same
 * transaction as the change it records; the database refuses updates and deletes.
 */
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database, Transaction } from "#db/client.server";
import { auditEvents, users } from "#db/schema";

export type AuditAction =
  | "certification.issued"
  | "certification.revoked"
  | "certification.block-lifted"
  | "attainment.attained"
  | "attainment.attested"
  | "attainment.imported"
  | "assignment.created"
  | "assignment.ended"
  | "module.published"
  | "module.revised"
  | "module.archived"
  | "module.unarchived"
  | "user.created"
  | "user.roles-changed"
  | "user.disabled"
  | "user.enabled"
  | "user.territory-changed"
  | "user.invited"
  | "user.invitation-accepted"
  | "user.signed-in"
  | "user.sso-linked"
  | "user.sso-unlinked"
  | "user.email-changed"
  | "people.imported"
  | "program.updated"
  | "program.lifecycle-changed"
  | "competency.updated"
  | "competency.created"
  | "technology.targets-changed"
  | "territory.created"
  | "partner.created"
  | "api-token.created"
  | "api-token.revoked"
  | "api.write"
  | "webhook.endpoint-created"
  | "webhook.endpoint-deleted"
  | "webhook.endpoint-enabled"
  | "webhook.endpoint-disabled"
  | "webhook.resent"
  | "plan.nominated"
  | "plan.due-changed"
  | "plan.cancelled"
  | "plan.completed"
  | "plan-template.created"
  | "plan-template.archived"
  | "seat-caps.changed";

export interface AuditInput {
  at: Date;
  actorId: number | null;
  action: AuditAction;
  subjectUserId?: number | null;
  entityType?: string;
  entityId?: number;
  reason?: string | null;
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

export interface AuditFilters {
  action?: string;
  actorId?: number;
  personId?: number;
  from?: Date;
  to?: Date;
  /** Show events older than this id (keyset pagination, newest first). */
  before?: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** The log, newest first, one page at a time (there is no update or delete path). */
export function listAudit(db: Database, filters: AuditFilters) {
  const actor = alias(users, "actor");
  const subject = alias(users, "subject");
  const rows = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      reason: auditEvents.reason,
      details: auditEvents.details,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      actor: actor.name,
      actorId: auditEvents.actorId,
      subject: subject.name,
      subjectId: auditEvents.subjectUserId,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .leftJoin(subject, eq(subject.id, auditEvents.subjectUserId))
    .where(
      and(
        filters.action ? eq(auditEvents.action, filters.action) : undefined,
        filters.actorId ? eq(auditEvents.actorId, filters.actorId) : undefined,
        filters.personId ? eq(auditEvents.subjectUserId, filters.personId) : undefined,
        filters.from ? gte(auditEvents.at, filters.from) : undefined,
        filters.to ? lt(auditEvents.at, filters.to) : undefined,
        filters.before ? lt(auditEvents.id, filters.before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .all();
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    events: page,
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export function auditActions(db: Database): string[] {
  return db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .orderBy(auditEvents.action)
    .all()
    .map((r) => r.action);
}
