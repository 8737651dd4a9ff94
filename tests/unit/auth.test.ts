import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { sessions } from "#db/schema";
import { hashPassword, passwordProblem, verifyPassword } from "~/auth/password.server";
import {
  createSessionRecord,
  deleteSessionRecord,
  hashSessionId,
  pruneSessions,
  readSessionRecord,
} from "~/models/sessions.server";
import {
  clearSignInFailures,
  recordSignInFailure,
  signInLockedUntil,
} from "~/models/sign-in-throttle.server";
import { createUser, disableUser, getSessionUser } from "~/models/users.server";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let userId: number;
before(() => {
  t = createTestDb();
  userId = createUser(
    t.db,
    { email: "member@example.com", name: "Member", roles: ["learner"] },
    null,
    new Date(),
  );
});
after(() => t.close());

describe("password hashing", () => {
  it("uses argon2id at OWASP parameters and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(hash, "correct horse battery"), true);
    assert.equal(await verifyPassword(hash, "correct horse batterY"), false);
  });
  it("salts every hash", async () => {
    assert.notEqual(await hashPassword("same password"), await hashPassword("same password"));
  });
  it("a missing or corrupt hash never verifies", async () => {
    assert.equal(await verifyPassword(null, "anything at all"), false);
    assert.equal(await verifyPassword("not-a-hash", "anything at all"), false);
  });
  it("asks for length only", () => {
    assert.match(passwordProblem("short") ?? "", /at least 12/);
    assert.equal(passwordProblem("twelve chars"), undefined);
    assert.match(passwordProblem("x".repeat(257)) ?? "", /at most 256/);
  });
});

describe("the session store", () => {
  const timeouts = { idleMs: 60 * 60_000, absoluteMs: 24 * 60 * 60_000 };
  const start = new Date("2026-03-01T09:00:00Z");
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  it("stores only a hash of the random id", () => {
    const id = createSessionRecord(t.db, { userId }, timeouts, start);
    assert.ok(id.length >= 43, "256-bit id");
    assert.equal(t.db.select().from(sessions).where(eq(sessions.idHash, id)).get(), undefined);
    assert.ok(
      t.db
        .select()
        .from(sessions)
        .where(eq(sessions.idHash, hashSessionId(id)))
        .get(),
    );
    assert.deepEqual(readSessionRecord(t.db, id, timeouts, at(1)), { userId });
  });

  it("ends after the idle timeout, and activity keeps it alive", () => {
    const id = createSessionRecord(t.db, { userId }, timeouts, start);
    assert.ok(readSessionRecord(t.db, id, timeouts, at(50)));
    assert.ok(readSessionRecord(t.db, id, timeouts, at(100)), "touched at 50 min, so alive at 100");
    assert.equal(readSessionRecord(t.db, id, timeouts, at(161)), null);
    assert.equal(readSessionRecord(t.db, id, timeouts, at(101)), null, "and it is deleted once expired");
  });

  it("ends at the absolute timeout whatever the activity", () => {
    const id = createSessionRecord(t.db, { userId }, timeouts, start);
    for (let m = 50; m < 24 * 60; m += 50) assert.ok(readSessionRecord(t.db, id, timeouts, at(m)));
    assert.equal(readSessionRecord(t.db, id, timeouts, at(24 * 60)), null);
  });

  it("deletes on sign-out, and unknown ids read as nothing", () => {
    const id = createSessionRecord(t.db, { userId }, timeouts, start);
    deleteSessionRecord(t.db, id);
    assert.equal(readSessionRecord(t.db, id, timeouts, at(1)), null);
    assert.equal(readSessionRecord(t.db, "forged", timeouts, at(1)), null);
  });

  it("prunes expired sessions", () => {
    createSessionRecord(t.db, { userId }, timeouts, start);
    assert.ok(pruneSessions(t.db, timeouts, at(24 * 60 + 1)) >= 1);
  });

  it("disabling a user ends their sessions at once", () => {
    const admin = createUser(
      t.db,
      { email: "boss@example.com", name: "Boss", roles: ["admin"] },
      null,
      start,
    );
    const leaver = createUser(
      t.db,
      { email: "leaver@example.com", name: "Leaver", roles: ["learner"] },
      admin,
      start,
    );
    const id = createSessionRecord(t.db, { userId: leaver }, timeouts, start);
    assert.ok(getSessionUser(t.db, leaver));
    disableUser(t.db, leaver, admin, "Left the company", at(5));
    assert.equal(readSessionRecord(t.db, id, timeouts, at(6)), null);
    assert.equal(getSessionUser(t.db, leaver), undefined);
  });
});

describe("sign-in throttling", () => {
  const limits = { maxFailuresPerAccount: 10, maxFailuresPerIp: 50, windowMs: 15 * 60_000 };
  const start = new Date("2026-03-01T09:00:00Z");
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  it("locks an account for 15 minutes after 10 failures within 15 minutes", () => {
    for (let i = 0; i < 9; i++) recordSignInFailure(t.db, "victim@example.com", `10.0.0.${i}`, at(i));
    assert.equal(signInLockedUntil(t.db, "victim@example.com", "10.0.1.1", limits, at(9)), undefined);
    recordSignInFailure(t.db, "victim@example.com", "10.0.0.9", at(9));
    assert.deepEqual(signInLockedUntil(t.db, "victim@example.com", "10.0.1.1", limits, at(10)), at(24));
    assert.equal(signInLockedUntil(t.db, "victim@example.com", "10.0.1.1", limits, at(24)), undefined);
  });

  it("failures spread over more than the window do not lock", () => {
    for (let i = 0; i < 10; i++) recordSignInFailure(t.db, "slow@example.com", "10.9.9.9", at(i * 2));
    assert.equal(signInLockedUntil(t.db, "slow@example.com", "10.9.9.8", limits, at(19)), undefined);
  });

  it("locks an IP address that tries many accounts", () => {
    for (let i = 0; i < 50; i++) recordSignInFailure(t.db, `user${i}@example.com`, "203.0.113.7", at(i / 10));
    assert.ok(signInLockedUntil(t.db, "fresh@example.com", "203.0.113.7", limits, at(6)));
    assert.equal(signInLockedUntil(t.db, "fresh@example.com", "203.0.113.8", limits, at(6)), undefined);
  });

  it("a successful sign-in clears the account's failures", () => {
    for (let i = 0; i < 10; i++) recordSignInFailure(t.db, "forgetful@example.com", "10.1.1.1", at(i / 2));
    assert.ok(signInLockedUntil(t.db, "forgetful@example.com", "10.1.1.2", limits, at(6)));
    clearSignInFailures(t.db, "forgetful@example.com", limits, at(6));
    assert.equal(signInLockedUntil(t.db, "forgetful@example.com", "10.1.1.2", limits, at(6)), undefined);
  });
});
