/**
 * Report rows for the CSV exports, read in keyset-paginated chunks (id > last, limit n):
 * each chunk is one short indexed query, so exporting 100,000 people never holds a
 * statement open or the whole result in memory.
 */
import { and, asc, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { certificationPrograms, certifications, specialistAssignments, technologies, territories, users } from "#db/schema";
import { certificationStatus, currentCertification } from "~/domain/certification";
import { assignmentState } from "~/domain/coverage";
import { getCoverage } from "./coverage.server";

const CHUNK = 2000;

function isoDate(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : "";
}

export const CERTIFICATION_HEADER = ["person", "email", "territory", "technology", "program", "level", "status", "issued", "expires", "credential_id"];

/** One row per person × program they have been certified in, with today's status. */
export function certificationRows(db: Database, now: Date) {
  let lastUserId = 0;
  return (): string[][] => {
    const holders = db
      .selectDistinct({ userId: certifications.userId })
      .from(certifications)
      .where(gt(certifications.userId, lastUserId))
      .orderBy(asc(certifications.userId))
      .limit(CHUNK)
      .all()
      .map((r) => r.userId);
    if (holders.length === 0) return [];
    lastUserId = holders[holders.length - 1] ?? lastUserId;
    const rows = db
      .select({
        userId: certifications.userId,
        programId: certifications.programId,
        credentialId: certifications.credentialId,
        issuedAt: certifications.issuedAt,
        expiresAt: certifications.expiresAt,
        revokedAt: certifications.revokedAt,
        person: users.name,
        email: users.email,
        territory: territories.name,
        technology: technologies.name,
        program: certificationPrograms.name,
        level: certificationPrograms.level,
      })
      .from(certifications)
      .innerJoin(users, eq(users.id, certifications.userId))
      .leftJoin(territories, eq(territories.id, users.territoryId))
      .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
      .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
      .where(inArray(certifications.userId, holders))
      .orderBy(asc(certifications.userId), asc(certifications.programId))
      .all();
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${r.userId}:${r.programId}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const out: string[][] = [];
    for (const group of groups.values()) {
      const c = currentCertification(group, now);
      if (!c) continue;
      out.push([c.person, c.email, c.territory ?? "", c.technology, c.program, c.level, certificationStatus(c, now).status, isoDate(c.issuedAt), isoDate(c.expiresAt), c.credentialId]);
    }
    return out;
  };
}

export const ASSIGNMENT_HEADER = ["person", "email", "territory", "technology", "role", "state", "started", "ended", "certified_until"];

export function assignmentRows(db: Database, now: Date) {
  let lastId = 0;
  return (): string[][] => {
    const rows = db
      .select({
        id: specialistAssignments.id,
        person: users.name,
        email: users.email,
        territory: territories.name,
        technology: technologies.name,
        role: specialistAssignments.role,
        startedAt: specialistAssignments.startedAt,
        endedAt: specialistAssignments.endedAt,
        userId: specialistAssignments.userId,
        technologyId: specialistAssignments.technologyId,
      })
      .from(specialistAssignments)
      .innerJoin(users, eq(users.id, specialistAssignments.userId))
      .innerJoin(territories, eq(territories.id, specialistAssignments.territoryId))
      .innerJoin(technologies, eq(technologies.id, specialistAssignments.technologyId))
      .where(gt(specialistAssignments.id, lastId))
      .orderBy(asc(specialistAssignments.id))
      .limit(CHUNK)
      .all();
    if (rows.length === 0) return [];
    lastId = rows[rows.length - 1]?.id ?? lastId;
    const certs = db
      .select({ userId: certifications.userId, technologyId: certificationPrograms.technologyId, level: certificationPrograms.level, expiresAt: certifications.expiresAt })
      .from(certifications)
      .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
      .where(and(inArray(certifications.userId, [...new Set(rows.map((r) => r.userId))]), isNull(certifications.revokedAt), lte(certifications.issuedAt, now)))
      .all();
    return rows.map((r) => {
      const until = certs
        .filter((c) => c.userId === r.userId && c.technologyId === r.technologyId && (c.level === r.role || c.level === "lead"))
        .reduce<number | null>((max, c) => (max === null || c.expiresAt.getTime() > max ? c.expiresAt.getTime() : max), null);
      const state = r.endedAt ? "ended" : assignmentState(until === null ? null : new Date(until), now);
      return [r.person, r.email, r.territory, r.technology, r.role, state, isoDate(r.startedAt), isoDate(r.endedAt), until === null ? "" : isoDate(new Date(until))];
    });
  };
}

export const COVERAGE_HEADER = ["region", "territory", "technology", "status", "certified_people", "leads", "lapsed_assignments", "covered_until"];

export function coverageRows(db: Database, now: Date) {
  let done = false;
  return (): string[][] => {
    if (done) return [];
    done = true;
    const coverage = getCoverage(db, {}, now);
    return coverage.territories.flatMap((territory) =>
      coverage.technologies.map((tech) => {
        const cell = coverage.cells[`${territory.id}:${tech.id}`];
        return [territory.region, territory.name, tech.name, cell?.status ?? "", String(cell?.specialists ?? 0), String(cell?.leads ?? 0), String(cell?.lapsed ?? 0), isoDate(cell?.coveredUntil)];
      }),
    );
  };
}
