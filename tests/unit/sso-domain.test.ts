import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readIdentity, rolesFromGroups, sameRoles, type ClaimNames } from "~/domain/sso";
import { parseEnv } from "~/utils/env.server";

const names: ClaimNames = {
  email: "email",
  emailVerified: "email_verified",
  name: "name",
  groups: "groups",
  territory: "territory",
};

describe("reading an identity from claims", () => {
  it("takes subject, lower-cased email, name, groups and territory", () => {
    const result = readIdentity(
      {
        sub: "abc-123",
        email: "Ada.Lovelace@Example.COM",
        email_verified: true,
        name: "Ada Lovelace",
        groups: ["academy-admins", "staff"],
        territory: "NORDICS",
      },
      names,
    );
    assert.deepEqual(result, {
      ok: true,
      identity: {
        subject: "abc-123",
        email: "ada.lovelace@example.com",
        name: "Ada Lovelace",
        groups: ["academy-admins", "staff"],
        territory: "NORDICS",
      },
    });
  });

  it("refuses an email the IdP has not verified, or says is unverified", () => {
    const claims = { sub: "s", email: "a@example.com" };
    assert.deepEqual(readIdentity(claims, names), { ok: false, problem: "email-unverified" });
    assert.deepEqual(readIdentity({ ...claims, email_verified: false }, names), {
      ok: false,
      problem: "email-unverified",
    });
    assert.deepEqual(readIdentity({ ...claims, email_verified: "false" }, names), {
      ok: false,
      problem: "email-unverified",
    });
    // Some IdPs send the flag as a string.
    assert.equal(readIdentity({ ...claims, email_verified: "true" }, names).ok, true);
  });

  it("reads the verification flag from the configured claim (Entra ID's xms_edov)", () => {
    const entra = { ...names, emailVerified: "xms_edov" };
    const claims = { sub: "s", email: "a@example.com", email_verified: true };
    assert.equal(readIdentity(claims, entra).ok, false);
    assert.equal(readIdentity({ ...claims, xms_edov: true }, entra).ok, true);
  });

  it("needs a subject and a real email address", () => {
    assert.deepEqual(readIdentity({ email: "a@example.com", email_verified: true }, names), {
      ok: false,
      problem: "no-subject",
    });
    assert.deepEqual(readIdentity({ sub: "s", email_verified: true }, names), {
      ok: false,
      problem: "no-email",
    });
    assert.deepEqual(readIdentity({ sub: "s", email: "not an email", email_verified: true }, names), {
      ok: false,
      problem: "no-email",
    });
  });

  it("falls back from the name claim to given and family names, then the email", () => {
    const base = { sub: "s", email: "grace@example.com", email_verified: true };
    const read = (claims: Record<string, unknown>) => {
      const result = readIdentity({ ...base, ...claims }, names);
      return result.ok ? result.identity.name : undefined;
    };
    assert.equal(read({ given_name: "Grace", family_name: "Hopper" }), "Grace Hopper");
    assert.equal(read({ name: "  " }), "grace");
  });

  it("accepts one group as a string, and tells 'no groups claim' from an empty list", () => {
    const base = { sub: "s", email: "a@example.com", email_verified: true };
    const groups = (claims: Record<string, unknown>) => {
      const result = readIdentity({ ...base, ...claims }, names);
      return result.ok ? result.identity.groups : "refused";
    };
    assert.deepEqual(groups({ groups: "admins" }), ["admins"]);
    assert.deepEqual(groups({ groups: [] }), []);
    assert.equal(groups({}), undefined);
  });
});

describe("roles from groups", () => {
  const mapping = { adminGroups: ["Academy Admins"], trainerGroups: ["academy-trainers"] };

  it("gives admin and trainer by group, case-insensitively", () => {
    assert.deepEqual(rolesFromGroups(["academy admins"], mapping), ["admin"]);
    assert.deepEqual(rolesFromGroups(["ACADEMY-TRAINERS", "Academy Admins"], mapping), ["trainer", "admin"]);
  });

  it("makes everyone else a partner manager (learner), with or without a groups claim", () => {
    assert.deepEqual(rolesFromGroups(["staff"], mapping), ["learner"]);
    assert.deepEqual(rolesFromGroups([], mapping), ["learner"]);
    assert.deepEqual(rolesFromGroups(undefined, mapping), ["learner"]);
  });

  it("compares role lists in any order", () => {
    assert.equal(sameRoles(["admin", "trainer"], ["trainer", "admin"]), true);
    assert.equal(sameRoles(["admin"], ["admin", "learner"]), false);
  });
});

describe("single sign-on configuration", () => {
  const sso = {
    OIDC_ISSUER: "https://login.example.com/realms/academy",
    OIDC_CLIENT_ID: "academy",
    OIDC_CLIENT_SECRET: "s3cret",
  };

  it("is off without an issuer, and then passwords cannot be turned off", () => {
    assert.equal(parseEnv({}).OIDC_ISSUER, undefined);
    assert.throws(() => parseEnv({ PASSWORD_SIGN_IN: "0" }), /PASSWORD_SIGN_IN=0 needs single sign-on/);
    assert.equal(parseEnv({ ...sso, PASSWORD_SIGN_IN: "0" }).PASSWORD_SIGN_IN, false);
  });

  it("needs issuer, client id and secret together", () => {
    assert.throws(
      () => parseEnv({ OIDC_ISSUER: sso.OIDC_ISSUER }),
      /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/,
    );
  });

  it("refuses an http issuer unless explicitly allowed, and then only on a loopback address", () => {
    const http = { ...sso, OIDC_ISSUER: "http://login.example.com" };
    assert.throws(() => parseEnv(http), /must use https/);
    assert.throws(() => parseEnv({ ...http, OIDC_ALLOW_HTTP: "1" }), /must use https/);
    const local = { ...sso, OIDC_ISSUER: "http://127.0.0.1:3262" };
    assert.throws(() => parseEnv(local), /must use https/);
    assert.equal(parseEnv({ ...local, OIDC_ALLOW_HTTP: "1" }).OIDC_ALLOW_HTTP, true);
  });

  it("reads group lists and defaults the claim names", () => {
    const config = parseEnv({ ...sso, OIDC_ADMIN_GROUPS: " Academy Admins , ops ", OIDC_TRAINER_GROUPS: "" });
    assert.deepEqual(config.OIDC_ADMIN_GROUPS, ["Academy Admins", "ops"]);
    assert.deepEqual(config.OIDC_TRAINER_GROUPS, []);
    assert.equal(config.OIDC_GROUPS_CLAIM, "groups");
    assert.equal(config.OIDC_EMAIL_VERIFIED_CLAIM, "email_verified");
    assert.throws(() => parseEnv({ ...sso, OIDC_SCOPES: "email profile" }), /must include openid/);
  });
});
