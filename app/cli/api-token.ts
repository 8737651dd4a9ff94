/**
 * `npm run api:token -- --name "PRM sync" --scopes certifications:read,coverage:read [--expires-days 90]`
 * Creates an API token and prints it once (stdout: the token alone, so scripts can capture it;
 * stderr: what it is). Only its hash is stored: lose it and create another.
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "#db/client.server";
import { API_SCOPES } from "#db/vocabulary";
import { addDays } from "~/domain/time";
import { createApiToken } from "~/models/api-tokens.server";
import { closeDb, db } from "~/utils/db.server";
import { isRefusal } from "~/utils/refusal";

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    scopes: { type: "string" },
    "expires-days": { type: "string" },
  },
});

const usage = `Usage: npm run api:token -- --name NAME --scopes ${API_SCOPES.slice(0, 2).join(",")} [--expires-days 90]\nScopes: ${API_SCOPES.join(", ")}`;
const days = values["expires-days"] === undefined ? undefined : Number(values["expires-days"]);
if (!values.name || !values.scopes || (days !== undefined && !(Number.isInteger(days) && days > 0))) {
  console.error(usage);
  process.exit(2);
}

const now = new Date();
migrateDatabase(db());
try {
  const created = createApiToken(
    db(),
    {
      name: values.name,
      scopes: values.scopes.split(",").map((s) => s.trim()),
      expiresAt: days === undefined ? null : addDays(now, days),
    },
    null,
    now,
  );
  console.error(`API token "${created.name}" (${created.scopes.join(", ")}): shown once, store it now.`);
  console.log(created.token);
} catch (error) {
  if (!isRefusal(error)) throw error;
  console.error(error.message);
  console.error(usage);
  process.exitCode = 2;
} finally {
  closeDb();
}
