import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, like } from "drizzle-orm";
import { writeTransaction } from "#db/client.server";
import {
  attainments,
  attempts,
  certifications,
  enrollments,
  modules,
  moduleVersions,
  outbox,
} from "#db/schema";
import { isSuperseded } from "~/domain/lifecycle";
import { addDays, addMonths } from "~/domain/time";
import { renewCertification } from "~/models/certifications.server";
import { openDraft } from "~/models/drafts.server";
import { getLearnerOverview } from "~/models/overview.server";
import { publishDraft } from "~/models/publishing.server";
import { deltaDeadlinesOf, listBehind, listMajorRevisions } from "~/models/recertification.server";
import { deltaReminderKey, queueDeltaReminders } from "~/models/reminders.server";
import { seedDemo } from "~/seed/demo.server";
import { isRefusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";
import { attain, competencyIdOf, newLearner, STORAGE_SPECIALIST } from "../support/lifecycle";

const now = new Date("2026-12-01T08:00:00Z");
let t: TestDb;

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
});
after(() => t.close());

const certsOf = (userId: number) =>
  t.db
    .select()
    .from(certifications)
    .where(eq(certifications.userId, userId))
    .orderBy(certifications.id)
    .all();

describe("renewal (Rule 13)", () => {
  it("issues nothing for a partial renewal, then a full-length credential once the path is done", () => {
    const person = newLearner(t.db, now);
    // Issued 10 months ago; economics attained long before, so it would cap a renewal too.
    const issuedAt = addMonths(now, -10);
    attain(t.db, person.id, ["storage-economics"], addMonths(issuedAt, -8), issuedAt);
    const [first] = attain(t.db, person.id, STORAGE_SPECIALIST.slice(1), issuedAt);
    assert.ok(first);
    const storage = getLearnerOverview(t.db, person.id, now).find((x) => x.slug === "storage");
    const renewal = storage?.programs.find((p) => p.level === "specialist")?.renewal;
    assert.equal(renewal?.competencies.length, 2);
    assert.equal(renewal?.competencies[0], "Storage economics");
    assert.deepEqual(
      renewal?.modules.map((m) => m.slug),
      ["storage-product"],
      "the fixture catalog teaches product only; economics is listed as untaught",
    );

    assert.deepEqual(attain(t.db, person.id, ["storage-economics"], now), [], "half the path: nothing");
    const later = addDays(now, 3);
    const [renewed] = attain(t.db, person.id, ["storage-product"], later);
    assert.ok(renewed, "the path is done: a renewal is issued");
    assert.equal(renewed.renews, first.credentialId);
    assert.equal(renewed.expiresAt.getTime(), addMonths(later, 12).getTime(), "a full 12 months");
    const [old] = certsOf(person.id);
    assert.equal(old?.revokedAt, null, "the old credential stays valid to its own expiry");
    assert.equal(old?.expiresAt.getTime(), first.expiresAt.getTime());
  });

  it("'Renew now' when nothing needs retaking; refused outside the window or with a path left", () => {
    const issuedAt = addMonths(now, -10);
    const person = newLearner(t.db, now);
    const [cert] = attain(t.db, person.id, STORAGE_SPECIALIST, issuedAt);
    assert.ok(cert);
    const programId = cert.programId;
    assert.throws(
      () => renewCertification(t.db, person.id, programId, addMonths(issuedAt, 1)),
      (e: unknown) => isRefusal(e) && /not opened/.test(e.message),
    );
    // Product (valid 18 months) would not outlast a renewal at month 10 (to month 22).
    const other = newLearner(t.db, now);
    attain(t.db, other.id, STORAGE_SPECIALIST, issuedAt);
    assert.throws(
      () => renewCertification(t.db, other.id, programId, now),
      (e: unknown) => isRefusal(e) && /renewal path/.test(e.message),
    );
    // Retaken at month 6, outside the window (nothing issued then): at month 10 the path is empty.
    assert.deepEqual(attain(t.db, person.id, ["storage-product"], addMonths(issuedAt, 6)), []);
    const issued = renewCertification(t.db, person.id, programId, now);
    assert.equal(issued.renews, cert.credentialId);
    assert.equal(certsOf(person.id).length, 2);
  });
});

describe("delta recertification (Rule 14)", () => {
  const salesModule = () =>
    t.db.select().from(modules).where(eq(modules.slug, "storage-sales-lifecycle")).get();
  let holder: { id: number; email: string };
  let v1Taker: { id: number; email: string };
  let published: Date;

  before(() => {
    const module = salesModule();
    assert.ok(module?.publishedVersionId);
    holder = newLearner(t.db, now, "Hal Holder");
    attain(t.db, holder.id, ["storage-sales-lifecycle"], addDays(now, -200));
    // Someone who passed version 1's assessment, and is mid-way through it again.
    v1Taker = newLearner(t.db, now, "Vera Version");
    writeTransaction(t.db, (tx) => {
      const attempt = tx
        .insert(attempts)
        .values({
          userId: v1Taker.id,
          moduleVersionId: module.publishedVersionId ?? 0,
          startedAt: addDays(now, -30),
          submittedAt: addDays(now, -30),
          scorePercent: 100,
          passed: true,
        })
        .returning({ id: attempts.id })
        .get();
      tx.insert(attainments)
        .values({
          userId: v1Taker.id,
          competencyId: competencyIdOf(t.db, "storage-sales-lifecycle"),
          source: "assessment",
          attemptId: attempt.id,
          attainedAt: addDays(now, -30),
          expiresAt: addMonths(addDays(now, -30), 18),
        })
        .run();
      tx.insert(enrollments)
        .values({
          userId: v1Taker.id,
          moduleId: module.id,
          moduleVersionId: module.publishedVersionId ?? 0,
          startedAt: addDays(now, -1),
          lastActivityAt: addDays(now, -1),
        })
        .run();
    });
  });

  it("a major revision needs a note of what changed", () => {
    const module = salesModule();
    assert.ok(module);
    const draftId = openDraft(t.db, module.id, now) ?? 0;
    // The fixture has 4 questions: enough for a pass mark of 50%.
    t.db.update(moduleVersions).set({ passMarkPercent: 50 }).where(eq(moduleVersions.id, draftId)).run();
    assert.throws(
      () => publishDraft(t.db, module.id, 1, now, { kind: "major", note: "  " }),
      (e: unknown) => isRefusal(e) && e.field === "changeNote",
    );
  });

  it("sets holders a deadline: superseded attainments expire at it, exactly as the domain rule says", () => {
    const module = salesModule();
    assert.ok(module);
    published = now;
    const result = publishDraft(t.db, module.id, 1, published, {
      kind: "major",
      note: "New product line and its licensing.",
    });
    assert.equal(result.recertifyBy?.getTime(), addDays(published, 90).getTime());
    const revision = {
      moduleId: module.id,
      versionNumber: result.versionNumber,
      publishedAt: published,
      recertifyBy: addDays(published, 90),
      competencyIds: [competencyIdOf(t.db, "storage-sales-lifecycle")],
    };
    const rows = t.db
      .select({
        competencyId: attainments.competencyId,
        source: attainments.source,
        attainedAt: attainments.attainedAt,
        expiresAt: attainments.expiresAt,
        supersededBy: attainments.supersededByVersionId,
        moduleId: moduleVersions.moduleId,
        versionNumber: moduleVersions.versionNumber,
      })
      .from(attainments)
      .leftJoin(attempts, eq(attempts.id, attainments.attemptId))
      .leftJoin(moduleVersions, eq(moduleVersions.id, attempts.moduleVersionId))
      .all();
    let superseded = 0;
    for (const a of rows) {
      if (a.supersededBy === result.versionId) {
        superseded++;
        assert.ok(isSuperseded(a, revision));
        assert.equal(a.expiresAt.getTime(), revision.recertifyBy.getTime());
      } else if (isSuperseded(a, revision)) {
        assert.ok(
          a.expiresAt.getTime() <= revision.recertifyBy.getTime(),
          "already ended before the deadline",
        );
      }
    }
    assert.equal(superseded, result.superseded);
    assert.ok(superseded >= 2, "the holder and the version-1 taker at least");
    const moved = t.db.select().from(enrollments).where(eq(enrollments.userId, v1Taker.id)).get();
    assert.equal(moved?.moduleVersionId, result.versionId, "mid-way learners move to the new version");
  });

  it("learners see what changed and the deadline; admins see who is behind", () => {
    const [deadline] = deltaDeadlinesOf(t.db, holder.id, now);
    assert.equal(deadline?.note, "New product line and its licensing.");
    assert.equal(deadline?.standing, "pending");
    assert.equal(deltaDeadlinesOf(t.db, holder.id, addDays(now, 90))[0]?.standing, "overdue");
    const revision = listMajorRevisions(t.db, now)[0];
    assert.ok(revision && revision.behind === revision.affected && revision.affected >= 2);
    assert.ok(listBehind(t.db, revision.versionId, now).some((p) => p.userId === holder.id));
  });

  it("reminds holders who are behind: at publication, 30 and 7 days before, and stops once renewed", async () => {
    for (let day = 0; day <= 100; day++)
      await queueDeltaReminders(t.db, addDays(now, day), "https://a.example");
    const keys = (userId: number) =>
      t.db
        .select({ key: outbox.dedupeKey })
        .from(outbox)
        .where(like(outbox.dedupeKey, `delta-reminder:%:${userId}:%`))
        .orderBy(outbox.id)
        .all()
        .map((r) => r.key);
    const versionId = listMajorRevisions(t.db, now)[0]?.versionId ?? 0;
    assert.deepEqual(keys(holder.id), [
      deltaReminderKey(versionId, holder.id, "announced"),
      deltaReminderKey(versionId, holder.id, 30),
      deltaReminderKey(versionId, holder.id, 7),
    ]);
    const message = t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.dedupeKey, deltaReminderKey(versionId, holder.id, "announced"))))
      .get();
    assert.match(message?.textBody ?? "", /New product line and its licensing\./);
    assert.match(message?.textBody ?? "", /https:\/\/a\.example\/learn\/modules\/storage-sales-lifecycle/);

    // Vera passes the new version (an attainment after publication): she is no longer behind.
    attain(t.db, v1Taker.id, ["storage-sales-lifecycle"], addDays(now, 1));
    assert.equal(deltaDeadlinesOf(t.db, v1Taker.id, addDays(now, 2))[0]?.standing, "renewed");
    assert.ok(!listBehind(t.db, versionId, addDays(now, 2)).some((p) => p.userId === v1Taker.id));
  });

  it("a minor revision changes nothing for holders", () => {
    const module = salesModule();
    assert.ok(module);
    const before = t.db.select().from(attainments).all();
    const draftId = openDraft(t.db, module.id, addDays(now, 5)) ?? 0;
    t.db.update(moduleVersions).set({ passMarkPercent: 50 }).where(eq(moduleVersions.id, draftId)).run();
    const result = publishDraft(t.db, module.id, 1, addDays(now, 5), { kind: "minor", note: "Typos." });
    assert.equal(result.recertifyBy, null);
    assert.deepEqual(t.db.select().from(attainments).all(), before);
  });
});
