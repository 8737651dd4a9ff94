/**
 * Renewals as admins follow them, and the admins' weekly digest (DESIGN.md Rule 15):
 * lapsed, in grace, at risk, renewals in progress and holders behind a delta deadline.
 *
 * "Renewal in progress" (decision 043): an active certification in its renewal window, not
 * yet renewed, whose holder has attained one of the technology's competencies or worked in
 * one of its modules since the window opened.
 */
import { and, eq, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { certificationPrograms, certifications, userRoles, users } from "#db/schema";
import { isoWeek } from "~/domain/reminders";
import { DAY_MS } from "~/domain/time";
import { formatDate, plural } from "~/ui/format";
import { countAssignments, listAssignmentsIn } from "./assignments.server";
import { sendToPerson } from "./messages.server";
import { existingKeys } from "./outbox.server";
import { listMajorRevisions } from "./recertification.server";

function renewalColumns(db: Database, now: Date) {
  const t = now.getTime();
  // The widest window bounds the indexed range of expiries to look at.
  const widest =
    db
      .select({ days: sql<number | null>`max(${certificationPrograms.renewalWindowDays})` })
      .from(certificationPrograms)
      .get()?.days ?? 0;
  const opens = sql`("certifications"."expires_at" - "certification_programs"."renewal_window_days" * ${DAY_MS})`;
  const inWindow = sql`("certifications"."expires_at" > ${t} and "certifications"."expires_at" <= ${t + widest * DAY_MS}
    and ("certifications"."revoked_at" is null or "certifications"."revoked_at" > ${t}) and "certifications"."issued_at" <= ${t}
    and "certifications"."expires_at" > ${t} and ${opens} <= ${t}
    and not exists (select 1 from certifications r
      where r.user_id = "certifications"."user_id" and r.program_id = "certifications"."program_id"
        and r.id <> "certifications"."id" and r.issued_at > "certifications"."issued_at"
        and r.issued_at <= ${t} and r.expires_at > "certifications"."expires_at"
        and (r.revoked_at is null or r.revoked_at > ${t})))`;
  const started = sql<number>`(exists (select 1 from attainments a join competencies k on k.id = a.competency_id
      where a.user_id = "certifications"."user_id" and k.technology_id = "certification_programs"."technology_id"
        and a.attained_at >= ${opens} and a.attained_at <= ${t})
    or exists (select 1 from enrollments e join modules m on m.id = e.module_id
      where e.user_id = "certifications"."user_id" and m.technology_id = "certification_programs"."technology_id"
        and e.last_activity_at >= ${opens} and e.last_activity_at <= ${t}))`;
  return { inWindow, started };
}

/**
 * Certifications in their renewal window, and (`withProgress`: the digest, not the overview
 * page, since it reads each holder's recent activity) how many of their holders have started.
 */
export function renewalCounts(db: Database, now: Date, withProgress = true) {
  const { inWindow, started } = renewalColumns(db, now);
  const row = db
    .select({
      inWindow: sql<number>`count(*)`,
      inProgress: withProgress
        ? sql<number>`coalesce(sum(case when ${started} then 1 else 0 end), 0)`
        : sql<number>`null`,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    // Holders' accounts enabled, as a set of the few disabled ones (partial index): a lookup
    // of every holder's account row costs more than the rest of the count (decision 083).
    .where(
      and(
        inWindow,
        notInArray(
          certifications.userId,
          db.select({ id: users.id }).from(users).where(isNotNull(users.disabledAt)),
        ),
      ),
    )
    .get();
  return { inWindow: row?.inWindow ?? 0, inProgress: row?.inProgress ?? null };
}

export function listRenewalsInProgress(db: Database, now: Date, limit: number) {
  const { inWindow, started } = renewalColumns(db, now);
  return db
    .select({
      userId: users.id,
      person: users.name,
      program: certificationPrograms.name,
      expiresAt: certifications.expiresAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .innerJoin(users, eq(users.id, certifications.userId))
    .where(and(inWindow, started, isNull(users.disabledAt)))
    .orderBy(certifications.expiresAt)
    .limit(limit)
    .all();
}

export const digestKey = (adminId: number, week: string) => `admin-digest:${adminId}:${week}`;

const LIST = 10;

/** The week's digest to every active admin, once per ISO week. */
export function queueWeeklyDigest(db: Database, now: Date, origin: string): number {
  const week = isoWeek(now);
  const admins = db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "admin")))
    .where(isNull(users.disabledAt))
    .all();
  const sent = existingKeys(
    db,
    admins.map((a) => digestKey(a.id, week)),
  );
  const due = admins.filter((a) => !sent.has(digestKey(a.id, week)));
  if (due.length === 0) return 0;
  const assignments = countAssignments(db, now);
  const renewals = renewalCounts(db, now);
  const behind = listMajorRevisions(db, now).reduce((n, r) => n + r.behind, 0);
  const seat = (a: { person: string; technology: string; role: string; territory: string }) =>
    `${a.person} · ${a.technology} ${a.role} · ${a.territory}`;
  const list = [
    ...listAssignmentsIn(db, "lapsed", now, LIST).map((a) => `Lapsed: ${seat(a)}`),
    ...listAssignmentsIn(db, "in-grace", now, LIST).map(
      (a) => `In grace until ${a.lapsesAt ? formatDate(a.lapsesAt) : "?"}: ${seat(a)}`,
    ),
    ...listAssignmentsIn(db, "at-risk", now, LIST).map(
      (a) => `At risk, certified until ${a.validUntil ? formatDate(a.validUntil) : "?"}: ${seat(a)}`,
    ),
    ...listRenewalsInProgress(db, now, LIST).map(
      (r) => `Renewing: ${r.person} · ${r.program} (expires ${formatDate(r.expiresAt)})`,
    ),
  ];
  const summary = `${assignments.lapsed} lapsed, ${assignments.inGrace} in grace, ${assignments.atRisk} at risk, ${plural(renewals.inProgress ?? 0, "renewal")} in progress`;
  return writeTransaction(db, (tx) =>
    due.reduce(
      (n, admin) =>
        n +
        (sendToPerson(
          tx,
          admin,
          {
            key: digestKey(admin.id, week),
            topic: "admin.digest",
            content: {
              subject: `Weekly digest ${week}: ${summary}`,
              greeting: `Hello ${admin.name},`,
              paragraphs: [
                `Specialist assignments on ${formatDate(now)}: ${summary}.`,
                `${plural(renewals.inWindow, "certification")} ${renewals.inWindow === 1 ? "is in its" : "are in their"} renewal window; ${plural(behind, "holder")} ${behind === 1 ? "is" : "are"} behind a module's delta deadline.`,
              ],
              list,
              action: { label: "Open the overview", url: `${origin}/admin` },
            },
            summary: `${summary}.`,
            path: "/admin",
          },
          now,
        )
          ? 1
          : 0),
      0,
    ),
  );
}
