/**
 * Signing in with the identity provider (issue #16): find the person by their IdP identity
 * (issuer + `sub`), else link the account with the same verified email, else create one;
 * then apply the roles and territory the IdP says, each change audited. One BEGIN
 * IMMEDIATE transaction, so two first sign-ins at once cannot create the person twice.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { ssoIdentities, territories, userRoles, users, type Role } from "#db/schema";
import { rolesFromGroups, sameRoles, type RoleMapping, type SsoIdentity } from "~/domain/sso";
import { forbidden } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { insertUser } from "./users.server";

export interface SsoSignInInput {
  issuer: string;
  identity: SsoIdentity;
  /** Undefined: roles are the app's (new people start as learners). */
  roleMapping: RoleMapping | undefined;
  /** The IdP's name as people know it, for messages and audit reasons. */
  label: string;
}

/** Why a sign-in with a valid identity is still refused; `details.code` on the Refusal. */
export type SsoRefusalCode = "disabled" | "break-glass" | "linked-elsewhere";

export interface SsoSignInResult {
  userId: number;
  created: boolean;
  linked: boolean;
  /** Things an operator may want to know (a territory the app does not know …), for the log. */
  notes: string[];
}

function refuse(code: SsoRefusalCode, message: string): never {
  throw forbidden(message, { details: { code } });
}

const DISABLED_MESSAGE =
  "Your Partner Academy account is disabled, so you cannot sign in. If you think this is a mistake, ask an admin.";

function rolesOf(tx: Transaction, userId: number): Role[] {
  return tx
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role);
}

function territoryNamed(tx: Transaction, value: string) {
  const wanted = value.toLowerCase();
  return tx
    .select({ id: territories.id })
    .from(territories)
    .where(sql`lower(${territories.code}) = ${wanted} or lower(${territories.name}) = ${wanted}`)
    .get();
}

export function signInWithSso(db: Database, input: SsoSignInInput, now: Date): SsoSignInResult {
  const { identity, issuer } = input;
  return writeTransaction(db, (tx) => {
    const notes: string[] = [];
    let created = false;
    let linked = false;
    const known = tx
      .select({ id: users.id, email: users.email, name: users.name, disabledAt: users.disabledAt })
      .from(ssoIdentities)
      .innerJoin(users, eq(users.id, ssoIdentities.userId))
      .where(and(eq(ssoIdentities.issuer, issuer), eq(ssoIdentities.subject, identity.subject)))
      .get();

    let userId: number;
    if (known) {
      if (known.disabledAt) refuse("disabled", DISABLED_MESSAGE);
      userId = known.id;
      followEmailAndName(tx, known, identity, notes, now);
    } else {
      const byEmail = tx
        .select({
          id: users.id,
          disabledAt: users.disabledAt,
          breakGlass: users.breakGlass,
          linkedSubject: ssoIdentities.subject,
        })
        .from(users)
        .leftJoin(ssoIdentities, eq(ssoIdentities.userId, users.id))
        .where(eq(users.email, identity.email))
        .get();
      if (byEmail) {
        if (byEmail.disabledAt) refuse("disabled", DISABLED_MESSAGE);
        if (byEmail.breakGlass)
          refuse(
            "break-glass",
            `${identity.email} is a break-glass account: it signs in with its password only, never through ${input.label}.`,
          );
        if (byEmail.linkedSubject !== null)
          refuse(
            "linked-elsewhere",
            `The Partner Academy account for ${identity.email} is linked to another ${input.label} identity. Ask an admin to unlink it, then sign in again.`,
          );
        userId = byEmail.id;
        linked = true;
      } else {
        const roles = input.roleMapping
          ? rolesFromGroups(identity.groups, input.roleMapping)
          : ["learner" as const];
        userId = insertUser(tx, { email: identity.email, name: identity.name, roles }, null, now);
        created = true;
      }
      tx.insert(ssoIdentities).values({ userId, issuer, subject: identity.subject, linkedAt: now }).run();
      recordAudit(tx, {
        at: now,
        actorId: null,
        action: "user.sso-linked",
        subjectUserId: userId,
        entityType: "user",
        entityId: userId,
        reason: created
          ? `Created at first sign-in with ${input.label}`
          : `Linked by verified email at first sign-in with ${input.label}`,
        details: { issuer, subject: identity.subject, email: identity.email, created },
      });
    }

    if (input.roleMapping && !created) applyRoles(tx, userId, identity, input, now);
    if (identity.territory !== undefined)
      applyTerritory(tx, userId, identity.territory, input.label, notes, now);
    return { userId, created, linked, notes };
  });
}

/** The IdP's email and name win: a person renamed or moved to a new address there follows. */
function followEmailAndName(
  tx: Transaction,
  known: { id: number; email: string; name: string },
  identity: SsoIdentity,
  notes: string[],
  now: Date,
) {
  if (known.name !== identity.name) {
    tx.update(users).set({ name: identity.name }).where(eq(users.id, known.id)).run();
  }
  if (known.email === identity.email) return;
  const taken = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, identity.email), ne(users.id, known.id)))
    .get();
  if (taken) {
    notes.push(`email stays ${known.email}: ${identity.email} belongs to another account (user ${taken.id})`);
    return;
  }
  tx.update(users).set({ email: identity.email }).where(eq(users.id, known.id)).run();
  recordAudit(tx, {
    at: now,
    actorId: null,
    action: "user.email-changed",
    subjectUserId: known.id,
    entityType: "user",
    entityId: known.id,
    reason: "Changed at the identity provider",
    details: { from: known.email, to: identity.email },
  });
}

function applyRoles(
  tx: Transaction,
  userId: number,
  identity: SsoIdentity,
  input: SsoSignInInput,
  now: Date,
) {
  if (!input.roleMapping) return;
  const before = rolesOf(tx, userId);
  const after = rolesFromGroups(identity.groups, input.roleMapping);
  if (sameRoles(before, after)) return;
  tx.delete(userRoles).where(eq(userRoles.userId, userId)).run();
  tx.insert(userRoles)
    .values(after.map((role) => ({ userId, role })))
    .run();
  recordAudit(tx, {
    at: now,
    actorId: null,
    action: "user.roles-changed",
    subjectUserId: userId,
    entityType: "user",
    entityId: userId,
    reason: `From ${input.label} groups at sign-in`,
    details: { from: before, to: after, groups: identity.groups ?? [] },
  });
}

function applyTerritory(
  tx: Transaction,
  userId: number,
  value: string,
  label: string,
  notes: string[],
  now: Date,
) {
  const territory = territoryNamed(tx, value);
  if (!territory) {
    notes.push(`territory claim "${value}" names no territory: territory left as it was`);
    return;
  }
  const person = tx.select({ territoryId: users.territoryId }).from(users).where(eq(users.id, userId)).get();
  if (!person || person.territoryId === territory.id) return;
  tx.update(users).set({ territoryId: territory.id }).where(eq(users.id, userId)).run();
  recordAudit(tx, {
    at: now,
    actorId: null,
    action: "user.territory-changed",
    subjectUserId: userId,
    entityType: "user",
    entityId: userId,
    reason: `From ${label} at sign-in`,
    details: { from: person.territoryId, to: territory.id, claim: value },
  });
}

/** Admin: forget a person's IdP identity (their next SSO sign-in links again by email). */
export function unlinkSso(db: Database, userId: number, actorId: number, now: Date): boolean {
  return writeTransaction(db, (tx) => {
    const identity = tx.select().from(ssoIdentities).where(eq(ssoIdentities.userId, userId)).get();
    if (!identity) return false;
    tx.delete(ssoIdentities).where(eq(ssoIdentities.userId, userId)).run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "user.sso-unlinked",
      subjectUserId: userId,
      entityType: "user",
      entityId: userId,
      details: { issuer: identity.issuer, subject: identity.subject },
    });
    return true;
  });
}

/** The person's IdP link, for the person record. */
export function ssoIdentityOf(db: Database, userId: number) {
  return db
    .select({ issuer: ssoIdentities.issuer, linkedAt: ssoIdentities.linkedAt })
    .from(ssoIdentities)
    .where(eq(ssoIdentities.userId, userId))
    .get();
}
