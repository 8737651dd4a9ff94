import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditEvents, regions, ssoIdentities, territories, users } from "#db/schema";
import type { SsoIdentity } from "~/domain/sso";
import { signInWithSso, unlinkSso, type SsoSignInInput } from "~/models/sso.server";
import { createUser, getSessionUser, recordSignIn } from "~/models/users.server";
import { listPeople, setDisabled, updatePerson } from "~/models/people.server";
import { isRefusal } from "~/utils/refusal";
import { createTestDb, type TestDb } from "../support/db";

const ISSUER = "https://login.example.com/";
const mapping = { adminGroups: ["academy-admins"], trainerGroups: ["academy-trainers"] };
const now = new Date("2026-12-01T09:00:00Z");

let t: TestDb;
let nordics: number;
before(() => {
  t = createTestDb();
  const region = t.db.insert(regions).values({ name: "Europe" }).returning().get();
  nordics = t.db
    .insert(territories)
    .values({ regionId: region.id, code: "NORD", name: "Nordics" })
    .returning()
    .get().id;
});
after(() => t.close());

function identity(overrides: Partial<SsoIdentity> = {}): SsoIdentity {
  return {
    subject: "sub-1",
    email: "new.person@example.com",
    name: "New Person",
    groups: [],
    territory: undefined,
    ...overrides,
  };
}

function input(who: SsoIdentity, { mapped = true } = {}): SsoSignInInput {
  return { issuer: ISSUER, identity: who, roleMapping: mapped ? mapping : undefined, label: "Example ID" };
}

function audit(userId: number, action: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectUserId, userId), eq(auditEvents.action, action)))
    .all();
}

function refusalCode(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    assert.ok(isRefusal(error), `expected a Refusal, got ${String(error)}`);
    return error.details?.code;
  }
  assert.fail("expected a refusal");
}

describe("signing in with the identity provider", () => {
  it("creates a new person as a partner manager, linked to their subject", () => {
    const result = signInWithSso(t.db, input(identity()), now);
    assert.equal(result.created, true);
    assert.deepEqual(getSessionUser(t.db, result.userId)?.roles, ["learner"]);
    const link = t.db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, result.userId)).get();
    assert.equal(link?.subject, "sub-1");
    assert.equal(link?.issuer, ISSUER);
    assert.equal(audit(result.userId, "user.created").length, 1);
    assert.equal(audit(result.userId, "user.sso-linked").length, 1);
  });

  it("finds the same person by subject next time, and follows an email change at the IdP", () => {
    const first = signInWithSso(t.db, input(identity({ subject: "mover", email: "old@example.com" })), now);
    const again = signInWithSso(
      t.db,
      input(identity({ subject: "mover", email: "renamed@example.com", name: "Moved Person" })),
      now,
    );
    assert.equal(again.userId, first.userId);
    assert.equal(again.created, false);
    const person = getSessionUser(t.db, first.userId);
    assert.equal(person?.email, "renamed@example.com");
    assert.equal(person?.name, "Moved Person");
    assert.deepEqual(audit(first.userId, "user.email-changed")[0]?.details, {
      from: "old@example.com",
      to: "renamed@example.com",
    });
  });

  it("keeps the old email when the new one belongs to someone else, and says so", () => {
    createUser(t.db, { email: "taken@example.com", name: "Other", roles: ["learner"] }, null, now);
    const first = signInWithSso(t.db, input(identity({ subject: "clash", email: "clash@example.com" })), now);
    const again = signInWithSso(t.db, input(identity({ subject: "clash", email: "taken@example.com" })), now);
    assert.equal(getSessionUser(t.db, first.userId)?.email, "clash@example.com");
    assert.match(again.notes.join(), /belongs to another account/);
  });

  it("links an existing password account with the same verified email instead of duplicating it", () => {
    const existing = createUser(
      t.db,
      { email: "pat@example.com", name: "Pat", roles: ["learner", "trainer"], passwordHash: "x" },
      null,
      now,
    );
    const count = () => t.db.select().from(users).where(eq(users.email, "pat@example.com")).all().length;
    const result = signInWithSso(
      t.db,
      input(identity({ subject: "pat", email: "pat@example.com", groups: ["academy-trainers"] })),
      now,
    );
    assert.equal(result.userId, existing);
    assert.equal(result.linked, true);
    assert.equal(count(), 1);
    assert.match(audit(existing, "user.sso-linked")[0]?.reason ?? "", /Linked by verified email/);
  });

  it("applies the roles of the IdP's groups at every sign-in, audited only when they change", () => {
    const who = identity({ subject: "climber", email: "climber@example.com", groups: ["staff"] });
    const { userId } = signInWithSso(t.db, input(who), now);
    signInWithSso(t.db, input({ ...who, groups: ["academy-admins"] }), now);
    assert.deepEqual(getSessionUser(t.db, userId)?.roles, ["admin"]);
    signInWithSso(t.db, input({ ...who, groups: ["academy-admins"] }), now);
    const changes = audit(userId, "user.roles-changed");
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]?.details, { from: ["learner"], to: ["admin"], groups: ["academy-admins"] });
    assert.equal(changes[0]?.actorId, null);
    // Removed from the group at the IdP: back to partner manager at the next sign-in.
    signInWithSso(t.db, input({ ...who, groups: undefined }), now);
    assert.deepEqual(getSessionUser(t.db, userId)?.roles, ["learner"]);
  });

  it("leaves roles alone when no mapping is configured", () => {
    const existing = createUser(
      t.db,
      { email: "kept@example.com", name: "Kept", roles: ["trainer"] },
      null,
      now,
    );
    signInWithSso(
      t.db,
      input(identity({ subject: "kept", email: "kept@example.com", groups: ["academy-admins"] }), {
        mapped: false,
      }),
      now,
    );
    assert.deepEqual(getSessionUser(t.db, existing)?.roles, ["trainer"]);
  });

  it("sets the territory named by the claim (code or name); an unknown one changes nothing", () => {
    const who = identity({ subject: "traveller", email: "traveller@example.com", territory: "nord" });
    const { userId } = signInWithSso(t.db, input(who), now);
    const territoryOf = () => t.db.select().from(users).where(eq(users.id, userId)).get()?.territoryId;
    assert.equal(territoryOf(), nordics);
    const unknown = signInWithSso(t.db, input({ ...who, territory: "Atlantis" }), now);
    assert.equal(territoryOf(), nordics);
    assert.match(unknown.notes.join(), /names no territory/);
  });

  it("refuses a disabled person, whether found by subject or by email", () => {
    const who = identity({ subject: "leaver", email: "leaver@example.com" });
    const { userId } = signInWithSso(t.db, input(who), now);
    const admin = createUser(t.db, { email: "boss@example.com", name: "Boss", roles: ["admin"] }, null, now);
    setDisabled(t.db, userId, true, admin, "left the company", now);
    assert.equal(
      refusalCode(() => signInWithSso(t.db, input(who), now)),
      "disabled",
    );
    const byEmail = createUser(
      t.db,
      { email: "gone@example.com", name: "Gone", roles: ["learner"] },
      null,
      now,
    );
    setDisabled(t.db, byEmail, true, admin, "left", now);
    assert.equal(
      refusalCode(() =>
        signInWithSso(t.db, input(identity({ subject: "gone", email: "gone@example.com" })), now),
      ),
      "disabled",
    );
  });

  it("never links a break-glass account", () => {
    createUser(
      t.db,
      { email: "glass@example.com", name: "Glass", roles: ["admin"], breakGlass: true, passwordHash: "x" },
      null,
      now,
    );
    const who = identity({ subject: "glass", email: "glass@example.com", groups: [] });
    assert.equal(
      refusalCode(() => signInWithSso(t.db, input(who), now)),
      "break-glass",
    );
  });

  it("refuses an account already linked to another subject, until an admin unlinks it", () => {
    const { userId } = signInWithSso(
      t.db,
      input(identity({ subject: "original", email: "twice@example.com" })),
      now,
    );
    const newcomer = identity({ subject: "recreated", email: "twice@example.com" });
    assert.equal(
      refusalCode(() => signInWithSso(t.db, input(newcomer), now)),
      "linked-elsewhere",
    );
    const admin = createUser(
      t.db,
      { email: "admin2@example.com", name: "Admin", roles: ["admin"] },
      null,
      now,
    );
    assert.equal(unlinkSso(t.db, userId, admin, now), true);
    assert.equal(signInWithSso(t.db, input(newcomer), now).userId, userId);
    assert.equal(audit(userId, "user.sso-unlinked").length, 1);
  });
});

describe("what admins see and may do for people who sign in with the IdP", () => {
  it("refuses an admin's role change the IdP's groups own, and keeps roles when none are sent", () => {
    const admin = createUser(
      t.db,
      { email: "owner@example.com", name: "Owner", roles: ["admin"] },
      null,
      now,
    );
    const { userId } = signInWithSso(
      t.db,
      input(identity({ subject: "owned", email: "owned@example.com", groups: ["academy-trainers"] })),
      now,
    );
    assert.throws(
      () => updatePerson(t.db, userId, { roles: ["admin"], territoryId: null }, admin, now, "Example ID"),
      (error) => isRefusal(error) && /decides this person's roles/.test(error.message),
    );
    updatePerson(t.db, userId, { roles: [], territoryId: nordics }, admin, now, "Example ID");
    const person = getSessionUser(t.db, userId);
    assert.deepEqual(person?.roles, ["trainer"]);
    assert.equal(person?.territoryName, "Nordics");
    // A password account is still the admins' to edit.
    const local = createUser(
      t.db,
      { email: "local@example.com", name: "Local", roles: ["learner"] },
      null,
      now,
    );
    updatePerson(t.db, local, { roles: ["trainer"], territoryId: null }, admin, now, "Example ID");
    assert.deepEqual(getSessionUser(t.db, local)?.roles, ["trainer"]);
  });

  it("lists who has not signed in for N days, or never", () => {
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const stale = createUser(
      t.db,
      { email: "stale@example.com", name: "Zz Stale", roles: ["learner"] },
      null,
      now,
    );
    const fresh = createUser(
      t.db,
      { email: "fresh@example.com", name: "Zz Fresh", roles: ["learner"] },
      null,
      now,
    );
    const never = createUser(
      t.db,
      { email: "never@example.com", name: "Zz Never", roles: ["learner"] },
      null,
      now,
    );
    recordSignIn(t.db, stale, "sso", at(120));
    recordSignIn(t.db, fresh, "password", at(3));
    const ids = (inactive: "90" | "never") =>
      listPeople(t.db, { q: "zz", inactive, page: 1 }, now).people.map((p) => p.id);
    assert.deepEqual(ids("90").sort(), [stale, never].sort());
    assert.deepEqual(ids("never"), [never]);
  });
});
