/**
 * API tokens (issue #14): named, scoped, optionally expiring, revocable. The token is 256
 * random bits shown once; only its SHA-256 is stored (a slow hash adds nothing to a secret of
 * that strength and would cost every API request ~45 ms). Creating and revoking are audited.
 */
import crypto from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { API_SCOPES, apiTokens, users, type ApiScope } from "#db/schema";
import { invalid, notFound } from "~/utils/refusal";
import { recordAudit } from "./audit.server";

const TOKEN_PREFIX = "pa_";
/** lastUsedAt is written at most this often per token: a busy token must not write per request. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export interface NewApiToken {
  name: string;
  scopes: readonly string[];
  expiresAt?: Date | null;
}

/** Creates a token; the returned `token` is the only time it exists in clear. */
export function createApiToken(db: Database, input: NewApiToken, actorId: number | null, now: Date) {
  const name = input.name.trim();
  if (name.length < 2 || name.length > 80)
    throw invalid("Give the token a name of 2 to 80 characters.", { field: "name" });
  const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw invalid(`Unknown scope: ${unknown.join(", ")}. Scopes: ${API_SCOPES.join(", ")}.`, {
      field: "scopes",
    });
  const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
  if (scopes.length === 0) throw invalid("Choose at least one scope.", { field: "scopes" });
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime())
    throw invalid("The expiry must be in the future.", { field: "expiresAt" });
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return writeTransaction(db, (tx) => {
    const row = tx
      .insert(apiTokens)
      .values({
        name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 10),
        scopes,
        expiresAt: input.expiresAt ?? null,
        createdById: actorId,
        createdAt: now,
      })
      .returning({ id: apiTokens.id })
      .get();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "api-token.created",
      entityType: "api-token",
      entityId: row.id,
      details: { name, scopes, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return { id: row.id, token, name, scopes };
  });
}

export function listApiTokens(db: Database) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      createdAt: apiTokens.createdAt,
      createdBy: users.name,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdById))
    .orderBy(desc(apiTokens.id))
    .limit(200)
    .all();
}

export function revokeApiToken(db: Database, id: number, actorId: number | null, now: Date): void {
  writeTransaction(db, (tx) => {
    const row = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!row) throw notFound("No such token.");
    if (row.revokedAt) return;
    tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).run();
    recordAudit(tx, {
      at: now,
      actorId,
      action: "api-token.revoked",
      entityType: "api-token",
      entityId: id,
      details: { name: row.name },
    });
  });
}

export interface ApiCaller {
  tokenId: number;
  name: string;
  scopes: ApiScope[];
  /** Whose authority the token carries: the admin who created it (null for the CLI). */
  actorId: number | null;
}

export type TokenCheck =
  { ok: true; caller: ApiCaller } | { ok: false; reason: "unknown" | "expired" | "revoked" };

/** Who a bearer token is, as of `now`; records the use (at most once a minute). */
export function authenticateToken(db: Database, token: string, now: Date): TokenCheck {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return { ok: false, reason: "unknown" };
  const row = db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .get();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt && row.revokedAt.getTime() <= now.getTime()) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  return {
    ok: true,
    caller: { tokenId: row.id, name: row.name, scopes: row.scopes, actorId: row.createdById },
  };
}
