/**
 * Who may be nominated (DESIGN.md Rule 16): active partner managers, not already holding an
 * open plan for the program, not already holding what it leads to; and the people a pasted
 * list of emails names.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import { learningPlans, userRoles, users } from "#db/schema";
import { isActive, levelQualifiesFor, type ProgramLevel } from "~/domain/certification";
import { technologyCertificationsOf } from "./holdings.server";

/** At most this many people in one nomination (a CSV of a territory's whole team fits). */
export const NOMINATE_MAX_PEOPLE = 500;

export function nominees(
  tx: Transaction,
  userIds: readonly number[],
  program: { id: number; technologyId: number; level: ProgramLevel },
  now: Date,
) {
  const ids = [...userIds];
  const people = tx
    .select({ id: users.id, name: users.name, disabledAt: users.disabledAt })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
    .where(inArray(users.id, ids))
    .all();
  const open = new Set(
    tx
      .select({ userId: learningPlans.userId })
      .from(learningPlans)
      .where(
        and(
          inArray(learningPlans.userId, ids),
          eq(learningPlans.programId, program.id),
          isNull(learningPlans.cancelledAt),
          isNull(learningPlans.outcome),
        ),
      )
      .all()
      .map((r) => r.userId),
  );
  // Already holding what the plan leads to (Rule 7: a lead certification fills both seats).
  const certified = new Set(
    technologyCertificationsOf(tx, ids, program.technologyId)
      .filter((c) => levelQualifiesFor(c.level, program.level) && isActive(c, now))
      .map((c) => c.userId),
  );
  return { people, open, certified };
}

/**
 * The people a pasted list or CSV names: every cell that looks like an email address, matched
 * as stored (emails are kept lower-case). Addresses nobody has are returned apart, to be reported.
 */
export function resolveEmails(db: Database, text: string): { userIds: number[]; unknown: string[] } {
  const emails = [
    ...new Set(
      text
        .split(/[\s,;"]+/)
        .map((cell) => cell.trim().toLowerCase())
        .filter((cell) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(cell)),
    ),
  ].slice(0, NOMINATE_MAX_PEOPLE + 1);
  if (emails.length === 0) return { userIds: [], unknown: [] };
  const found = db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, emails))
    .all();
  const known = new Set(found.map((u) => u.email.toLowerCase()));
  return { userIds: found.map((u) => u.id), unknown: emails.filter((e) => !known.has(e)) };
}
