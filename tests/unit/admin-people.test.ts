import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { count, eq } from "drizzle-orm";
import { auditEvents, certifications, users } from "#db/schema";
import { certificationStatus, currentCertification } from "~/domain/certification";
import { addDays } from "~/domain/time";
import { acceptInvitation, invitationState, invitePerson } from "~/models/invitations.server";
import { importPeople, previewPeopleCsv } from "~/models/people-import.server";
import { listPeople } from "~/models/people.server";
import { addPartner, addTerritory, getOrganisation } from "~/models/programs.server";
import { certificationRows } from "~/models/reports.server";
import { seedDemo } from "~/seed/demo.server";
import { Refusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";

const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;
let adminId: number;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
  adminId = t.db.select().from(users).where(eq(users.email, "admin@example.com")).get()?.id ?? -1;
});
after(() => t.close());

describe("invitations", () => {
  it("a link works once, within 7 days", () => {
    const { path } = invitePerson(
      t.db,
      { email: "Newbie@Example.com", name: "New Bie", territoryId: null, roles: ["learner"] },
      adminId,
      now,
    );
    const token = path.split("/").pop() ?? "";
    assert.deepEqual(invitationState(t.db, token, now), {
      state: "valid",
      name: "New Bie",
      email: "newbie@example.com",
    });
    const userId = acceptInvitation(t.db, token, "hash-placeholder", addDays(now, 1));
    assert.ok(userId > 0);
    assert.throws(
      () => acceptInvitation(t.db, token, "again", addDays(now, 1)),
      (e: unknown) => e instanceof Refusal && /already been used/.test(e.message),
    );
    assert.equal(invitationState(t.db, token, now).state, "used");
  });
  it("an expired link is refused with a clear message; an unknown one too", () => {
    const { path } = invitePerson(
      t.db,
      { email: "late@example.com", name: "Late Comer", territoryId: null, roles: ["learner"] },
      adminId,
      now,
    );
    const token = path.split("/").pop() ?? "";
    assert.equal(invitationState(t.db, token, addDays(now, 7)).state, "expired");
    assert.throws(() => acceptInvitation(t.db, token, "x", addDays(now, 8)), /expired/);
    assert.equal(invitationState(t.db, "A".repeat(43), now).state, "unknown");
  });
  it("someone with an account is not invited again", () => {
    assert.throws(
      () =>
        invitePerson(
          t.db,
          { email: "learner@example.com", name: "Sam", territoryId: null, roles: ["learner"] },
          adminId,
          now,
        ),
      /already has an account/,
    );
  });
});

describe("CSV import of people", () => {
  const csv = [
    "name,email,territory,roles",
    "Ada Lovelace,ada@example.com,Nordics,learner",
    "Bad Email,not-an-email,Nordics,learner",
    "Ada Again,ADA@example.com,Nordics,learner",
    "Grace Hopper,grace@example.com,Atlantis,learner",
    "\"=cmd|' /C calc'!A0\",formula@example.com,UKI,learner;trainer",
    "Sam Rivera,learner@example.com,UKI,learner",
  ].join("\n");

  it("previews per-row errors: bad email, duplicate, unknown territory", () => {
    const preview = previewPeopleCsv(t.db, csv);
    assert.deepEqual(preview.fileErrors, []);
    assert.deepEqual(
      preview.rowErrors.map((e) => [e.line, e.message]),
      [
        [3, "not a valid email address"],
        [4, "duplicate of line 2"],
        [5, "unknown territory “Atlantis”"],
      ],
    );
    assert.equal(preview.newCount, 2);
    assert.equal(preview.updateCount, 1);
  });

  it("refuses files with the wrong columns or encoding, importing nothing", () => {
    assert.match(
      previewPeopleCsv(t.db, "full_name,mail\nA,b@example.com").fileErrors[0] ?? "",
      /Missing columns: name, email/,
    );
    assert.match(
      previewPeopleCsv(t.db, "name,email\nJos\uFFFD,j@example.com").fileErrors[0] ?? "",
      /not UTF-8/,
    );
  });

  it("imports valid rows idempotently by email", () => {
    const before = t.db.select({ n: count() }).from(users).get()?.n ?? 0;
    const first = importPeople(t.db, previewPeopleCsv(t.db, csv).rows, adminId, now);
    assert.deepEqual(first, { created: 2, updated: 1 });
    const second = importPeople(t.db, previewPeopleCsv(t.db, csv).rows, adminId, now);
    assert.deepEqual(second, { created: 0, updated: 3 });
    assert.equal(t.db.select({ n: count() }).from(users).get()?.n, before + 2);
    assert.ok(
      t.db.select().from(auditEvents).where(eq(auditEvents.action, "people.imported")).all().length >= 2,
    );
  });

  it("10,000 rows preview and import in one go", () => {
    const big = ["name,email,territory"]
      .concat(Array.from({ length: 10_000 }, (_, i) => `Person ${i},person${i}@bulk.example.com,DACH`))
      .join("\n");
    const preview = previewPeopleCsv(t.db, big);
    assert.equal(preview.rows.length, 10_000);
    assert.deepEqual(importPeople(t.db, preview.rows, adminId, now), { created: 10_000, updated: 0 });
  });
});

describe("territories and partners", () => {
  it("a partner's sales mix is stored, and shares over 100% are refused", () => {
    const territoryId = addTerritory(t.db, { regionId: 1, name: "Baltics", code: "BAL" }, adminId, now);
    assert.throws(() => addTerritory(t.db, { regionId: 1, name: "baltics", code: "XX" }, adminId, now));
    assert.throws(
      () =>
        addPartner(
          t.db,
          {
            territoryId,
            name: "Too Much Ltd",
            mix: [
              { technologyId: 1, sharePercent: 70 },
              { technologyId: 2, sharePercent: 40 },
            ],
          },
          adminId,
          now,
        ),
      (e: unknown) => e instanceof Refusal && e.kind === "invalid" && /at most 100%/.test(e.message),
    );
    const id = addPartner(
      t.db,
      {
        territoryId,
        name: "Amber Print",
        mix: [
          { technologyId: 1, sharePercent: 90 },
          { technologyId: 2, sharePercent: 10 },
        ],
      },
      adminId,
      now,
    );
    const baltics = getOrganisation(t.db).territories.find((x) => x.id === territoryId);
    assert.deepEqual(baltics?.partners, [{ id, name: "Amber Print", mix: { 1: 90, 2: 10 } }]);
    assert.ok(t.db.select().from(auditEvents).where(eq(auditEvents.action, "partner.created")).get());
  });
});

describe("people list and reports", () => {
  it("filters by certification status and paginates", () => {
    const expiring = listPeople(t.db, { status: "expiring", page: 1 }, now);
    assert.ok(expiring.total >= 3);
    const page2 = listPeople(t.db, { page: 2 }, now);
    assert.equal(page2.page, 2);
    assert.equal(page2.people.length, 50);
  });

  it("the certification report has one row per holder and program, with a status", () => {
    const next = certificationRows(t.db, now);
    const rows: string[][] = [];
    for (let chunk = next(); chunk.length > 0; chunk = next()) rows.push(...chunk);
    assert.ok(rows.length >= 30);
    // The export's SQL must say exactly what the domain rules say, row for row.
    const all = t.db.select().from(certifications).all();
    const groups = new Map<string, typeof all>();
    for (const c of all)
      groups.set(`${c.userId}:${c.programId}`, [...(groups.get(`${c.userId}:${c.programId}`) ?? []), c]);
    const expected = [...groups.values()]
      .map((group) => currentCertification(group, now))
      .filter((c) => c !== undefined)
      .map(
        (c) =>
          `${c.credentialId}:${certificationStatus(c, now).status}:${c.expiresAt.toISOString().slice(0, 10)}`,
      )
      .sort();
    assert.deepEqual(rows.map((r) => `${r[9]}:${r[6]}:${r[8]}`).sort(), expected);
    assert.ok(
      rows.some((r) => r[6] === "revoked") &&
        rows.some((r) => r[6] === "expired") &&
        rows.some((r) => r[6] === "active"),
    );
  });
});
