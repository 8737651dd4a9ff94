/**
 * CSV import of people: parse and check every row first (a preview with per-row errors),
 * then import the valid rows idempotently by email in one transaction — all or nothing.
 */
import { parse } from "csv-parse/sync";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { writeTransaction, type Database } from "#db/client.server";
import { ROLES, territories, userRoles, users, type Role } from "#db/schema";
import { recordAudit } from "./audit.server";
import { insertUser, normalizeEmail } from "./users.server";

export const IMPORT_MAX_ROWS = 20_000;
const REQUIRED_COLUMNS = ["name", "email"];
const KNOWN_COLUMNS = ["name", "email", "territory", "roles", "job_title"];

export interface ImportRow {
  line: number;
  name: string;
  email: string;
  territoryId: number | null;
  territory: string;
  roles: Role[];
  jobTitle: string | null;
}

export interface ImportPreview {
  fileErrors: string[];
  rows: ImportRow[];
  rowErrors: { line: number; email: string; message: string }[];
  newCount: number;
  updateCount: number;
}

const emailSchema = z.email();

export function previewPeopleCsv(db: Database, text: string): ImportPreview {
  const empty = (message: string): ImportPreview => ({
    fileErrors: [message],
    rows: [],
    rowErrors: [],
    newCount: 0,
    updateCount: 0,
  });
  if (text.includes("\uFFFD"))
    return empty("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.");
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_")),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
      to_line: IMPORT_MAX_ROWS + 2,
    });
  } catch (error) {
    return empty(`The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const columns = records[0]
    ? Object.keys(records[0])
    : (text
        .split(/\r?\n/)[0]
        ?.split(",")
        .map((c) => c.trim().toLowerCase()) ?? []);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return empty(
      `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. Expected columns: ${KNOWN_COLUMNS.join(", ")} (name and email required).`,
    );
  const unknown = columns.filter((c) => !KNOWN_COLUMNS.includes(c));
  if (unknown.length > 0)
    return empty(
      `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Expected: ${KNOWN_COLUMNS.join(", ")}.`,
    );
  if (records.length === 0) return empty("The file has a header but no rows.");
  if (records.length > IMPORT_MAX_ROWS)
    return empty(`At most ${IMPORT_MAX_ROWS.toLocaleString("en-GB")} rows per import: split the file.`);

  const territoryRows = db
    .select({ id: territories.id, name: territories.name, code: territories.code })
    .from(territories)
    .all();
  const byName = new Map<string, number>();
  for (const t of territoryRows) {
    byName.set(t.name.toLowerCase(), t.id);
    byName.set(t.code.toLowerCase(), t.id);
  }
  const rows: ImportRow[] = [];
  const rowErrors: ImportPreview["rowErrors"] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const line = index + 2;
    const email = normalizeEmail(record.email ?? "");
    const name = (record.name ?? "").trim();
    const fail = (message: string) => rowErrors.push({ line, email, message });
    if (!emailSchema.safeParse(email).success) return fail("not a valid email address");
    if (name.length < 2 || name.length > 120) return fail("name missing or too long");
    const duplicate = seen.get(email);
    if (duplicate !== undefined) return fail(`duplicate of line ${duplicate}`);
    seen.set(email, line);
    const territory = (record.territory ?? "").trim();
    const territoryId = territory ? (byName.get(territory.toLowerCase()) ?? null) : null;
    if (territory && territoryId === null) return fail(`unknown territory “${territory}”`);
    const roleNames = (record.roles ?? "")
      .split(/[;|\s]+/)
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean);
    const badRole = roleNames.find((r) => !(ROLES as readonly string[]).includes(r));
    if (badRole) return fail(`unknown role “${badRole}” (use learner, trainer or admin)`);
    const roles = ROLES.filter((r) => roleNames.includes(r));
    rows.push({
      line,
      name,
      email,
      territoryId,
      territory,
      roles: roles.length > 0 ? roles : ["learner"],
      jobTitle: (record.job_title ?? "").trim() || null,
    });
  });
  const existing = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => r.email);
    for (const u of db.select({ email: users.email }).from(users).where(inArray(users.email, chunk)).all())
      existing.add(u.email);
  }
  return {
    fileErrors: [],
    rows,
    rowErrors,
    newCount: rows.filter((r) => !existing.has(r.email)).length,
    updateCount: rows.filter((r) => existing.has(r.email)).length,
  };
}

/** Imports the valid rows: new people are created, existing ones (by email) updated. */
export function importPeople(db: Database, rows: readonly ImportRow[], actorId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, row.email)).get();
      if (!existing) {
        insertUser(
          tx,
          {
            email: row.email,
            name: row.name,
            roles: row.roles,
            territoryId: row.territoryId,
            jobTitle: row.jobTitle,
          },
          actorId,
          now,
        );
        created++;
        continue;
      }
      tx.update(users)
        .set({
          name: row.name,
          territoryId: row.territoryId,
          ...(row.jobTitle ? { jobTitle: row.jobTitle } : {}),
        })
        .where(eq(users.id, existing.id))
        .run();
      tx.insert(userRoles)
        .values(row.roles.map((role) => ({ userId: existing.id, role })))
        .onConflictDoNothing()
        .run();
      updated++;
    }
    recordAudit(tx, {
      at: now,
      actorId,
      action: "people.imported",
      details: { created, updated, rows: rows.length },
    });
    return { created, updated };
  });
}
