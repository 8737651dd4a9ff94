import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { writeTransaction } from "#db/client.server";
import {
  auditEvents,
  certifications,
  competencies,
  specialistAssignments,
  territories,
  technologies,
  users,
} from "#db/schema";
import { addDays } from "~/domain/time";
import { assignSpecialist, countAssignments, listLapsedAssignments } from "~/models/assignments.server";
import { importAttainments, recordAttestation } from "~/models/attainments.server";
import { issueEarnedCertifications, revokeCertification } from "~/models/certifications.server";
import { getAdminOverview } from "~/models/admin-overview.server";
import { getLearnerOverview } from "~/models/overview.server";
import { createUser } from "~/models/users.server";
import { seedDemo } from "~/seed/demo.server";
import { Refusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";

const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;

function competencyId(slug: string): number {
  const row = t.db
    .select({ id: competencies.id })
    .from(competencies)
    .where(eq(competencies.slug, slug))
    .get();
  assert.ok(row, slug);
  return row.id;
}
function idOf(
  table: typeof technologies | typeof territories,
  column: typeof technologies.slug | typeof territories.code,
  value: string,
) {
  const row = t.db.select({ id: table.id }).from(table).where(eq(column, value)).get();
  assert.ok(row, value);
  return row.id;
}

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => t.close());

describe("the demo organisation", () => {
  it("has people at every stage", () => {
    const overview = getAdminOverview(t.db, now);
    assert.ok(overview.people >= 55 && overview.people <= 65, `~60 partner managers, got ${overview.people}`);
    assert.ok(overview.activeCertifications > 10);
    assert.ok(overview.expiringCount >= 3, "some certifications expire within 30 days");
    assert.ok(overview.assignments.lapsed >= 3, "some assignments are lapsed");
    assert.ok(overview.assignments.active > overview.assignments.lapsed);
    assert.equal(
      listLapsedAssignments(t.db, now, 1000).length,
      overview.assignments.lapsed,
      "the count and the list agree",
    );
  });

  it("the demo learner is part-way to Storage Specialist", () => {
    const learner = t.db.select().from(users).where(eq(users.email, "learner@example.com")).get();
    assert.ok(learner);
    const storage = getLearnerOverview(t.db, learner.id, now).find((x) => x.slug === "storage");
    const specialist = storage?.programs.find((p) => p.level === "specialist");
    assert.equal(specialist?.held, 2);
    assert.equal(specialist?.required, 4);
    assert.equal(specialist?.certification, null);
  });

  it("every certification was issued with an audit row", () => {
    const certs =
      t.db
        .select({ n: sql<number>`count(*)` })
        .from(certifications)
        .get()?.n ?? 0;
    const audited =
      t.db
        .select({ n: sql<number>`count(*)` })
        .from(auditEvents)
        .where(eq(auditEvents.action, "certification.issued"))
        .get()?.n ?? 0;
    assert.ok(certs > 0);
    assert.equal(audited, certs);
  });
});

describe("the certification engine", () => {
  let personId: number;
  before(() => {
    personId = createUser(
      t.db,
      { email: "new.person@example.com", name: "New Person", roles: ["learner"] },
      null,
      now,
    );
  });

  it("issues the certification in the transaction that completes the requirements", () => {
    const ids = ["servers-economics", "servers-business-model", "servers-sales-lifecycle"].map(competencyId);
    const none = writeTransaction(t.db, (tx) => {
      importAttainments(
        tx,
        ids.map((competencyId) => ({
          userId: personId,
          competencyId,
          attainedAt: addDays(now, -30),
          evidence: "test",
        })),
        null,
        now,
      );
      return issueEarnedCertifications(tx, personId, ids, now, null);
    });
    assert.deepEqual(none, [], "three of four is not enough");

    const last = competencyId("servers-product");
    const issued = writeTransaction(t.db, (tx) => {
      importAttainments(
        tx,
        [{ userId: personId, competencyId: last, attainedAt: now, evidence: "test" }],
        null,
        now,
      );
      return issueEarnedCertifications(tx, personId, [last], now, null);
    });
    assert.equal(issued.length, 1);
    const [cert] = issued;
    assert.ok(cert);
    assert.match(cert.credentialId, /^[A-Za-z0-9_-]{22}$/, "128 random bits, URL-safe");
    // 12-month program validity comes before the 18/24-month attainments.
    assert.equal(cert.expiresAt.toISOString(), "2027-11-27T10:00:00.000Z");
    const audit = t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "certification.issued"), eq(auditEvents.entityId, cert.id)))
      .get();
    assert.equal(audit?.subjectUserId, personId);
  });

  it("does not issue a second credential while the first is active", () => {
    const again = writeTransaction(t.db, (tx) =>
      issueEarnedCertifications(tx, personId, [competencyId("servers-product")], addDays(now, 1), null),
    );
    assert.deepEqual(again, []);
  });

  it("a failure midway leaves neither attainment nor certification", () => {
    const other = createUser(
      t.db,
      { email: "rollback@example.com", name: "Roll Back", roles: ["learner"] },
      null,
      now,
    );
    const ids = ["pcs-economics", "pcs-business-model", "pcs-sales-lifecycle", "pcs-product"].map(
      competencyId,
    );
    assert.throws(() =>
      writeTransaction(t.db, (tx) => {
        importAttainments(
          tx,
          ids.map((competencyId) => ({ userId: other, competencyId, attainedAt: now, evidence: "test" })),
          null,
          now,
        );
        assert.equal(issueEarnedCertifications(tx, other, ids, now, null).length, 1);
        throw new Error("crash after issuing");
      }),
    );
    assert.equal(t.db.select().from(certifications).where(eq(certifications.userId, other)).all().length, 0);
    assert.equal(
      t.db.select().from(auditEvents).where(eq(auditEvents.subjectUserId, other)).all().length,
      1,
      "only user.created",
    );
  });

  it("a field competency needs a written note as evidence", () => {
    assert.throws(
      () =>
        writeTransaction(t.db, (tx) =>
          recordAttestation(tx, {
            userId: personId,
            competencyId: competencyId("servers-field"),
            attestedById: personId,
            evidence: "   ",
            at: now,
          }),
        ),
      /written note/,
    );
  });
});

describe("specialist assignment gating", () => {
  it("refuses a person without an active certification, accepts a certified one", () => {
    const storage = idOf(technologies, technologies.slug, "storage");
    const servers = idOf(technologies, technologies.slug, "servers");
    const territoryId = idOf(territories, territories.code, "NOR");
    const learner = t.db.select().from(users).where(eq(users.email, "learner@example.com")).get();
    const certified = t.db.select().from(users).where(eq(users.email, "new.person@example.com")).get();
    assert.ok(learner && certified);

    assert.throws(
      () =>
        writeTransaction(t.db, (tx) =>
          assignSpecialist(
            tx,
            { userId: learner.id, technologyId: storage, territoryId, role: "specialist" },
            null,
            now,
          ),
        ),
      (error: unknown) =>
        error instanceof Refusal &&
        /Missing: Storage sales life-cycle, Storage portfolio\./.test(error.message),
      "the refusal says which competencies are missing",
    );
    assert.throws(
      () =>
        writeTransaction(t.db, (tx) =>
          assignSpecialist(
            tx,
            { userId: certified.id, technologyId: servers, territoryId, role: "lead" },
            null,
            now,
          ),
        ),
      Refusal,
      "a specialist certification does not open a lead seat",
    );
    const id = writeTransaction(t.db, (tx) =>
      assignSpecialist(
        tx,
        { userId: certified.id, technologyId: servers, territoryId, role: "specialist" },
        null,
        now,
      ),
    );
    assert.ok(id > 0);
    assert.throws(
      () =>
        writeTransaction(t.db, (tx) =>
          assignSpecialist(
            tx,
            { userId: certified.id, technologyId: servers, territoryId, role: "specialist" },
            null,
            now,
          ),
        ),
      /already assigned/,
    );
    // Two admins racing past the check still cannot create a duplicate: the database refuses.
    assert.throws(
      () =>
        t.db
          .insert(specialistAssignments)
          .values({ userId: certified.id, technologyId: servers, territoryId, role: "lead", startedAt: now })
          .run(),
      /UNIQUE/,
      "no duplicate active assignment for the same person, technology and territory",
    );
  });

  it("revoking the certification lapses the assignment", () => {
    const prior = countAssignments(t.db, now);
    const certified = t.db.select().from(users).where(eq(users.email, "new.person@example.com")).get();
    const cert = t.db
      .select()
      .from(certifications)
      .where(eq(certifications.userId, certified?.id ?? -1))
      .get();
    assert.ok(cert);
    writeTransaction(t.db, (tx) => revokeCertification(tx, cert.id, cert.userId, "Test revocation", now));
    const afterRevoke = countAssignments(t.db, addDays(now, 0));
    assert.equal(afterRevoke.lapsed, prior.lapsed + 1);
    assert.equal(afterRevoke.active, prior.active);
    const assignment = t.db
      .select()
      .from(specialistAssignments)
      .where(eq(specialistAssignments.userId, cert.userId))
      .get();
    assert.equal(assignment?.endedAt, null, "lapsed is derived, the assignment itself is untouched");
  });
});
