/**
 * The REST API (issue #14), through its route modules on a seeded demo database: tokens,
 * scopes and every refusal; each resource, its filters and pagination; the writes through
 * the UI's gate and the import's checks; the CLI's token; and the contract test: every
 * response these tests received is valid against /api/v1/openapi.json.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { and, eq } from "drizzle-orm";
import {
  apiTokens,
  auditEvents,
  certificationPrograms,
  certifications,
  technologies,
  territories,
  users,
} from "#db/schema";
import { createTestDb } from "../support/db";
import { api, recorded } from "../support/api-client";

const t = createTestDb();
Object.assign(process.env, {
  NODE_ENV: "test",
  DATABASE_PATH: t.file,
  API_RATE_PER_MINUTE: "40",
  API_MAX_BODY_BYTES: "2048",
});
const { createApiToken, revokeApiToken } = await import("~/models/api-tokens.server");
const { seedDemo } = await import("~/seed/demo.server");
const { closeDb, db } = await import("~/utils/db.server");
const { revokeCertificationOf } = await import("~/models/certifications.server");
const { attain, newLearner, STORAGE_SPECIALIST } = await import("../support/lifecycle");
const { addDays } = await import("~/domain/time");
const { loader: openApiLoader } = await import("~/routes/api.v1.openapi[.json]");

const now = new Date();
let adminId: number;
let storageId: number;
let territoryId: number;
const tokens: Record<string, string> = {};

function token(scopes: string[], name = scopes.join(" ")) {
  return createApiToken(db(), { name, scopes }, adminId, new Date()).token;
}

before(async () => {
  await seedDemo(db(), now, "tests/fixtures/content");
  adminId =
    db().select({ id: users.id }).from(users).where(eq(users.email, "admin@example.com")).get()?.id ?? 0;
  storageId =
    db().select({ id: technologies.id }).from(technologies).where(eq(technologies.slug, "storage")).get()
      ?.id ?? 0;
  territoryId = db().select({ id: territories.id }).from(territories).get()?.id ?? 0;
  assert.ok(adminId && storageId && territoryId);
  tokens.read = token(["people:read", "certifications:read", "coverage:read"], "reader");
  tokens.write = token(["assignments:write", "people:write", "coverage:read", "people:read"], "writer");
  tokens.hooks = token(["webhooks:manage"], "hooks");
});
after(() => {
  closeDb();
  t.close();
});

describe("API tokens", () => {
  it("refuses a request without a token with 401 problem details and a Bearer challenge", async () => {
    const r = await api("GET", "/people");
    assert.equal(r.status, 401);
    assert.equal(r.headers.get("content-type"), "application/problem+json");
    assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.equal(r.body.reason, "missing");
  });

  it("never takes a cookie for a token", async () => {
    const r = await api("GET", "/people", {
      headers: { Cookie: "__session=anything; token=" + tokens.read },
    });
    assert.equal(r.status, 401);
  });

  it("refuses a wrong, an expired and a revoked token with 401 and says which", async () => {
    assert.equal((await api("GET", "/people", { token: "pa_not-a-real-token" })).body.reason, "unknown");
    assert.equal((await api("GET", "/people", { token: "garbage" })).status, 401);
    const past = addDays(new Date(), -10);
    const expired = createApiToken(
      db(),
      { name: "old", scopes: ["people:read"], expiresAt: addDays(past, 1) },
      adminId,
      past,
    );
    const r = await api("GET", "/people", { token: expired.token });
    assert.equal(r.status, 401);
    assert.equal(r.body.reason, "expired");
    const revoked = createApiToken(db(), { name: "gone", scopes: ["people:read"] }, adminId, new Date());
    assert.equal((await api("GET", "/people", { token: revoked.token })).status, 200);
    revokeApiToken(db(), revoked.id, adminId, new Date());
    const again = await api("GET", "/people", { token: revoked.token });
    assert.equal(again.status, 401);
    assert.equal(again.body.reason, "revoked");
  });

  it("refuses a token without the endpoint's scope with 403 naming the scope", async () => {
    const r = await api("GET", "/certifications", { token: tokens.hooks });
    assert.equal(r.status, 403);
    assert.equal(r.body.requiredScope, "certifications:read");
    assert.equal((await api("POST", "/assignments", { token: tokens.read, body: {} })).status, 403);
    assert.equal((await api("GET", "/webhooks", { token: tokens.read })).status, 403);
    assert.equal((await api("POST", "/people", { token: tokens.read, body: {} })).status, 403);
  });

  it("stores only a hash, and records when a token was last used", async () => {
    const row = db().select().from(apiTokens).where(eq(apiTokens.name, "reader")).get();
    assert.ok(row);
    assert.notEqual(row.tokenHash, tokens.read);
    assert.ok(!JSON.stringify(row).includes(tokens.read ?? "-"));
    assert.ok(row.lastUsedAt, "last used is recorded");
  });

  it("limits each token's requests per minute with 429 and Retry-After", async () => {
    const busy = token(["people:read"], "busy");
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await api("GET", "/people?limit=1", { token: busy })).status);
    assert.deepEqual(statuses.slice(0, 40), Array(40).fill(200));
    const r = await api("GET", "/people?limit=1", { token: busy });
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get("retry-after")) >= 1);
    // Another token is not affected.
    assert.equal((await api("GET", "/people?limit=1", { token: tokens.read })).status, 200);
  });

  it("refuses bodies over the size limit, non-JSON and malformed JSON", async () => {
    const big = { email: "big@example.com", name: "x".repeat(3000) };
    assert.equal((await api("POST", "/people", { token: tokens.write, body: big })).status, 413);
    const form = await api("POST", "/people", {
      token: tokens.write,
      rawBody: "a=b",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 415);
    assert.equal((await api("POST", "/people", { token: tokens.write, rawBody: "{oops" })).status, 400);
  });

  it("audits every use of a write scope, refused or not", async () => {
    const before = db().select().from(auditEvents).where(eq(auditEvents.action, "api.write")).all().length;
    await api("POST", "/assignments", {
      token: tokens.write,
      body: { personId: 999999, technologyId: storageId, territoryId, role: "specialist" },
    });
    const rows = db().select().from(auditEvents).where(eq(auditEvents.action, "api.write")).all();
    assert.equal(rows.length, before + 1);
    const last = rows[rows.length - 1];
    assert.equal(last?.actorId, adminId);
    assert.equal(last?.details?.token, "writer");
    assert.equal(last?.details?.scope, "assignments:write");
  });
});

describe("reading", () => {
  it("pages people with an opaque cursor and filters them by email, external id and updated_since", async () => {
    const first = await api("GET", "/people?limit=5", { token: tokens.read });
    assert.equal(first.status, 200);
    assert.equal(first.body.data?.length, 5);
    assert.ok(typeof first.body.nextCursor === "string");
    const second = await api("GET", `/people?limit=5&cursor=${String(first.body.nextCursor)}`, {
      token: tokens.read,
    });
    const lastOfFirst = Number(first.body.data?.[4]?.id);
    assert.ok((second.body.data ?? []).every((p) => Number(p.id) > lastOfFirst));
    const byEmail = await api("GET", "/people?email=ADMIN@example.com", { token: tokens.read });
    assert.deepEqual(
      byEmail.body.data?.map((p) => p.id),
      [adminId],
    );
    assert.deepEqual(byEmail.body.data?.[0]?.roles, ["admin"]);
    const future = new Date(Date.now() + 60_000).toISOString();
    assert.deepEqual(
      (await api("GET", `/people?updated_since=${future}`, { token: tokens.read })).body.data,
      [],
    );
    assert.equal((await api("GET", "/people?cursor=bogus", { token: tokens.read })).status, 400);
    assert.equal((await api("GET", "/people?limit=5000", { token: tokens.read })).status, 400);
  });

  it("reads one person by id, and an unknown or malformed id is 404", async () => {
    const r = await api("GET", `/people/${adminId}`, { token: tokens.read });
    assert.equal(r.status, 200);
    assert.equal(r.body.email, "admin@example.com");
    assert.ok(!("passwordHash" in r.body));
    assert.equal((await api("GET", "/people/999999", { token: tokens.read })).status, 404);
    assert.equal((await api("GET", "/people/abc", { token: tokens.read })).status, 404);
  });

  it("gives certifications their status at read time: active, revoked, in grace", async () => {
    const holder = newLearner(db(), now, "Grace Holder");
    const [issued] = attain(db(), holder.id, STORAGE_SPECIALIST, addDays(now, -370));
    assert.ok(issued);
    const fresh = newLearner(db(), now, "Fresh Holder");
    const [active] = attain(db(), fresh.id, STORAGE_SPECIALIST, addDays(now, -1));
    assert.ok(active);
    const list = async (personId: number) =>
      (await api("GET", `/certifications?person_id=${personId}`, { token: tokens.read })).body.data ?? [];
    const [graceCert] = await list(holder.id);
    const program = db()
      .select()
      .from(certificationPrograms)
      .where(eq(certificationPrograms.id, issued.programId))
      .get();
    assert.ok(graceCert && program);
    const expired = new Date(String(graceCert.expiresAt));
    const expected = addDays(expired, program.graceDays) > new Date() ? "in-grace" : "expired";
    assert.ok(expired < new Date());
    assert.equal(graceCert.status, expected);
    const [activeCert] = await list(fresh.id);
    assert.equal(activeCert?.status, "active");
    assert.ok(Number(activeCert?.daysLeft) > 300);
    revokeCertificationOf(db(), fresh.id, active.id, adminId, "Test revocation", new Date());
    const [revoked] = await list(fresh.id);
    assert.equal(revoked?.status, "revoked");
    const since = await api(
      "GET",
      `/certifications?updated_since=${addDays(now, -2).toISOString()}&email=${fresh.email}`,
      { token: tokens.read },
    );
    assert.deepEqual(
      since.body.data?.map((c) => c.id),
      [active.id],
    );
  });

  it("verifies a credential by its public id", async () => {
    const cert = db().select().from(certifications).get();
    assert.ok(cert);
    const r = await api("GET", `/credentials/${cert.credentialId}`, { token: tokens.read });
    assert.equal(r.status, 200);
    assert.equal(r.body.credentialId, cert.credentialId);
    assert.equal(
      (await api("GET", "/credentials/AAAAAAAAAAAAAAAAAAAAAA", { token: tokens.read })).status,
      404,
    );
  });

  it("lists programs with effective requirements: a lead program inherits the specialist's", async () => {
    const r = await api("GET", "/programs", { token: tokens.read });
    const lead = r.body.data?.find((p) => p.level === "lead");
    assert.ok(lead);
    const reqs = lead.requirements as { inherited: boolean }[];
    assert.ok(reqs.some((q) => q.inherited) && reqs.some((q) => !q.inherited));
  });

  it("lists assignments and coverage per territory × technology", async () => {
    const r = await api("GET", `/assignments?territory_id=${territoryId}`, { token: tokens.read });
    assert.equal(r.status, 200);
    assert.ok((r.body.data ?? []).every((a) => (a.territory as { id: number }).id === territoryId));
    const c = await api("GET", "/coverage", { token: tokens.read });
    const cells =
      db().select().from(territories).all().length * db().select().from(technologies).all().length;
    assert.equal(c.body.data?.length, cells);
  });
});

describe("writing", () => {
  it("refuses an uncertified specialist with 409 and the missing competencies with the modules that teach them", async () => {
    const person = newLearner(db(), now, "Not Yet Certified");
    const r = await api("POST", "/assignments", {
      token: tokens.write,
      body: { personId: person.id, technologyId: storageId, territoryId, role: "specialist" },
    });
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, "not-certified");
    const missing = r.body.missing as { name: string; modules: { slug: string }[] }[];
    assert.equal(missing.length, STORAGE_SPECIALIST.length);
    assert.ok(
      missing.some((m) => m.modules.length > 0),
      "modules that teach a missing competency",
    );
  });

  it("assigns a certified specialist, refuses a second copy, and ends it", async () => {
    const person = newLearner(db(), now, "Certified Specialist");
    attain(db(), person.id, STORAGE_SPECIALIST, addDays(now, -1));
    const body = { personId: person.id, technologyId: storageId, territoryId, role: "specialist" };
    const created = await api("POST", "/assignments", { token: tokens.write, body });
    assert.equal(created.status, 201);
    assert.equal(created.body.state, "covered");
    assert.equal(
      (await api("POST", "/assignments", { token: tokens.write, body })).body.reason,
      "already-assigned",
    );
    const id = Number(created.body.id);
    assert.equal((await api("GET", `/assignments/${id}`, { token: tokens.read })).body.id, id);
    assert.equal(
      (await api("POST", `/assignments/${id}/end`, { token: tokens.write, body: {} })).status,
      400,
    );
    const ended = await api("POST", `/assignments/${id}/end`, {
      token: tokens.write,
      body: { reason: "Left the partner" },
    });
    assert.equal(ended.status, 200);
    assert.equal(ended.body.state, "ended");
    assert.equal(
      (await api("POST", `/assignments/${id}/end`, { token: tokens.write, body: { reason: "again" } }))
        .status,
      409,
    );
    assert.equal(
      (await api("POST", "/assignments/99999/end", { token: tokens.write, body: { reason: "none" } })).status,
      404,
    );
    const audit = db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "assignment.created"), eq(auditEvents.entityId, id)))
      .get();
    assert.equal(audit?.actorId, adminId);
  });

  it("upserts people by external id or email with the CSV import's checks", async () => {
    const created = await api("POST", "/people", {
      token: tokens.write,
      body: { email: "New.Person@Example.com", externalId: "HR-1", name: "New Person", roles: ["learner"] },
    });
    assert.equal(created.status, 201);
    const person = created.body.person as { id: number; email: string; externalId: string };
    assert.equal(person.email, "new.person@example.com");
    const moved = await api("POST", "/people", {
      token: tokens.write,
      body: { email: "renamed@example.com", externalId: "HR-1", name: "Renamed Person", jobTitle: "Sales" },
    });
    assert.equal(moved.status, 200);
    assert.equal((moved.body.person as { id: number }).id, person.id);
    assert.equal((moved.body.person as { email: string }).email, "renamed@example.com");
    const byExt = await api("GET", "/people?external_id=HR-1", { token: tokens.read });
    assert.equal(byExt.body.data?.[0]?.name, "Renamed Person");
    const bad = await api("POST", "/people", { token: tokens.write, body: { email: "nope", name: "X Y" } });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.detail), /not a valid email/);
    const territory = await api("POST", "/people", {
      token: tokens.write,
      body: { email: "t@example.com", name: "T T", territory: "Atlantis" },
    });
    assert.match(String(territory.body.detail), /unknown territory/);
    const admin = await api("POST", "/people", {
      token: tokens.write,
      body: { email: "boss@example.com", name: "Would Be Admin", roles: ["admin"] },
    });
    assert.equal(admin.status, 400, "a token cannot make an admin");
    const clash = await api("POST", "/people", {
      token: tokens.write,
      body: { email: "admin@example.com", externalId: "HR-1", name: "Clash" },
    });
    assert.equal(clash.status, 409);
    assert.equal(
      (
        await api("POST", "/people", {
          token: tokens.write,
          body: { email: "a@example.com", name: "A B", extra: 1 },
        })
      ).status,
      400,
    );
  });

  it("registers, lists and deletes webhook endpoints; the secret is shown once", async () => {
    const created = await api("POST", "/webhooks", {
      token: tokens.hooks,
      body: {
        url: "https://prm.example.com/hooks",
        events: ["certification.issued", "certification.revoked"],
      },
    });
    assert.equal(created.status, 201);
    assert.match(String(created.body.secret), /^whsec_/);
    const list = await api("GET", "/webhooks", { token: tokens.hooks });
    assert.ok(!JSON.stringify(list.body).includes(String(created.body.secret)));
    assert.equal(
      (await api("POST", "/webhooks", { token: tokens.hooks, body: { url: "ftp://x", events: [] } })).status,
      400,
    );
    assert.equal(
      (await api("DELETE", `/webhooks/${String(created.body.id)}`, { token: tokens.hooks })).status,
      204,
    );
    assert.equal(
      (await api("DELETE", `/webhooks/${String(created.body.id)}`, { token: tokens.hooks })).status,
      404,
    );
  });
});

describe("the CLI's token", () => {
  it("is printed once, reads certifications and is refused a gated assignment with structured reasons", async () => {
    const out = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "app/cli/api-token.ts",
        "--name",
        "PRM sync",
        "--scopes",
        "certifications:read,assignments:write",
      ],
      { env: { ...process.env, DATABASE_PATH: t.file }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    ).trim();
    assert.match(out, /^pa_[A-Za-z0-9_-]{40,}$/);
    const certs = await api("GET", "/certifications?limit=3", { token: out });
    assert.equal(certs.status, 200);
    assert.equal(certs.body.data?.length, 3);
    const person = newLearner(db(), now, "Gated Person");
    const refused = await api("POST", "/assignments", {
      token: out,
      body: { personId: person.id, technologyId: storageId, territoryId, role: "lead" },
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.reason, "not-certified");
    assert.ok(Array.isArray(refused.body.missing) && refused.body.missing.length > 0);
    assert.equal((await api("GET", "/people", { token: out })).status, 403);
  });
});

describe("the contract", () => {
  it("serves an OpenAPI 3.1 document generated from the handlers' schemas", async () => {
    const response = await openApiLoader();
    const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, "3.1.0");
    assert.equal(Object.keys(doc.paths).length, 11);
  });

  it("every response of these tests is valid against the document", async () => {
    const doc = (await (await openApiLoader()).json()) as {
      components: { schemas: Record<string, unknown> };
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }
        >
      >;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: "api", components: doc.components });
    assert.ok(recorded.length > 60, `${recorded.length} responses recorded`);
    const seen = new Set<string>();
    for (const r of recorded) {
      const op = doc.paths[r.template]?.[r.method];
      assert.ok(op, `${r.method} ${r.template} is in the document`);
      const response = op.responses[String(r.status)];
      assert.ok(response, `${r.method} ${r.template} documents status ${r.status}`);
      seen.add(`${r.method} ${r.template}`);
      if (!response.content) {
        assert.equal(r.body, null);
        continue;
      }
      const media = r.contentType.split(";")[0] ?? "";
      const content = response.content[media];
      assert.ok(content, `${r.method} ${r.template} ${r.status} is documented as ${media}`);
      const validate = ajv.getSchema(`api${content.schema.$ref}`);
      assert.ok(validate);
      assert.ok(
        validate(r.body),
        `${r.method} ${r.template} ${r.status}: ${ajv.errorsText(validate.errors)}`,
      );
    }
    // Every operation of the document was exercised.
    for (const [path, methods] of Object.entries(doc.paths))
      for (const method of Object.keys(methods))
        assert.ok(seen.has(`${method} ${path}`), `${method} ${path} was called`);
  });
});
