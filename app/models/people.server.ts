/**
 * People, as admins see them: a searchable, filterable, paginated list, the person record,
 * and changes to roles, territory and access — each audited.
 */
import { and, asc, count, desc, eq, gt, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import {
  attainments,
  auditEvents,
  certificationPrograms,
  certifications,
  competencies,
  ROLES,
  sessions,
  specialistAssignments,
  ssoIdentities,
  technologies,
  territories,
  userRoles,
  users,
  type Role,
} from "#db/schema";
import { certificationStatus } from "~/domain/certification";
import { assignmentState, graceDaysLeft } from "~/domain/coverage";
import { addDays } from "~/domain/time";
import { sameRoles } from "~/domain/sso";
import { recordAudit } from "./audit.server";
import { conflict, forbidden, notFound } from "~/utils/refusal";
import { assignmentSpanSql, toSpan } from "./qualifying-certification.server";
import { personDisabledEvent } from "./webhook-events.server";

export const PEOPLE_PAGE_SIZE = 50;

export interface PeopleFilters {
  q?: string;
  territoryId?: number;
  role?: Role;
  status?: "certified" | "expiring" | "expired" | "none";
  technologyId?: number;
  /** Not signed in for this many days (or never), or never signed in at all. */
  inactive?: InactiveFilter;
  page: number;
}

export const INACTIVE_FILTERS = ["30", "90", "180", "365", "never"] as const;
export type InactiveFilter = (typeof INACTIVE_FILTERS)[number];

function certExists(now: Date, technologyId: number | undefined, extra: SQL) {
  const tech = technologyId ? sql`and p.technology_id = ${technologyId}` : sql``;
  return sql`exists (select 1 from certifications c join certification_programs p on p.id = c.program_id
    where c.user_id = "users"."id" ${tech} and ${extra})`;
}

/**
 * The search box as an FTS5 query: every word must match the start of a word in the name
 * or email ("ali mor" finds Alice Morgan). Undefined when nothing searchable was typed.
 */
export function ftsQuery(q: string): string | undefined {
  const words = q
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length > 0 ? words.map((w) => `"${w}"*`).join(" ") : undefined;
}

export function listPeople(db: Database, filters: PeopleFilters, now: Date) {
  const t = now.getTime();
  const active = sql`c.revoked_at is null and c.issued_at <= ${t} and c.expires_at > ${t}`;
  const conditions: (SQL | undefined)[] = [];
  if (filters.q) {
    const match = ftsQuery(filters.q);
    if (match) {
      conditions.push(sql`${users.id} in (select rowid from users_fts where users_fts match ${match})`);
    } else {
      const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(
        or(sql`${users.name} like ${pattern} escape '\\'`, sql`${users.email} like ${pattern} escape '\\'`),
      );
    }
  }
  if (filters.territoryId) conditions.push(eq(users.territoryId, filters.territoryId));
  if (filters.role)
    conditions.push(
      sql`exists (select 1 from user_roles r where r.user_id = "users"."id" and r.role = ${filters.role})`,
    );
  switch (filters.status) {
    case "certified":
      conditions.push(certExists(now, filters.technologyId, active));
      break;
    case "expiring":
      conditions.push(
        certExists(
          now,
          filters.technologyId,
          sql`${active} and c.expires_at <= ${addDays(now, 30).getTime()}`,
        ),
      );
      break;
    case "expired":
      conditions.push(sql`not ${certExists(now, filters.technologyId, active)}`);
      conditions.push(certExists(now, filters.technologyId, sql`1 = 1`));
      break;
    case "none":
      conditions.push(sql`not ${certExists(now, filters.technologyId, sql`1 = 1`)}`);
      break;
    default:
      if (filters.technologyId) conditions.push(certExists(now, filters.technologyId, sql`1 = 1`));
  }
  if (filters.inactive === "never") conditions.push(isNull(users.lastSignInAt));
  else if (filters.inactive) {
    const cutoff = addDays(now, -Number(filters.inactive));
    conditions.push(or(isNull(users.lastSignInAt), lt(users.lastSignInAt, cutoff)));
  }
  const where = and(...conditions);
  // One statement: the page's ids and the total (a window over the matches, so the FTS5
  // match and the filters run once), then the per-person columns for those 50 rows only.
  const read = (page: number) => {
    const picked = db
      .select({ id: users.id, name: users.name, total: sql<number>`count(*) over ()`.as("total") })
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(PEOPLE_PAGE_SIZE)
      .offset((page - 1) * PEOPLE_PAGE_SIZE)
      .as("picked");
    return db
      .select({
        total: picked.total,
        id: users.id,
        name: users.name,
        email: users.email,
        disabledAt: users.disabledAt,
        lastSignInAt: users.lastSignInAt,
        sso: sql<number>`exists (select 1 from sso_identities s where s.user_id = "users"."id")`,
        territory: territories.name,
        roles: sql<
          string | null
        >`(select group_concat(r.role) from user_roles r where r.user_id = "users"."id")`,
        activeCertifications: sql<number>`(select count(*) from certifications c where c.user_id = "users"."id" and ${active})`,
        nextExpiry: sql<
          number | null
        >`(select min(c.expires_at) from certifications c where c.user_id = "users"."id" and ${active})`,
      })
      .from(picked)
      .innerJoin(users, eq(users.id, picked.id))
      .leftJoin(territories, eq(territories.id, users.territoryId))
      .orderBy(asc(picked.name), asc(picked.id))
      .all();
  };
  let page = Math.max(1, filters.page);
  let found = read(page);
  // Past the last page: the count comes back from page 1's window, then the last page is read.
  const total = found[0]?.total ?? (page > 1 ? (read(1)[0]?.total ?? 0) : 0);
  const pageCount = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
  if (page > pageCount) {
    page = pageCount;
    found = read(page);
  }
  const rows = found.map(({ total: _total, ...row }) => row);
  return {
    total,
    page,
    pageCount,
    people: rows.map((r) => ({ ...r, roles: (r.roles ?? "").split(",").filter(Boolean) })),
  };
}

export function peopleFacets(db: Database) {
  return {
    territories: db
      .select({ id: territories.id, name: territories.name })
      .from(territories)
      .orderBy(asc(territories.name))
      .all(),
    technologies: db
      .select({ id: technologies.id, name: technologies.name })
      .from(technologies)
      .orderBy(asc(technologies.name))
      .all(),
  };
}

/** Everything about one person an admin needs, statuses computed for `now`. */
export function getPersonRecord(db: Database, userId: number, now: Date) {
  const person = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      jobTitle: users.jobTitle,
      territoryId: users.territoryId,
      territory: territories.name,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      hasPassword: sql<number>`${users.passwordHash} is not null`,
      lastSignInAt: users.lastSignInAt,
      breakGlass: users.breakGlass,
      ssoLinkedAt: ssoIdentities.linkedAt,
    })
    .from(users)
    .leftJoin(territories, eq(territories.id, users.territoryId))
    .leftJoin(ssoIdentities, eq(ssoIdentities.userId, users.id))
    .where(eq(users.id, userId))
    .get();
  if (!person) return undefined;
  const roles = db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role);
  const held = db
    .select({
      id: attainments.id,
      competency: competencies.name,
      technology: technologies.name,
      source: attainments.source,
      attainedAt: attainments.attainedAt,
      expiresAt: attainments.expiresAt,
    })
    .from(attainments)
    .innerJoin(competencies, eq(competencies.id, attainments.competencyId))
    .innerJoin(technologies, eq(technologies.id, competencies.technologyId))
    .where(eq(attainments.userId, userId))
    .orderBy(asc(technologies.name), desc(attainments.expiresAt))
    .all()
    .map((a) => ({ ...a, active: a.expiresAt.getTime() > now.getTime() }));
  const certs = db
    .select({
      id: certifications.id,
      credentialId: certifications.credentialId,
      program: certificationPrograms.name,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
      revokedReason: certifications.revokedReason,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(eq(certifications.userId, userId))
    .orderBy(desc(certifications.issuedAt))
    .all()
    .map((c) => ({ ...c, status: certificationStatus(c, now) }));
  const span = assignmentSpanSql(now);
  const assignments = db
    .select({
      id: specialistAssignments.id,
      technologyId: specialistAssignments.technologyId,
      territoryId: specialistAssignments.territoryId,
      technology: technologies.name,
      territory: territories.name,
      role: specialistAssignments.role,
      startedAt: specialistAssignments.startedAt,
      endedAt: specialistAssignments.endedAt,
      validUntil: span.validUntil,
      lapsesAt: span.lapsesAt,
    })
    .from(specialistAssignments)
    .innerJoin(technologies, eq(technologies.id, specialistAssignments.technologyId))
    .innerJoin(territories, eq(territories.id, specialistAssignments.territoryId))
    .where(eq(specialistAssignments.userId, userId))
    .orderBy(desc(specialistAssignments.startedAt))
    .all()
    .map((a) => {
      const dates = toSpan(a);
      return {
        ...a,
        ...dates,
        state: a.endedAt ? ("ended" as const) : assignmentState(dates, now),
        graceDaysLeft: a.endedAt ? null : graceDaysLeft(dates, now),
      };
    });
  const audit = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      reason: auditEvents.reason,
      actor: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(eq(auditEvents.subjectUserId, userId))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(50)
    .all();
  return { person, roles, attainments: held, certifications: certs, assignments, audit };
}

export function updatePerson(
  db: Database,
  userId: number,
  input: { roles: Role[]; territoryId: number | null },
  actorId: number,
  now: Date,
  /** Set when the IdP's groups decide the roles of people linked to it: its label. */
  idpOwnsRoles?: string,
) {
  writeTransaction(db, (tx) => {
    const before = tx
      .select({ role: userRoles.role })
      .from(userRoles)
      .where(eq(userRoles.userId, userId))
      .all()
      .map((r) => r.role);
    const person = tx
      .select({ territoryId: users.territoryId })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    if (!person) throw notFound("No such person.");
    const linked = tx
      .select({ userId: ssoIdentities.userId })
      .from(ssoIdentities)
      .where(eq(ssoIdentities.userId, userId))
      .get();
    let roles = ROLES.filter((r) => input.roles.includes(r));
    if (idpOwnsRoles && linked) {
      // The form shows no role boxes for them: nothing submitted means "unchanged".
      if (roles.length === 0) roles = ROLES.filter((r) => before.includes(r));
      else if (!sameRoles(roles, before))
        throw conflict(
          `${idpOwnsRoles} decides this person's roles from their groups at every sign-in: change their groups there. To take access away now, disable the account.`,
          { field: "roles" },
        );
    }
    if (before.includes("admin") && !roles.includes("admin") && userId === actorId) {
      throw forbidden("You cannot remove your own admin role: ask another admin.", { field: "roles" });
    }
    if (!sameRoles(before, roles)) {
      tx.delete(userRoles).where(eq(userRoles.userId, userId)).run();
      if (roles.length > 0)
        tx.insert(userRoles)
          .values(roles.map((role) => ({ userId, role })))
          .run();
      recordAudit(tx, {
        at: now,
        actorId,
        action: "user.roles-changed",
        subjectUserId: userId,
        entityType: "user",
        entityId: userId,
        details: { from: before, to: roles },
      });
    }
    if (person.territoryId !== input.territoryId) {
      tx.update(users).set({ territoryId: input.territoryId }).where(eq(users.id, userId)).run();
      recordAudit(tx, {
        at: now,
        actorId,
        action: "user.territory-changed",
        subjectUserId: userId,
        entityType: "user",
        entityId: userId,
        details: { from: person.territoryId, to: input.territoryId },
      });
    }
  });
}

export function setDisabled(
  db: Database,
  userId: number,
  disabled: boolean,
  actorId: number,
  reason: string,
  now: Date,
) {
  if (userId === actorId && disabled) throw forbidden("You cannot disable your own account.");
  writeTransaction(db, (tx) => {
    tx.update(users)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(users.id, userId))
      .run();
    if (disabled) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    if (disabled) personDisabledEvent(tx, userId, now);
    recordAudit(tx, {
      at: now,
      actorId,
      action: disabled ? "user.disabled" : "user.enabled",
      subjectUserId: userId,
      entityType: "user",
      entityId: userId,
      reason: reason || null,
    });
  });
}

export function certificationCounts(db: Database, now: Date) {
  return (
    db
      .select({ n: count() })
      .from(certifications)
      .where(
        and(
          isNull(certifications.revokedAt),
          lte(certifications.issuedAt, now),
          gt(certifications.expiresAt, now),
        ),
      )
      .get()?.n ?? 0
  );
}
