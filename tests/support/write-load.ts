/**
 * For the backup test: another connection writing to DATABASE_PATH while a backup is taken.
 * Commits one audit row per transaction (action `backup.load`, entity `load #N`), printing
 * N after each commit, until SIGTERM.
 */
import { writeTransaction } from "#db/client.server";
import { auditEvents } from "#db/schema";
import { closeDb, db } from "~/utils/db.server";

let running = true;
process.on("SIGTERM", () => (running = false));

for (let n = 1; running; n++) {
  writeTransaction(db(), (tx) =>
    tx
      .insert(auditEvents)
      .values({ at: new Date(), action: "backup.load", entityType: "load", entityId: n })
      .run(),
  );
  process.stdout.write(`${n}\n`);
  // Let the signal in between two writes.
  await new Promise((resolve) => setImmediate(resolve));
}
closeDb();
