/** `npm run seed:demo`: migrate and seed the demo organisation into an empty database. */
import { migrateDatabase } from "#db/client.server";
import { closeDb, db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { prepareDatabase } from "./prepare";

migrateDatabase(db());
const result = await prepareDatabase(db(), true, new Date(), env().CONTENT_DIR);
closeDb();
if (!result.seeded) console.log("The database already has people in it; nothing was seeded.");
for (const line of result.messages) console.log(line);
