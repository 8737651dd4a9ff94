/**
 * `npm run content:import [-- --dir content] [--check]`
 * Validates content/ and loads it into DATABASE_PATH (all or nothing). `--check` only
 * validates the files (no database needed).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase } from "#db/client.server";
import { ContentImportError, importContent } from "~/models/content-import.server";
import { readContentTree } from "~/utils/content-source.server";
import { closeDb, db } from "~/utils/db.server";

const { values } = parseArgs({
  options: { dir: { type: "string", default: "content" }, check: { type: "boolean", default: false } },
});
const dir = path.resolve(values.dir ?? "content");
const { modules, problems } = readContentTree(dir);
if (problems.length > 0) {
  console.error(new ContentImportError(problems).message);
  process.exit(1);
}
const questions = modules.reduce((n, m) => n + m.questions.length, 0);
const lessonCount = modules.reduce((n, m) => n + m.lessons.length, 0);
console.log(
  `Read ${modules.length} modules, ${lessonCount} lessons, ${questions} questions from ${path.relative(process.cwd(), dir) || "."}.`,
);
if (values.check) process.exit(0);

migrateDatabase(db());
try {
  const summary = importContent(db(), modules, { ownerId: null, actorId: null, now: new Date() });
  for (const p of summary.published) console.log(`  published ${p.slug} v${p.versionNumber}`);
  for (const slug of summary.archived) console.log(`  archived  ${slug}`);
  console.log(
    `${summary.published.length} published, ${summary.unchanged.length} unchanged, ${summary.archived.length} archived.`,
  );
} catch (error) {
  if (error instanceof ContentImportError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
} finally {
  closeDb();
}
