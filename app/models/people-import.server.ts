/**
 * CSV import of people: parse and check every row first (a preview with per-row errors),
 * then import the valid rows idempotently by email in one transaction — all or nothing.
 *
 * Importing is only ever what was previewed: the import names the previewed text by its
 * digest and how many rows it agreed to skip, and anything else is refused without writing.
 * The skipped rows can be downloaded as CSV (with a `problem` column) to fix and re-import.
 */
import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { ROLES, territories, userRoles, users, type Role } from "#db/schema";
import { csvRow } from "~/utils/csv";
import { conflict, invalid } from "~/utils/refusal";
import { recordAudit } from "./audit.server";
import { insertUser, normalizeEmail } from "./users.server";

export const IMPORT_MAX_ROWS = 20_000;
const REQUIRED_COLUMNS = ["name", "email"];
const KNOWN_COLUMNS = ["name", "email", "territory", "roles", "job_title"];
/** Written into the skipped-rows file; ignored when that file comes back. */
const PROBLEM_COLUMN = "problem";

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
  /** Names this exact text; an import must quote it (with the number of rows it skips). */
  digest: string;
}

interface Analysis {
  preview: ImportPreview;
  columns: string[];
  records: Record<string, string>[];
}

const emailSchema = z.email();

export function csvDigest(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export function previewPeopleCsv(db: Database, text: string): ImportPreview {
  return analyse(db, text).preview;
}

/** Territory names and codes (lower-cased) to ids, for `checkPersonRecord`. */
export function territoryIndex(db: Database): Map<string, number> {
  const byName = new Map<string, number>();
  for (const t of db
    .select({ id: territories.id, name: territories.name, code: territories.code })
    .from(territories)
    .all()) {
    byName.set(t.name.toLowerCase(), t.id);
    byName.set(t.code.toLowerCase(), t.id);
  }
  return byName;
}

/**
 * One person's record as the import reads it (columns name, email, territory, roles,
 * job_title): the row to write, or what is wrong with it. The API's upsert uses it too.
 */
export function checkPersonRecord(
  record: Record<string, string | undefined>,
  territoryIds: Map<string, number>,
): Omit<ImportRow, "line"> | string {
  const email = normalizeEmail(record.email ?? "");
  const name = (record.name ?? "").trim();
  if (!emailSchema.safeParse(email).success) return "not a valid email address";
  if (name.length < 2 || name.length > 120) return "name missing or too long";
  const territory = (record.territory ?? "").trim();
  const territoryId = territory ? (territoryIds.get(territory.toLowerCase()) ?? null) : null;
  if (territory && territoryId === null) return `unknown territory “${territory}”`;
  const roleNames = (record.roles ?? "")
    .split(/[;|\s]+/)
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  const badRole = roleNames.find((r) => !(ROLES as readonly string[]).includes(r));
  if (badRole) return `unknown role “${badRole}” (use learner, trainer or admin)`;
  const roles = ROLES.filter((r) => roleNames.includes(r));
  return {
    name,
    email,
    territoryId,
    territory,
    roles: roles.length > 0 ? roles : ["learner"],
    jobTitle: (record.job_title ?? "").trim() || null,
  };
}

function analyse(db: Database, text: string): Analysis {
  const digest = csvDigest(text);
  const empty = (message: string): Analysis => ({
    preview: { fileErrors: [message], rows: [], rowErrors: [], newCount: 0, updateCount: 0, digest },
    columns: [],
    records: [],
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
  const unknown = columns.filter((c) => !KNOWN_COLUMNS.includes(c) && c !== PROBLEM_COLUMN);
  if (unknown.length > 0)
    return empty(
      `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Expected: ${KNOWN_COLUMNS.join(", ")}.`,
    );
  if (records.length === 0) return empty("The file has a header but no rows.");
  if (records.length > IMPORT_MAX_ROWS)
    return empty(`At most ${IMPORT_MAX_ROWS.toLocaleString("en-GB")} rows per import: split the file.`);

  const byName = territoryIndex(db);
  const rows: ImportRow[] = [];
  const rowErrors: ImportPreview["rowErrors"] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const line = index + 2;
    const checked = checkPersonRecord(record, byName);
    const fail = (message: string) =>
      rowErrors.push({ line, email: normalizeEmail(record.email ?? ""), message });
    if (typeof checked === "string") return fail(checked);
    const duplicate = seen.get(checked.email);
    if (duplicate !== undefined) return fail(`duplicate of line ${duplicate}`);
    seen.set(checked.email, line);
    rows.push({ line, ...checked });
  });
  const existing = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => r.email);
    for (const u of db.select({ email: users.email }).from(users).where(inArray(users.email, chunk)).all())
      existing.add(u.email);
  }
  return {
    preview: {
      fileErrors: [],
      rows,
      rowErrors,
      newCount: rows.filter((r) => !existing.has(r.email)).length,
      updateCount: rows.filter((r) => existing.has(r.email)).length,
      digest,
    },
    columns,
    records,
  };
}

/** What the admin agreed to after the preview: this text, skipping this many rows. */
export interface ImportConfirmation {
  digest: string;
  skip: number;
}

/**
 * Imports the valid rows of `text` if it is the text that was previewed and the admin agreed
 * to skip exactly the rows that have errors; otherwise refuses and writes nothing.
 */
export function importPeopleCsv(
  db: Database,
  text: string,
  confirmation: ImportConfirmation,
  actorId: number,
  now: Date,
) {
  const { preview } = analyse(db, text);
  if (preview.fileErrors.length > 0) throw invalid(preview.fileErrors.join(" "), { field: "csv" });
  if (confirmation.digest !== preview.digest)
    throw conflict(
      "This is not the file that was checked. Check it again, then confirm: nothing was imported.",
    );
  if (confirmation.skip !== preview.rowErrors.length)
    throw conflict(
      `${preview.rowErrors.length} rows have errors, not ${confirmation.skip}. Check the file again, then confirm: nothing was imported.`,
    );
  if (preview.rows.length === 0) throw invalid("No row can be imported: fix the rows with errors first.");
  return { ...importPeople(db, preview.rows, actorId, now), skipped: preview.rowErrors.length };
}

/** The rows the preview would skip, as CSV: the file's own columns and a `problem` column. */
export function skippedRowsCsv(db: Database, text: string): string {
  const { preview, columns, records } = analyse(db, text);
  if (preview.fileErrors.length > 0) throw invalid(preview.fileErrors.join(" "), { field: "csv" });
  const own = columns.filter((c) => c !== PROBLEM_COLUMN);
  const lines = preview.rowErrors.map((e) => {
    const record = records[e.line - 2] ?? {};
    return csvRow([...own.map((c) => record[c] ?? ""), e.message]);
  });
  return "\uFEFF" + csvRow([...own, PROBLEM_COLUMN]) + lines.join("");
}

/** Imports the valid rows: new people are created, existing ones (by email) updated. */
export function importPeople(db: Database, rows: readonly ImportRow[], actorId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      if (upsertPersonRow(tx, row, actorId, now, row.email).created) created++;
      else updated++;
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

/**
 * Creates or updates one checked person, found by `matchId` (a user id) or by email: the
 * import's write, shared with the API's upsert.
 */
export function upsertPersonRow(
  tx: Transaction,
  row: Omit<ImportRow, "line">,
  actorId: number | null,
  now: Date,
  match: string | number,
): { id: number; created: boolean } {
  const existing =
    typeof match === "number"
      ? { id: match }
      : tx.select({ id: users.id }).from(users).where(eq(users.email, match)).get();
  if (!existing) {
    const id = insertUser(
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
    return { id, created: true };
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
  return { id: existing.id, created: false };
}
