/**
 * Seeds the demo organisation on an empty database, through the same models the app uses:
 * attainments are recorded, certifications issued by the engine at the moment they were
 * earned, assignments pass the gate. Everything is dated relative to `now`, so the demo
 * always shows people at every stage and every lifecycle state: new, in progress, certified,
 * in the renewal window (one renewing), expiring within 30 days, expired with an assignment
 * in grace, lapsed, revoked, and a major module revision with its delta deadline pending.
 */
import { eq, inArray } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  businessUnits,
  certificationPrograms,
  competencies,
  modules,
  partners,
  partnerTechnologyMix,
  programRequirements,
  regions,
  technologies,
  territories,
  users,
} from "#db/schema";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "~/auth/password.server";
import { addDays } from "~/domain/time";
import { seedPlanningDemo } from "./demo-planning.server";
import { assignSpecialist } from "~/models/assignments.server";
import { importAttainments, recordAttestation } from "~/models/attainments.server";
import { issueEarnedCertifications, revokeCertification } from "~/models/certifications.server";
import { ContentImportError, importContent } from "~/models/content-import.server";
import { completeLesson } from "~/models/learning.server";
import { publishVersion } from "~/models/modules.server";
import { recordRevision } from "~/models/recertification.server";
import { readContentTree, type ModuleSource } from "~/utils/content-source.server";
import { insertUser } from "~/models/users.server";
import { seedDemoPlans } from "./demo-plans.server";
import {
  BUSINESS_UNITS,
  COMPETENCY_TEMPLATES,
  DEMO_PASSWORD,
  DEMO_SIGN_INS,
  FIRST_NAMES,
  LAST_NAMES,
  MIX_PROFILES,
  PARTNERS,
  REGIONS,
  TECHNOLOGIES,
  TRAINERS,
} from "./demo-data";

type Stage =
  "new" | "in-progress" | "certified" | "lead" | "renewing" | "expiring" | "in-grace" | "expired" | "revoked";

/** How many of the 59 generated partner managers are at each stage. */
const STAGES: [Stage, number][] = [
  ["new", 7],
  ["in-progress", 18],
  ["certified", 15],
  ["lead", 6],
  // In the renewal window, not yet at risk (one of them has started renewing).
  ["renewing", 2],
  ["expiring", 5],
  // Expired days ago: their assignments are in grace.
  ["in-grace", 2],
  ["expired", 3],
  ["revoked", 1],
];

interface Catalog {
  techIds: Map<string, number>;
  /** competency id by `${tech}-${suffix}` */
  competencyIds: Map<string, number>;
  territoryIds: number[];
}

function seedCatalog(tx: Transaction): Catalog {
  const unitIds = new Map<string, number>();
  for (const unit of BUSINESS_UNITS) {
    const row = tx.insert(businessUnits).values(unit).returning({ id: businessUnits.id }).get();
    unitIds.set(unit.slug, row.id);
  }
  const techIds = new Map<string, number>();
  const competencyIds = new Map<string, number>();
  for (const tech of TECHNOLOGIES) {
    const businessUnitId = unitIds.get(tech.unit);
    if (businessUnitId === undefined) throw new Error(`Unknown business unit ${tech.unit}`);
    const { id: technologyId } = tx
      .insert(technologies)
      .values({
        slug: tech.slug,
        name: tech.name,
        businessUnitId,
        description: tech.description,
        targetSpecialists: 1,
        targetLeads: 0,
      })
      .returning({ id: technologies.id })
      .get();
    techIds.set(tech.slug, technologyId);
    const programIds = {
      specialist: tx
        .insert(certificationPrograms)
        .values({ technologyId, level: "specialist", name: `${tech.name} Specialist`, validityMonths: 12 })
        .returning({ id: certificationPrograms.id })
        .get().id,
      lead: tx
        .insert(certificationPrograms)
        .values({ technologyId, level: "lead", name: `${tech.name} Lead Specialist`, validityMonths: 12 })
        .returning({ id: certificationPrograms.id })
        .get().id,
    };
    for (const template of COMPETENCY_TEMPLATES) {
      const slug = `${tech.slug}-${template.suffix}`;
      const { id } = tx
        .insert(competencies)
        .values({
          technologyId,
          slug,
          name: template.name(tech.name),
          kind: template.kind,
          description: template.description(tech.name),
          validityMonths: template.validityMonths,
        })
        .returning({ id: competencies.id })
        .get();
      competencyIds.set(slug, id);
      tx.insert(programRequirements)
        .values({ programId: programIds[template.program], competencyId: id })
        .run();
    }
  }
  const territoryIds: number[] = [];
  for (const region of REGIONS) {
    const { id: regionId } = tx
      .insert(regions)
      .values({ name: region.name })
      .returning({ id: regions.id })
      .get();
    for (const territory of region.territories) {
      territoryIds.push(
        tx
          .insert(territories)
          .values({ ...territory, regionId })
          .returning({ id: territories.id })
          .get().id,
      );
    }
  }
  for (const partner of PARTNERS) {
    const territoryId = territoryIds[partner.territoryIndex];
    if (territoryId === undefined) throw new Error(`No territory for ${partner.name}`);
    const { id: partnerId } = tx
      .insert(partners)
      .values({ name: partner.name, territoryId })
      .returning({ id: partners.id })
      .get();
    for (const [slug, share] of Object.entries(MIX_PROFILES[partner.profile] ?? {})) {
      const technologyId = techIds.get(slug);
      if (technologyId === undefined) throw new Error(`Unknown technology ${slug}`);
      tx.insert(partnerTechnologyMix).values({ partnerId, technologyId, sharePercent: share }).run();
    }
  }
  return { techIds, competencyIds, territoryIds };
}

function competencyId(catalog: Catalog, tech: string, suffix: string): number {
  const id = catalog.competencyIds.get(`${tech}-${suffix}`);
  if (id === undefined) throw new Error(`Unknown competency ${tech}-${suffix}`);
  return id;
}

const SPECIALIST_SUFFIXES = ["economics", "business-model", "sales-lifecycle", "product"];

/** Attains competencies one after another, ending at `completedAt`, then runs the engine. */
function earn(
  tx: Transaction,
  catalog: Catalog,
  userId: number,
  tech: string,
  suffixes: string[],
  completedAt: Date,
  now: Date,
) {
  const ids = suffixes.map((s) => competencyId(catalog, tech, s));
  importAttainments(
    tx,
    ids.map((id, i) => ({
      userId,
      competencyId: id,
      attainedAt: addDays(completedAt, -7 * (ids.length - 1 - i)),
      evidence: "Completed in the previous learning platform (demo history).",
    })),
    null,
    now,
  );
  return issueEarnedCertifications(tx, userId, ids, completedAt, null);
}

/**
 * A major revision of a storage module, published ten days ago: its holders (the demo
 * learner among them) have a delta deadline pending (Rule 14).
 */
function publishDemoRevision(db: Database, sources: readonly ModuleSource[], ownerId: number, at: Date) {
  // Only with the shipped catalog (tests seeding a smaller one get no revision).
  const source = sources.find((m) => m.slug === "storage-economics");
  if (!source) return;
  writeTransaction(db, (tx) => {
    const module = tx.select().from(modules).where(eq(modules.slug, source.slug)).get();
    if (!module) return;
    const taught = tx
      .select({ id: competencies.id, slug: competencies.slug })
      .from(competencies)
      .where(inArray(competencies.slug, source.competencySlugs))
      .all();
    const competencyIds = taught.map((c) => c.id);
    const questions = source.questions.map(({ competency, line: _line, ...q }) => ({
      ...q,
      competencyId: taught.find((c) => c.slug === competency)?.id ?? null,
    }));
    const version = publishVersion(
      tx,
      module.id,
      { ...source, questions, competencyIds, contentHash: source.contentHash },
      ownerId,
      at,
    );
    recordRevision(
      tx,
      module.id,
      version,
      {
        kind: "major",
        note: "New consumption-based pricing: the margin and cash-flow examples now use the subscription price list introduced this quarter, and the assessment asks about it.",
      },
      ownerId,
      at,
    );
  });
}

export interface SeedResult {
  users: number;
  modules: number;
}

export const DEFAULT_CONTENT_DIR = fileURLToPath(new URL("../../content", import.meta.url));

export async function seedDemo(
  db: Database,
  now: Date,
  contentDir = DEFAULT_CONTENT_DIR,
): Promise<SeedResult> {
  const content = readContentTree(path.resolve(contentDir));
  if (content.problems.length > 0) throw new ContentImportError(content.problems);
  // Only the demo sign-ins and trainers get a password; the other partner managers are
  // records carried over from earlier training, awaiting an invitation.
  const passwordHashes = new Map(
    await Promise.all(
      [...new Set([...DEMO_SIGN_INS.map((d) => d.email), ...TRAINERS.map((t) => t.email)])].map(
        async (email) => [email, await hashPassword(DEMO_PASSWORD)] as const,
      ),
    ),
  );

  const seeded = writeTransaction(db, (tx) => {
    const catalog = seedCatalog(tx);
    const techSlugs = TECHNOLOGIES.map((t) => t.slug);
    const territoryAt = (i: number) => catalog.territoryIds[i % catalog.territoryIds.length] ?? null;

    const adminId = insertUser(
      tx,
      {
        email: "admin@example.com",
        name: "Alex Morgan",
        roles: ["admin"],
        jobTitle: "Channel programs manager",
        passwordHash: passwordHashes.get("admin@example.com"),
      },
      null,
      addDays(now, -400),
    );
    const trainerIds = TRAINERS.map((t) =>
      insertUser(
        tx,
        { ...t, roles: ["trainer"], passwordHash: passwordHashes.get(t.email) ?? null },
        adminId,
        addDays(now, -390),
      ),
    );
    const leadTrainer = trainerIds[0] ?? adminId;

    // The demo learner: part-way to Storage Specialist, just started on Printing.
    const learnerId = insertUser(
      tx,
      {
        email: "learner@example.com",
        name: "Sam Rivera",
        roles: ["learner"],
        jobTitle: "Partner manager",
        territoryId: catalog.territoryIds[1] ?? null,
        passwordHash: passwordHashes.get("learner@example.com"),
      },
      adminId,
      addDays(now, -120),
    );
    earn(tx, catalog, learnerId, "storage", ["economics", "business-model"], addDays(now, -20), now);
    earn(tx, catalog, learnerId, "printing", ["economics"], addDays(now, -45), now);
    // … and a Networking Specialist certification in its renewal window: the dashboard says "Renew".
    earn(tx, catalog, learnerId, "networking", SPECIALIST_SUFFIXES, addDays(now, -365 + 60), now);

    let n = 0;
    for (const [stage, count] of STAGES) {
      for (let k = 0; k < count; k++, n++) {
        const first = FIRST_NAMES[n % FIRST_NAMES.length] ?? "Alex";
        // The offset per round of first names keeps every full name unique.
        const last =
          LAST_NAMES[(n * 7 + 3 + Math.floor(n / FIRST_NAMES.length)) % LAST_NAMES.length] ?? "Smith";
        const email = `${first}.${last}`
          .normalize("NFD")
          .replace(/[\u0300-\u036f']/g, "")
          .toLowerCase()
          .concat("@example.com");
        const territoryId = territoryAt(n);
        const tech = techSlugs[(n * 5) % techSlugs.length] ?? "storage";
        const technologyId = catalog.techIds.get(tech);
        if (technologyId === undefined || territoryId === null) throw new Error("demo catalog incomplete");
        const userId = insertUser(
          tx,
          { email, name: `${first} ${last}`, roles: ["learner"], jobTitle: "Partner manager", territoryId },
          adminId,
          addDays(now, -500 + n),
        );
        // Last sign-ins for the people list: new people have mostly never come, people
        // with expired certifications have drifted away (the "not signed in for N days" case).
        const lastSignIn =
          stage === "new"
            ? k % 3 === 0
              ? addDays(now, -k)
              : null
            : stage === "expired"
              ? addDays(now, -100 - 40 * k)
              : addDays(now, -(n % 25));
        if (lastSignIn) tx.update(users).set({ lastSignInAt: lastSignIn }).where(eq(users.id, userId)).run();
        const assign = (role: "specialist" | "lead", at: Date) =>
          assignSpecialist(tx, { userId, technologyId, territoryId, role }, adminId, at);

        switch (stage) {
          case "new":
            break;
          case "in-progress":
            earn(
              tx,
              catalog,
              userId,
              tech,
              SPECIALIST_SUFFIXES.slice(0, 1 + (k % 3)),
              addDays(now, -10 - 9 * k),
              now,
            );
            break;
          case "certified": {
            const at = addDays(now, -40 - 14 * k);
            earn(tx, catalog, userId, tech, SPECIALIST_SUFFIXES, at, now);
            if (k % 3 !== 2) assign("specialist", addDays(at, 5));
            break;
          }
          case "lead": {
            const specialistAt = addDays(now, -200 - 10 * k);
            earn(tx, catalog, userId, tech, SPECIALIST_SUFFIXES, specialistAt, now);
            const leadAt = addDays(now, -30 - 8 * k);
            importAttainments(
              tx,
              [
                {
                  userId,
                  competencyId: competencyId(catalog, tech, "partner-growth"),
                  attainedAt: addDays(leadAt, -3),
                  evidence: "Completed in the previous learning platform (demo history).",
                },
              ],
              null,
              now,
            );
            recordAttestation(tx, {
              userId,
              competencyId: competencyId(catalog, tech, "field"),
              attestedById: leadTrainer,
              evidence:
                "Led two joint account plans with partners in the territory; observed in quarterly business reviews.",
              at: leadAt,
            });
            issueEarnedCertifications(
              tx,
              userId,
              [competencyId(catalog, tech, "field")],
              leadAt,
              leadTrainer,
            );
            assign("lead", addDays(leadAt, 2));
            break;
          }
          case "renewing": {
            // Expires in 50 and 75 days: inside the 90-day renewal window.
            const at = addDays(now, -365 + 50 + 25 * k);
            earn(tx, catalog, userId, tech, SPECIALIST_SUFFIXES, at, now);
            assign("specialist", addDays(at, 3));
            if (k === 1)
              importAttainments(
                tx,
                [
                  {
                    userId,
                    competencyId: competencyId(catalog, tech, "economics"),
                    attainedAt: addDays(now, -3),
                    evidence: "Renewal under way: passed again in the previous platform (demo history).",
                  },
                ],
                null,
                now,
              );
            break;
          }
          case "in-grace": {
            // Expired 10 and 22 days ago: within the 30-day grace period.
            const at = addDays(now, -365 - 10 - 12 * k);
            earn(tx, catalog, userId, tech, SPECIALIST_SUFFIXES, at, now);
            assign("specialist", addDays(at, 3));
            break;
          }
          case "expiring": {
            // Issued a little under a year ago: the 12-month certification ends within 30 days.
            const at = addDays(now, -365 + 8 + 4 * k);
            earn(tx, catalog, userId, tech, SPECIALIST_SUFFIXES, at, now);
            assign("specialist", addDays(at, 3));
            break;
          }
          case "expired": {
            const at = addDays(now, -420 - 15 * k);
            earn(tx, catalog, userId, tech, SPECIALIST_SUFFIXES, at, now);
            assign("specialist", addDays(at, 3));
            break;
          }
          case "revoked": {
            const at = addDays(now, -90);
            const [cert] = earn(tx, catalog, userId, tech, SPECIALIST_SUFFIXES, at, now);
            assign("specialist", addDays(at, 2));
            if (cert) {
              revokeCertification(
                tx,
                cert.id,
                adminId,
                "Assessment completed by someone else (compliance review).",
                addDays(now, -6),
              );
            }
            break;
          }
        }
      }
    }
    return { users: 1 + trainerIds.length + 1 + n, ownerId: leadTrainer, learnerId, adminId };
  });

  // The catalog, owned by the lead trainer, published as of `now`; the demo learner has
  // started the next module on their storage path.
  const imported = importContent(db, content.modules, {
    ownerId: seeded.ownerId,
    actorId: null,
    now: addDays(now, -60),
  });
  completeLesson(db, seeded.learnerId, "storage-sales-lifecycle", 1, addDays(now, -2));
  publishDemoRevision(db, content.modules, seeded.ownerId, addDays(now, -10));
  seedDemoPlans(db, now);
  seedPlanningDemo(db, seeded.adminId, now);
  return { users: seeded.users, modules: imported.published.length };
}
