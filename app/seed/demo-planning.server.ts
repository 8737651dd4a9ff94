/**
 * The demo organisation's coverage-planning cases (issue #17): seat caps (2 specialist seats,
 * 4 lead seats per person) and one specialist holding two seats — at the cap. The demo's
 * other stages already give cells lapsing within two months (certifications expiring within
 * 30 days, then 30 days of grace) and held cells with no eligible backup.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import {
  certificationPrograms,
  certifications,
  seatCaps,
  specialistAssignments,
  territories,
} from "#db/schema";
import { addDays } from "~/domain/time";
import { assignSpecialist } from "~/models/assignments.server";

export const DEMO_SEAT_CAPS = { specialist: 2, lead: 4 } as const;

export function seedPlanningDemo(db: Database, adminId: number | null, now: Date) {
  return writeTransaction(db, (tx) => {
    tx.insert(seatCaps)
      .values([
        { level: "specialist", maxSeats: DEMO_SEAT_CAPS.specialist },
        { level: "lead", maxSeats: DEMO_SEAT_CAPS.lead },
      ])
      .run();
    // The specialist certified longest into the future takes a second territory's seat.
    const holder = tx
      .select({
        userId: specialistAssignments.userId,
        technologyId: specialistAssignments.technologyId,
        territoryId: specialistAssignments.territoryId,
      })
      .from(specialistAssignments)
      .innerJoin(
        certifications,
        and(
          eq(certifications.userId, specialistAssignments.userId),
          isNull(certifications.revokedAt),
          sql`${certifications.expiresAt} > ${addDays(now, 180).getTime()}`,
        ),
      )
      .innerJoin(
        certificationPrograms,
        and(
          eq(certificationPrograms.id, certifications.programId),
          eq(certificationPrograms.technologyId, specialistAssignments.technologyId),
          eq(certificationPrograms.level, "specialist"),
        ),
      )
      .where(and(eq(specialistAssignments.role, "specialist"), isNull(specialistAssignments.endedAt)))
      .orderBy(asc(specialistAssignments.id))
      .get();
    if (!holder) return null;
    const free = tx
      .select({ id: territories.id })
      .from(territories)
      .where(
        sql`${territories.id} <> ${holder.territoryId} and not exists (select 1 from specialist_assignments s
          where s.territory_id = ${territories.id} and s.technology_id = ${holder.technologyId} and s.ended_at is null)`,
      )
      .orderBy(asc(territories.id))
      .get();
    if (!free) return null;
    assignSpecialist(
      tx,
      { userId: holder.userId, technologyId: holder.technologyId, territoryId: free.id, role: "specialist" },
      adminId,
      addDays(now, -1),
    );
    return holder.userId;
  });
}
