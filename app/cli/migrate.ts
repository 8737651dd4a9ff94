/** `npm run db:migrate`: apply the committed migrations to DATABASE_PATH. */
import { migrateDatabase } from "#db/client.server";
import { db, closeDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";

migrateDatabase(db());
closeDb();
console.log(`Migrated ${env().DATABASE_PATH}`);
