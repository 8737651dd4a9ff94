/**
 * The hooks that keep each certification's Open Badges credential in step with the
 * certification engine, inside the engine's own transactions:
 *
 * - `recordOpenBadge` (issuing transaction): freezes what the credential will state and
 *   gives it an entry in a revocation status list;
 * - `revokeOpenBadge` (revoking transaction): sets that entry's bit.
 *
 * Both are synchronous and cheap (a few indexed reads and one insert or update): signing
 * happens later, outside the transaction (open-badges.server.ts).
 */
import crypto from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  businessUnits,
  certificationPrograms,
  certifications,
  competencies,
  credentialStatusLists,
  openBadgeCredentials,
  programRequirements,
  technologies,
  users,
} from "#db/schema";
import { effectiveRequirements } from "~/domain/certification";
import type { CredentialFacts } from "~/domain/open-badge";
import { STATUS_LIST_SIZE, emptyBitstring, withBit } from "~/credentials/bitstring.server";

/** OB 3.0 IdentityHash of an email: `sha256$` + hex SHA-256 of the address followed by the salt. */
export function emailIdentityHash(email: string, salt: string): string {
  return (
    "sha256$" +
    crypto
      .createHash("sha256")
      .update(email.trim().toLowerCase() + salt)
      .digest("hex")
  );
}

function gatherFacts(tx: Transaction, certificationId: number) {
  const row = tx
    .select({
      credentialId: certifications.credentialId,
      issuedAt: certifications.issuedAt,
      expiresAt: certifications.expiresAt,
      revokedAt: certifications.revokedAt,
      holderName: users.name,
      holderEmail: users.email,
      programId: certificationPrograms.id,
      programName: certificationPrograms.name,
      level: certificationPrograms.level,
      validityMonths: certificationPrograms.validityMonths,
      technologyId: technologies.id,
      technologySlug: technologies.slug,
      technology: technologies.name,
      businessUnit: businessUnits.name,
    })
    .from(certifications)
    .innerJoin(users, eq(users.id, certifications.userId))
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .innerJoin(technologies, eq(technologies.id, certificationPrograms.technologyId))
    .innerJoin(businessUnits, eq(businessUnits.id, technologies.businessUnitId))
    .where(eq(certifications.id, certificationId))
    .get();
  if (!row) throw new Error(`Certification ${certificationId} does not exist.`);
  const programs = tx
    .select({ id: certificationPrograms.id, level: certificationPrograms.level })
    .from(certificationPrograms)
    .where(eq(certificationPrograms.technologyId, row.technologyId))
    .all();
  const requirements = tx
    .select()
    .from(programRequirements)
    .where(
      inArray(
        programRequirements.programId,
        programs.map((p) => p.id),
      ),
    )
    .all();
  const rules = programs.map((p) => ({
    id: p.id,
    technologyId: row.technologyId,
    level: p.level,
    validityMonths: 0,
    requirementIds: requirements.filter((r) => r.programId === p.id).map((r) => r.competencyId),
  }));
  const program = rules.find((p) => p.id === row.programId);
  const requiredIds = program ? effectiveRequirements(program, rules) : [];
  const required =
    requiredIds.length === 0
      ? []
      : tx
          .select()
          .from(competencies)
          .where(inArray(competencies.id, requiredIds))
          .orderBy(competencies.id)
          .all();
  const salt = crypto.randomBytes(16).toString("hex");
  const facts: CredentialFacts = {
    credentialId: row.credentialId,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    holder: { name: row.holderName, emailHash: emailIdentityHash(row.holderEmail, salt), salt },
    achievement: {
      key: `${row.technologySlug}-${row.level}`,
      name: row.programName,
      level: row.level,
      technology: row.technology,
      businessUnit: row.businessUnit,
      validityMonths: row.validityMonths,
      competencies: required.map((c) => ({
        slug: c.slug,
        name: c.name,
        kind: c.kind,
        description: c.description,
      })),
    },
  };
  return { facts, revoked: row.revokedAt !== null };
}

/** A free entry in the newest revocation list, opening a new list when it is three quarters full. */
function allocateStatusEntry(tx: Transaction, now: Date): { listId: number; index: number } {
  let list = tx
    .select({
      id: credentialStatusLists.id,
      size: credentialStatusLists.size,
      used: credentialStatusLists.used,
    })
    .from(credentialStatusLists)
    .where(eq(credentialStatusLists.purpose, "revocation"))
    .orderBy(desc(credentialStatusLists.id))
    .limit(1)
    .get();
  if (!list || list.used >= (list.size * 3) / 4) {
    list = tx
      .insert(credentialStatusLists)
      .values({ purpose: "revocation", size: STATUS_LIST_SIZE, bits: emptyBitstring(), updatedAt: now })
      .returning({
        id: credentialStatusLists.id,
        size: credentialStatusLists.size,
        used: credentialStatusLists.used,
      })
      .get();
  }
  // Random entries (the specification's advice): a list position says nothing about issue order.
  for (;;) {
    const index = crypto.randomInt(list.size);
    const taken = tx
      .select({ id: openBadgeCredentials.certificationId })
      .from(openBadgeCredentials)
      .where(and(eq(openBadgeCredentials.statusListId, list.id), eq(openBadgeCredentials.statusIndex, index)))
      .get();
    if (taken) continue;
    tx.update(credentialStatusLists)
      .set({ used: list.used + 1 })
      .where(eq(credentialStatusLists.id, list.id))
      .run();
    return { listId: list.id, index };
  }
}

function setStatusBit(tx: Transaction, listId: number, index: number, now: Date): void {
  const list = tx
    .select({ bits: credentialStatusLists.bits })
    .from(credentialStatusLists)
    .where(eq(credentialStatusLists.id, listId))
    .get();
  if (!list) throw new Error(`Status list ${listId} does not exist.`);
  tx.update(credentialStatusLists)
    .set({ bits: withBit(list.bits, index, true), updatedAt: now })
    .where(eq(credentialStatusLists.id, listId))
    .run();
}

/** Issuing hook: freeze the credential's facts and give it a revocation status entry. */
export function recordOpenBadge(tx: Transaction, certificationId: number, now: Date): void {
  const { facts, revoked } = gatherFacts(tx, certificationId);
  const entry = allocateStatusEntry(tx, now);
  tx.insert(openBadgeCredentials)
    .values({
      certificationId,
      facts: { ...facts },
      statusListId: entry.listId,
      statusIndex: entry.index,
      createdAt: now,
    })
    .run();
  if (revoked) setStatusBit(tx, entry.listId, entry.index, now);
}

/** Revoking hook: the credential's status entry says revoked from this transaction on. */
export function revokeOpenBadge(tx: Transaction, certificationId: number, now: Date): void {
  const entry = tx
    .select({ listId: openBadgeCredentials.statusListId, index: openBadgeCredentials.statusIndex })
    .from(openBadgeCredentials)
    .where(eq(openBadgeCredentials.certificationId, certificationId))
    .get();
  // A certification from before credentials existed gets its entry, already set, when its
  // credential is first requested (ensureOpenBadge).
  if (entry) setStatusBit(tx, entry.listId, entry.index, now);
}

/**
 * The credential row of a certification, creating it for certifications issued before this
 * feature (or loaded in bulk): their facts are taken from today's records.
 */
export function ensureOpenBadge(db: Database, certificationId: number, now: Date) {
  const find = (d: Database | Transaction) =>
    d
      .select()
      .from(openBadgeCredentials)
      .where(eq(openBadgeCredentials.certificationId, certificationId))
      .get();
  const existing = find(db);
  if (existing) return existing;
  return writeTransaction(db, (tx) => {
    const again = find(tx);
    if (again) return again;
    recordOpenBadge(tx, certificationId, now);
    const created = find(tx);
    if (!created) throw new Error("The credential row was not written.");
    return created;
  });
}
