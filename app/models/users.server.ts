/** People: accounts, roles and what a signed-in request needs to know about its user. */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { prepared } from "#db/prepared.server";
import { ROLES, sessions, territories, userRoles, users, type Role } from "#db/schema";
import { recordAudit } from "./audit.server";
import { personDisabledEvent } from "./webhook-events.server";

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  territoryName: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function parseRoles(list: string | null): Role[] {
  const all: readonly string[] = ROLES;
  return (list ?? "")
    .split(",")
    .filter((r): r is Role => all.includes(r))
    .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
}

/** An enabled user with roles, or undefined. One query. */
export function getSessionUser(db: Database, userId: number): SessionUser | undefined {
  const row = prepared(db, "users.sessionUser", (conn) =>
    conn
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        territoryName: territories.name,
        roles: sql<
          string | null
        >`(select group_concat(${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id})`,
      })
      .from(users)
      .leftJoin(territories, eq(territories.id, users.territoryId))
      .where(and(eq(users.id, sql.placeholder("userId")), isNull(users.disabledAt)))
      .prepare(),
  ).get({ userId });
  if (!row) return undefined;
  return { ...row, roles: parseRoles(row.roles) };
}

/** What sign-in needs: the hash is read here and never leaves the auth module. */
export function findCredentials(db: Database, email: string) {
  return db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      disabledAt: users.disabledAt,
      breakGlass: users.breakGlass,
    })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  passwordHash?: string | null;
  territoryId?: number | null;
  jobTitle?: string | null;
  /** Only `admin:create --break-glass` sets this. */
  breakGlass?: boolean;
}

/** Creates a user and their roles, with an audit row, inside the caller's transaction. */
export function insertUser(tx: Transaction, input: NewUser, actorId: number | null, now: Date): number {
  const user = tx
    .insert(users)
    .values({
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      passwordHash: input.passwordHash ?? null,
      territoryId: input.territoryId ?? null,
      jobTitle: input.jobTitle ?? null,
      breakGlass: input.breakGlass ?? false,
      createdAt: now,
    })
    .returning({ id: users.id })
    .get();
  if (input.roles.length > 0) {
    tx.insert(userRoles)
      .values(input.roles.map((role) => ({ userId: user.id, role })))
      .run();
  }
  recordAudit(tx, {
    at: now,
    actorId,
    action: "user.created",
    subjectUserId: user.id,
    entityType: "user",
    entityId: user.id,
    details: input.breakGlass ? { roles: input.roles, breakGlass: true } : { roles: input.roles },
  });
  return user.id;
}

export function createUser(db: Database, input: NewUser, actorId: number | null, now: Date) {
  return writeTransaction(db, (tx) => insertUser(tx, input, actorId, now));
}

/** Disables a person: their sessions end at once. */
export function disableUser(db: Database, userId: number, actorId: number, reason: string, now: Date): void {
  writeTransaction(db, (tx) => {
    tx.update(users).set({ disabledAt: now }).where(eq(users.id, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    personDisabledEvent(tx, userId, now);
    recordAudit(tx, {
      at: now,
      actorId,
      action: "user.disabled",
      subjectUserId: userId,
      entityType: "user",
      entityId: userId,
      reason,
    });
  });
}

export function countAdmins(db: Database): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(inArray(userRoles.role, ["admin"]), isNull(users.disabledAt)))
    .get();
  return row?.n ?? 0;
}

export type SignInMethod = "password" | "break-glass" | "sso" | "invitation";

/** A successful sign-in: audited, and remembered as the person's last sign-in. */
export function recordSignIn(db: Database, userId: number, method: SignInMethod, now: Date): void {
  writeTransaction(db, (tx) => {
    tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      at: now,
      actorId: userId,
      action: "user.signed-in",
      subjectUserId: userId,
      details: { method },
    });
  });
}
