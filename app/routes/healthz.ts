import { json } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { db } from "~/utils/db.server";

/** Liveness and readiness: 200 when the app answers and the database can be read. */
export async function loader() {
  const started = performance.now();
  try {
    db().get(sql`select 1`);
    return json(
      {
        status: "ok",
        app: "up",
        database: "up",
        dbLatencyMs: Math.round((performance.now() - started) * 100) / 100,
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    console.error("healthz: database check failed", error);
    return json(
      { status: "error", app: "up", database: "down" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
