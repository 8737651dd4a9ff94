/**
 * People for the API (issue #14): a keyset-paged list with the filters a PRM sync needs,
 * one person, and the upsert by external id or email through the CSV import's checks.
 */
import { and, asc, eq, gt, gte, sql } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { territories, users } from "#db/schema";
import { conflict, invalid, notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { checkPersonRecord, territoryIndex, upsertPersonRow } from "./people-import.server";
import { normalizeEmail } from "./users.server";

const updatedAt = sql<number>`coalesce(${users.updatedAt}, ${users.createdAt})`;

const columns = {
  id: users.id,
  email: users.email,
  externalId: users.externalId,
  name: users.name,
  jobTitle: users.jobTitle,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  updatedAt,
  territoryId: territories.id,
  territoryCode: territories.code,
  territoryName: territories.name,
  roles: sql<
    string | null
  >`(select group_concat(ur.role, ',') from user_roles ur where ur.user_id = ${users.id})`,
};

type Row = {
  id: number;
  email: string;
  externalId: string | null;
  name: string;
  jobTitle: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: number;
  territoryId: number | null;
  territoryCode: string | null;
  territoryName: string | null;
  roles: string | null;
};

const ROLE_ORDER = ["learner", "trainer", "admin"] as const;

function toPerson(r: Row) {
  const roles = (r.roles ?? "").split(",");
  return {
    id: r.id,
    email: r.email,
    externalId: r.externalId,
    name: r.name,
    jobTitle: r.jobTitle,
    territory:
      r.territoryId === null
        ? null
        : { id: r.territoryId, code: r.territoryCode ?? "", name: r.territoryName ?? "" },
    roles: ROLE_ORDER.filter((role) => roles.includes(role)),
    disabled: r.disabledAt !== null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export type ApiPerson = ReturnType<typeof toPerson>;

export interface PeoplePage {
  after: number;
  limit: number;
  updatedSince?: Date;
  email?: string;
  externalId?: string;
}

export function listPeopleForApi(db: Database, q: PeoplePage) {
  return db
    .select(columns)
    .from(users)
    .leftJoin(territories, eq(territories.id, users.territoryId))
    .where(
      and(
        gt(users.id, q.after),
        q.updatedSince ? gte(updatedAt, q.updatedSince.getTime()) : undefined,
        q.email ? eq(users.email, normalizeEmail(q.email)) : undefined,
        q.externalId ? eq(users.externalId, q.externalId) : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(q.limit + 1)
    .all()
    .map(toPerson);
}

export function getPersonForApi(db: Database, id: number): ApiPerson {
  const row = db
    .select(columns)
    .from(users)
    .leftJoin(territories, eq(territories.id, users.territoryId))
    .where(eq(users.id, id))
    .get();
  if (!row) throw notFound("No such person.");
  return toPerson(row);
}

export interface PersonUpsertInput {
  email: string;
  externalId?: string;
  name: string;
  territory?: string;
  roles?: readonly string[];
  jobTitle?: string;
}

/**
 * Creates or updates a person: matched by external id first, then by email. The record is
 * checked exactly as a CSV import row is; an external id already on someone else is a 409.
 */
export function upsertPersonForApi(
  db: Database,
  input: PersonUpsertInput,
  actorId: number | null,
  now: Date,
) {
  const checked = checkPersonRecord(
    {
      email: input.email,
      name: input.name,
      territory: input.territory,
      roles: (input.roles ?? []).join(";"),
      job_title: input.jobTitle,
    },
    territoryIndex(db),
  );
  if (typeof checked === "string")
    throw invalid(`The person cannot be saved: ${checked}.`, { details: { reason: "invalid-person" } });
  const { id, created } = writeTransaction(db, (tx) => {
    const byExternal = input.externalId
      ? tx.select({ id: users.id }).from(users).where(eq(users.externalId, input.externalId)).get()
      : undefined;
    const byEmail = tx.select({ id: users.id }).from(users).where(eq(users.email, checked.email)).get();
    if (byExternal && byEmail && byExternal.id !== byEmail.id)
      throw conflict("That email belongs to another person than the external id.", {
        details: { reason: "email-taken" },
      });
    const result = upsertPersonRow(tx, checked, actorId, now, byExternal?.id ?? checked.email);
    if (byExternal && !byEmail)
      tx.update(users).set({ email: checked.email }).where(eq(users.id, result.id)).run();
    if (input.externalId)
      tx.update(users).set({ externalId: input.externalId }).where(eq(users.id, result.id)).run();
    if (!result.created)
      recordAudit(tx, {
        at: now,
        actorId,
        action: "people.imported",
        subjectUserId: result.id,
        entityType: "user",
        entityId: result.id,
        details: { via: "api", created: 0, updated: 1 },
      });
    return result;
  });
  return { created, person: getPersonForApi(db, id) };
}
