/**
 * Remix session storage backed by the `sessions` table. The cookie is signed, HttpOnly,
 * SameSite=Lax, and `Secure` with the `__Host-` prefix when COOKIE_SECURE=1.
 */
import { createCookie, createSessionStorage, type SessionStorage } from "@remix-run/node";
import {
  createSessionRecord,
  deleteSessionRecord,
  readSessionRecord,
  updateSessionRecord,
  type SessionTimeouts,
} from "~/models/sessions.server";
import { db } from "~/utils/db.server";
import { env, sessionSecret } from "~/utils/env.server";

export interface SessionData {
  userId: number;
  /** Set when the session began with single sign-on. */
  sso: { idToken: string | undefined };
  /** An anonymous, just-signed-out session: the IdP sign-out it may still offer. */
  idpSignOut: { idToken: string | undefined; at: number };
}

export function sessionTimeouts(): SessionTimeouts {
  const config = env();
  return {
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: config.SESSION_ABSOLUTE_DAYS * 24 * 60 * 60_000,
  };
}

let storage: SessionStorage<SessionData> | undefined;

export function sessionStorage(): SessionStorage<SessionData> {
  if (storage) return storage;
  const config = env();
  const timeouts = sessionTimeouts();
  const cookie = createCookie(config.COOKIE_SECURE ? "__Host-academy_session" : "academy_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.COOKIE_SECURE,
    path: "/",
    secrets: [sessionSecret()],
    maxAge: Math.floor(timeouts.absoluteMs / 1000),
  });
  storage = createSessionStorage<SessionData>({
    cookie,
    createData: async (data) => createSessionRecord(db(), data, timeouts, new Date()),
    readData: async (id) => readSessionRecord(db(), id, timeouts, new Date()),
    updateData: async (id, data) => updateSessionRecord(db(), id, data, new Date()),
    deleteData: async (id) => deleteSessionRecord(db(), id),
  });
  return storage;
}
