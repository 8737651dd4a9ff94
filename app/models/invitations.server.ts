/**
 * Invitations: a one-time link to set a password, valid 7 days. The token is random and
 * only its SHA-256 is stored; the link is shown to the admin and mailed through the outbox
 * (whose copy of the link is blanked once delivered).
 */
import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { INVITATION_DAYS, invitations, ROLES, userRoles, users, type Role } from "#db/schema";
import { addDays } from "~/domain/time";
import { formatDate } from "~/ui/format";
import { publicOrigin } from "~/utils/env.server";
import { conflict, notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { sendToPerson } from "./messages.server";
import { insertUser, normalizeEmail } from "./users.server";

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}

export interface InviteInput {
  email: string;
  name: string;
  territoryId: number | null;
  roles: Role[];
}

/** Creates (or re-invites) a person who has not set a password yet; returns the link path. */
export function invitePerson(
  db: Database,
  input: InviteInput,
  actorId: number,
  now: Date,
  /** Where the mailed link points (APP_ORIGIN). */
  origin = publicOrigin(),
): { userId: number; path: string } {
  return writeTransaction(db, (tx) => {
    const email = normalizeEmail(input.email);
    const existing = tx
      .select({ id: users.id, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, email))
      .get();
    if (existing?.passwordHash)
      throw conflict(`${email} already has an account: they can sign in.`, { field: "email" });
    const roles = ROLES.filter((r) => input.roles.includes(r));
    const userId =
      existing?.id ??
      insertUser(
        tx,
        {
          email,
          name: input.name,
          roles: roles.length > 0 ? roles : ["learner"],
          territoryId: input.territoryId,
        },
        actorId,
        now,
      );
    // A new invitation replaces any earlier unused one.
    tx.update(invitations)
      .set({ usedAt: now })
      .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt)))
      .run();
    const token = crypto.randomBytes(32).toString("base64url");
    const invitation = tx
      .insert(invitations)
      .values({
        userId,
        tokenHash: hashToken(token),
        createdById: actorId,
        createdAt: now,
        expiresAt: addDays(now, INVITATION_DAYS),
      })
      .returning({ id: invitations.id })
      .get();
    const path = `/invite/${token}`;
    sendToPerson(
      tx,
      { id: userId, email },
      {
        key: `invitation:${invitation.id}`,
        topic: "user.invited",
        content: {
          subject: "Your Partner Academy invitation",
          greeting: `Hello ${input.name},`,
          paragraphs: [
            "You have been invited to Partner Academy, where partner managers train and certify per technology.",
            `Set your password with the link below. It works once, until ${formatDate(addDays(now, INVITATION_DAYS))}.`,
          ],
          action: { label: "Set your password", url: `${origin}${path}` },
        },
        summary: "Invitation sent.",
        path: null,
        inApp: false,
        sensitive: true,
      },
      now,
    );
    recordAudit(tx, {
      at: now,
      actorId,
      action: "user.invited",
      subjectUserId: userId,
      entityType: "user",
      entityId: userId,
      details: { expiresAt: addDays(now, INVITATION_DAYS).toISOString() },
    });
    return { userId, path };
  });
}

export type InvitationState =
  | { state: "valid"; name: string; email: string }
  | { state: "used" }
  | { state: "expired" }
  | { state: "unknown" };

export function invitationState(db: Database, token: string, now: Date): InvitationState {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "unknown" };
  const row = db
    .select({
      usedAt: invitations.usedAt,
      expiresAt: invitations.expiresAt,
      name: users.name,
      email: users.email,
      disabledAt: users.disabledAt,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .get();
  if (!row || row.disabledAt) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: "expired" };
  return { state: "valid", name: row.name, email: row.email };
}

/** Sets the password and uses up the invitation, once. Returns the user id. */
export function acceptInvitation(db: Database, token: string, passwordHash: string, now: Date): number {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select({
        id: invitations.id,
        userId: invitations.userId,
        usedAt: invitations.usedAt,
        expiresAt: invitations.expiresAt,
      })
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token)))
      .get();
    if (!row) throw notFound("This invitation link is not valid. Ask your admin for a new one.");
    if (row.usedAt)
      throw conflict(
        "This invitation has already been used. Sign in with your password, or ask your admin for a new link.",
      );
    if (row.expiresAt.getTime() <= now.getTime())
      throw conflict("This invitation has expired. Ask your admin for a new one.");
    const used = tx
      .update(invitations)
      .set({ usedAt: now })
      .where(and(eq(invitations.id, row.id), isNull(invitations.usedAt)))
      .run();
    if (used.changes === 0) throw conflict("This invitation has already been used.");
    tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId)).run();
    const isLearner = tx.select().from(userRoles).where(eq(userRoles.userId, row.userId)).all().length > 0;
    if (!isLearner) tx.insert(userRoles).values({ userId: row.userId, role: "learner" }).run();
    recordAudit(tx, {
      at: now,
      actorId: row.userId,
      action: "user.invitation-accepted",
      subjectUserId: row.userId,
      entityType: "user",
      entityId: row.userId,
    });
    return row.userId;
  });
}
