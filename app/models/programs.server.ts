/**
 * The catalog of what can be certified: technologies (with coverage targets), competencies
 * (kind, validity) and certification programs (requirements, validity). Changing a
 * program's requirements never touches certifications already issued (Rule 5).
 */
import { asc, eq, sql } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import {
  businessUnits,
  certificationPrograms,
  competencies,
  partners,
  partnerTechnologyMix,
  PROGRAM_LEVELS,
  programRequirements,
  regions,
  technologies,
  territories,
  type CompetencyKind,
} from "#db/schema";
import { recordAudit } from "./audit.server";
import { slugify } from "~/utils/slug";
import { conflict, invalid, notFound } from "~/utils/refusal";

export function getProgramsCatalog(db: Database) {
  const units = db.select().from(businessUnits).orderBy(asc(businessUnits.name)).all();
  const techs = db.select().from(technologies).orderBy(asc(technologies.name)).all();
  const comps = db.select().from(competencies).orderBy(asc(competencies.id)).all();
  const programs = db.select().from(certificationPrograms).all();
  const requirements = db.select().from(programRequirements).all();
  const holders = db
    .select({ programId: sql<number>`c.program_id`, n: sql<number>`count(*)` })
    .from(sql`certifications c`)
    .groupBy(sql`c.program_id`)
    .all();
  return units.map((unit) => ({
    ...unit,
    technologies: techs
      .filter((t) => t.businessUnitId === unit.id)
      .map((t) => ({
        ...t,
        competencies: comps.filter((c) => c.technologyId === t.id),
        programs: programs
          .filter((p) => p.technologyId === t.id)
          .sort((a, b) => PROGRAM_LEVELS.indexOf(a.level) - PROGRAM_LEVELS.indexOf(b.level))
          .map((p) => ({
            ...p,
            requirementIds: requirements.filter((r) => r.programId === p.id).map((r) => r.competencyId),
            issued: holders.find((h) => h.programId === p.id)?.n ?? 0,
          })),
      })),
  }));
}

export function updateProgram(
  db: Database,
  programId: number,
  input: { validityMonths: number; requirementIds: number[] },
  actorId: number,
  now: Date,
  /** Extra audit details, e.g. the what-if figures (issue #17). */
  extra: Record<string, unknown> = {},
) {
  writeTransaction(db, (tx) => {
    const program = tx
      .select()
      .from(certificationPrograms)
      .where(eq(certificationPrograms.id, programId))
      .get();
    if (!program) throw notFound("No such program.");
    const allowed = new Set(
      tx
        .select({ id: competencies.id })
        .from(competencies)
        .where(eq(competencies.technologyId, program.technologyId))
        .all()
        .map((c) => c.id),
    );
    if (input.requirementIds.some((id) => !allowed.has(id)))
      throw invalid("A requirement belongs to another technology.", { field: "competencyIds" });
    const before = tx
      .select({ id: programRequirements.competencyId })
      .from(programRequirements)
      .where(eq(programRequirements.programId, programId))
      .all()
      .map((r) => r.id)
      .sort((a, b) => a - b);
    tx.update(certificationPrograms)
      .set({ validityMonths: input.validityMonths })
      .where(eq(certificationPrograms.id, programId))
      .run();
    tx.delete(programRequirements).where(eq(programRequirements.programId, programId)).run();
    if (input.requirementIds.length > 0)
      tx.insert(programRequirements)
        .values(input.requirementIds.map((competencyId) => ({ programId, competencyId })))
        .run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "program.updated",
      entityType: "program",
      entityId: programId,
      details: {
        validityMonths: { from: program.validityMonths, to: input.validityMonths },
        requirements: { from: before, to: [...input.requirementIds].sort((a, b) => a - b) },
        ...extra,
      },
    });
  });
}

export function updateCompetency(
  db: Database,
  competencyId: number,
  input: { name: string; validityMonths: number },
  actorId: number,
  now: Date,
) {
  writeTransaction(db, (tx) => {
    const updated = tx.update(competencies).set(input).where(eq(competencies.id, competencyId)).run();
    if (updated.changes === 0) throw notFound("No such competency.");
    recordAudit(tx, {
      at: now,
      actorId,
      action: "competency.updated",
      entityType: "competency",
      entityId: competencyId,
      details: input,
    });
  });
}

export function addCompetency(
  db: Database,
  input: { technologyId: number; name: string; kind: CompetencyKind; validityMonths: number },
  actorId: number,
  now: Date,
) {
  return writeTransaction(db, (tx) => {
    const tech = tx.select().from(technologies).where(eq(technologies.id, input.technologyId)).get();
    if (!tech) throw notFound("No such technology.");
    let slug = `${tech.slug}-${slugify(input.name).replace(new RegExp(`^${tech.slug}-`), "")}`;
    for (let n = 2; tx.select().from(competencies).where(eq(competencies.slug, slug)).get(); n++)
      slug = `${slug}-${n}`;
    const id = tx
      .insert(competencies)
      .values({ ...input, slug })
      .returning({ id: competencies.id })
      .get().id;
    recordAudit(tx, {
      at: now,
      actorId,
      action: "competency.created",
      entityType: "competency",
      entityId: id,
      details: { slug },
    });
    return id;
  });
}

export function updateTargets(
  db: Database,
  technologyId: number,
  input: { targetSpecialists: number; targetLeads: number },
  actorId: number,
  now: Date,
) {
  writeTransaction(db, (tx) => {
    tx.update(technologies).set(input).where(eq(technologies.id, technologyId)).run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "technology.targets-changed",
      entityType: "technology",
      entityId: technologyId,
      details: input,
    });
  });
}

/** Regions, territories and partners with their sales mix, for the organisation page. */
export function getOrganisation(db: Database) {
  const techs = db
    .select({ id: technologies.id, name: technologies.name })
    .from(technologies)
    .orderBy(asc(technologies.name))
    .all();
  const rows = db
    .select({
      region: regions.name,
      territoryId: territories.id,
      territory: territories.name,
      code: territories.code,
      partnerId: partners.id,
      partner: partners.name,
    })
    .from(territories)
    .innerJoin(regions, eq(regions.id, territories.regionId))
    .leftJoin(partners, eq(partners.territoryId, territories.id))
    .orderBy(asc(regions.name), asc(territories.name), asc(partners.name))
    .all();
  const mix = db.select().from(partnerTechnologyMix).all();
  return {
    technologies: techs,
    territories: [...new Map(rows.map((r) => [r.territoryId, r])).values()].map((t) => ({
      id: t.territoryId,
      name: t.territory,
      code: t.code,
      region: t.region,
      partners: rows
        .filter((r) => r.territoryId === t.territoryId && r.partnerId !== null)
        .map((r) => ({
          id: r.partnerId ?? 0,
          name: r.partner ?? "",
          mix: Object.fromEntries(
            mix.filter((m) => m.partnerId === r.partnerId).map((m) => [m.technologyId, m.sharePercent]),
          ),
        })),
    })),
  };
}

export function addTerritory(
  db: Database,
  input: { regionId: number; name: string; code: string },
  actorId: number,
  now: Date,
) {
  return writeTransaction(db, (tx) => {
    const clash = tx
      .select({ id: territories.id })
      .from(territories)
      .where(
        sql`lower(${territories.name}) = lower(${input.name}) or lower(${territories.code}) = lower(${input.code})`,
      )
      .get();
    if (clash) throw conflict("A territory with that name or code exists already.", { field: "name" });
    const id = tx
      .insert(territories)
      .values({ regionId: input.regionId, name: input.name, code: input.code.toUpperCase() })
      .returning({ id: territories.id })
      .get().id;
    recordAudit(tx, {
      at: now,
      actorId,
      action: "territory.created",
      entityType: "territory",
      entityId: id,
      details: input,
    });
    return id;
  });
}

/** A partner and its sales mix: shares per technology, 0–100, adding up to at most 100. */
export function addPartner(
  db: Database,
  input: { territoryId: number; name: string; mix: { technologyId: number; sharePercent: number }[] },
  actorId: number,
  now: Date,
) {
  const total = input.mix.reduce((sum, m) => sum + m.sharePercent, 0);
  if (total > 100) throw invalid(`The shares add up to ${total}%: at most 100%.`, { field: "mix" });
  return writeTransaction(db, (tx) => {
    const clash = tx
      .select({ id: partners.id })
      .from(partners)
      .where(
        sql`${partners.territoryId} = ${input.territoryId} and lower(${partners.name}) = lower(${input.name})`,
      )
      .get();
    if (clash) throw conflict("That partner already exists in this territory.", { field: "name" });
    const id = tx
      .insert(partners)
      .values({ territoryId: input.territoryId, name: input.name })
      .returning({ id: partners.id })
      .get().id;
    const shares = input.mix.filter((m) => m.sharePercent > 0);
    if (shares.length > 0)
      tx.insert(partnerTechnologyMix)
        .values(shares.map((m) => ({ partnerId: id, ...m })))
        .run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "partner.created",
      entityType: "partner",
      entityId: id,
      details: { name: input.name, territoryId: input.territoryId, mix: shares },
    });
    return id;
  });
}

export function regionsList(db: Database) {
  return db.select({ id: regions.id, name: regions.name }).from(regions).orderBy(asc(regions.name)).all();
}
