/**
 * The demo organisation's learning plans (DESIGN.md Rule 16), one in each state, made through
 * the same model an admin uses, at moments in the past: the demo learner on track for
 * Storage Specialist, a newcomer at risk, one overdue, a certified person whose plan is
 * complete and waits for the seat to be offered, one cancelled; and two templates.
 */
import { and, asc, eq, gt, isNull, lt, notExists, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  certifications,
  specialistAssignments,
  technologies,
  userRoles,
  users,
} from "#db/schema";
import { dueOnAfterWeeks } from "~/domain/plans";
import { addDays } from "~/domain/time";
import { cancelPlan, nominate } from "~/models/plan-nominations.server";
import { createPlanTemplate } from "~/models/plan-templates.server";

const ORIGIN = "http://localhost:3000";

function specialistProgram(db: Database, technologySlug: string) {
  return db
    .select({ id: certificationPrograms.id, technologyId: certificationPrograms.technologyId })
    .from(certificationPrograms)
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .where(and(eq(technologies.slug, technologySlug), eq(certificationPrograms.level, "specialist")))
    .get();
}

export function seedDemoPlans(db: Database, now: Date): number {
  const admin = db.select().from(users).where(eq(users.email, "admin@example.com")).get();
  const sam = db.select().from(users).where(eq(users.email, "learner@example.com")).get();
  const storage = specialistProgram(db, "storage");
  const printing = specialistProgram(db, "printing");
  if (!admin || !sam || !storage) return 0;
  const templateAt = addDays(now, -90);
  const template = createPlanTemplate(
    db,
    {
      programId: storage.id,
      name: "New storage specialist",
      durationWeeks: 6,
      note: "Four modules, about two hours a week: economics, business model, sales life-cycle, product.",
    },
    admin.id,
    templateAt,
  );
  if (printing)
    createPlanTemplate(
      db,
      { programId: printing.id, name: "Printing specialist refresher", durationWeeks: 4, note: "" },
      admin.id,
      templateAt,
    );

  // Partner managers who have not started anything: the newcomers to nominate.
  const newcomers = db
    .select({ id: users.id, territoryId: users.territoryId })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
    .where(
      and(
        notExists(
          db
            .select({ one: sql`1` })
            .from(attainments)
            .where(eq(attainments.userId, users.id)),
        ),
        sql`${users.id} <> ${sam.id}`,
      ),
    )
    .orderBy(asc(users.id))
    .limit(3)
    .all();
  const today = dueOnAfterWeeks(now, 0);
  let made = 0;
  const plan = (
    userIds: number[],
    programId: number,
    territoryId: number | null,
    nominatedAt: Date,
    dueOn: Date,
    note: string,
    templateId: number | null = null,
  ) => {
    const result = nominate(
      db,
      { userIds, programId, targetTerritoryId: territoryId, dueOn, note, templateId },
      admin.id,
      ORIGIN,
      nominatedAt,
    );
    made += result.created.length;
    return result.created.map((c) => c.planId);
  };

  // On track: Sam, part-way through the storage path, due in 40 days.
  plan(
    [sam.id],
    storage.id,
    sam.territoryId,
    addDays(now, -25),
    addDays(today, 40),
    "Our storage specialist for the territory, once certified.",
    template,
  );
  const [atRisk, overdue, cancelled] = newcomers;
  // At risk: four modules (about 200 minutes) left and eight days to go.
  if (atRisk)
    plan(
      [atRisk.id],
      storage.id,
      atRisk.territoryId,
      addDays(now, -30),
      addDays(today, 8),
      "Storage demand is growing at two partners in the territory.",
    );
  // Overdue: due five days ago, nothing done.
  if (overdue) plan([overdue.id], storage.id, overdue.territoryId, addDays(now, -60), addDays(today, -5), "");
  if (cancelled) {
    const [id] = plan([cancelled.id], storage.id, null, addDays(now, -40), addDays(today, 20), "");
    if (id) cancelPlan(db, id, "Moved to another business unit.", admin.id, addDays(now, -35));
  }

  // Completed: a person certified a few weeks ago, not yet in a seat of that technology.
  const holder = db
    .select({
      userId: certifications.userId,
      programId: certifications.programId,
      issuedAt: certifications.issuedAt,
      territoryId: users.territoryId,
    })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(
      and(
        eq(certificationPrograms.level, "specialist"),
        gt(certifications.issuedAt, addDays(now, -80)),
        lt(certifications.issuedAt, addDays(now, -30)),
        isNull(certifications.revokedAt),
        notExists(
          db
            .select({ one: sql`1` })
            .from(specialistAssignments)
            .where(
              and(
                eq(specialistAssignments.userId, certifications.userId),
                eq(specialistAssignments.technologyId, certificationPrograms.technologyId),
                isNull(specialistAssignments.endedAt),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(certifications.id))
    .get();
  if (holder)
    plan(
      [holder.userId],
      holder.programId,
      holder.territoryId,
      addDays(holder.issuedAt, -35),
      addDays(dueOnAfterWeeks(holder.issuedAt, 0), 10),
      "",
    );
  return made;
}
