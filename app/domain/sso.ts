/**
 * Single sign-on rules (issue #16), pure: what a set of ID-token claims says about a person,
 * and which roles an identity provider's groups give them. No Remix, no database.
 */
import { z } from "zod";
import type { Role } from "#db/vocabulary";

/** Which claims carry what: configurable, because every IdP names them its own way. */
export interface ClaimNames {
  email: string;
  emailVerified: string;
  name: string;
  groups: string;
  /** Unset: territories are managed in the app only. */
  territory?: string | undefined;
}

/**
 * Roles owned by the IdP. When a mapping is configured the IdP decides every role of the
 * people who sign in with it: admin and trainer by group, partner manager (learner) when
 * neither applies. Without one, roles stay the app's business (new people start as learners).
 */
export interface RoleMapping {
  adminGroups: readonly string[];
  trainerGroups: readonly string[];
}

/** A person as the IdP describes them, from verified claims. */
export interface SsoIdentity {
  subject: string;
  email: string;
  name: string;
  /** Undefined when the IdP sent no groups claim (Entra ID omits it for people in no group). */
  groups: readonly string[] | undefined;
  territory: string | undefined;
}

export type IdentityProblem = "no-subject" | "no-email" | "email-unverified";

export type IdentityResult = { ok: true; identity: SsoIdentity } | { ok: false; problem: IdentityProblem };

const Email = z.email();

function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** `true`, or the string "true" some IdPs send instead. Anything else is not verified. */
function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function groupList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.filter((g): g is string => typeof g === "string" && g.trim() !== "").map((g) => g.trim());
}

function displayName(claims: Record<string, unknown>, names: ClaimNames, email: string): string {
  const given = text(claims.given_name);
  const family = text(claims.family_name);
  const name =
    text(claims[names.name]) ??
    (given || family ? [given, family].filter(Boolean).join(" ") : undefined) ??
    text(claims.preferred_username) ??
    email.split("@")[0] ??
    email;
  return name.slice(0, 120);
}

/**
 * The identity in a set of claims, or why it cannot be used: a sign-in needs a subject and
 * an email address the IdP says it verified (an unverified one could claim someone else's
 * account when it is linked by email).
 */
export function readIdentity(claims: Record<string, unknown>, names: ClaimNames): IdentityResult {
  const subject = text(claims.sub);
  if (!subject) return { ok: false, problem: "no-subject" };
  const rawEmail = text(claims[names.email]);
  const email = rawEmail?.toLowerCase();
  if (!email || !Email.safeParse(email).success || email.length > 254)
    return { ok: false, problem: "no-email" };
  if (!isTrue(claims[names.emailVerified])) return { ok: false, problem: "email-unverified" };
  const territory = names.territory ? text(claims[names.territory]) : undefined;
  return {
    ok: true,
    identity: {
      subject,
      email,
      name: displayName(claims, names, email),
      groups: groupList(claims[names.groups]),
      territory,
    },
  };
}

/** Group names compare without regard to case (Entra ID group ids are GUIDs in any case). */
function inAny(groups: readonly string[], wanted: readonly string[]): boolean {
  const held = new Set(groups.map((g) => g.toLowerCase()));
  return wanted.some((g) => held.has(g.toLowerCase()));
}

/** The roles a mapping gives someone in `groups`: admin, trainer, or partner manager. */
export function rolesFromGroups(groups: readonly string[] | undefined, mapping: RoleMapping): Role[] {
  const held = groups ?? [];
  const roles: Role[] = [];
  if (inAny(held, mapping.trainerGroups)) roles.push("trainer");
  if (inAny(held, mapping.adminGroups)) roles.push("admin");
  return roles.length > 0 ? roles : ["learner"];
}

/** Whether two role lists hold the same roles, in any order. */
export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
