import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { checkReadable, deepHealth } from "~/models/health.server";
import { logger } from "~/ops/logger.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

const noStore = { "Cache-Control": "no-store" };

/**
 * Liveness and readiness: 200 when the app answers and the database can be read.
 * `?deep=1` also checks that the database can be written and that its migrations are the
 * ones this version expects (503 with the problems when not).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const started = performance.now();
  try {
    checkReadable(db());
  } catch (error) {
    logger().error({ err: error }, "healthz: database check failed");
    return json({ status: "error", app: "up", database: "down" }, { status: 503, headers: noStore });
  }
  const dbLatencyMs = Math.round((performance.now() - started) * 100) / 100;
  if (new URL(request.url).searchParams.get("deep") !== "1")
    return json({ status: "ok", app: "up", database: "up", dbLatencyMs }, { headers: noStore });

  const deep = deepHealth(db(), env().DATABASE_PATH);
  if (!deep.ok) logger().warn({ problems: deep.problems }, "healthz: deep check failed");
  return json(
    {
      status: deep.ok ? "ok" : "error",
      app: "up",
      database: "up",
      dbLatencyMs,
      writable: deep.writable,
      migrations: deep.migrations,
      diskFreeBytes: deep.diskFreeBytes,
      problems: deep.problems,
    },
    { status: deep.ok ? 200 : 503, headers: noStore },
  );
}
