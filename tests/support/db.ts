/**
 * Model tests run on a real SQLite file: migrated once into a template, then copied for
 * each test file (fast, and every file starts from the same empty schema).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, migrationsFolder, openDatabase, type Database } from "#db/client.server";

function migrationsDigest(): string {
  const hash = crypto.createHash("sha256");
  for (const file of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  return hash.digest("hex").slice(0, 16);
}

function templatePath(): string {
  const template = path.join(os.tmpdir(), `academy-test-template-${migrationsDigest()}.db`);
  if (!fs.existsSync(template)) {
    const building = `${template}.${process.pid}.tmp`;
    const db = openDatabase(building, { synchronous: "OFF" });
    migrateDatabase(db);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.pragma("journal_mode = DELETE");
    db.$client.close();
    fs.renameSync(building, template);
  }
  return template;
}

export interface TestDb {
  db: Database;
  file: string;
  close: () => void;
}

/** A fresh, migrated database in its own temporary file. */
export function createTestDb(): TestDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-test-"));
  const file = path.join(dir, "app.db");
  fs.copyFileSync(templatePath(), file);
  const db = openDatabase(file, { synchronous: "OFF" });
  return {
    db,
    file,
    close: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
