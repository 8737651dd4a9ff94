/** A module as `content/` files (module.md, lessons, assessment.gift): the import's format. */
import { asc, eq, inArray } from "drizzle-orm";
import matter from "gray-matter";
import type { Database } from "#db/client.server";
import { competencies, modules, technologies } from "#db/schema";
import { lessonForCategory, stemName } from "~/domain/lessons";
import { toGift } from "~/utils/gift-writer.server";
import { slugify } from "~/utils/slug";
import { findDraft } from "./drafts.server";
import { draftContent } from "./publishing.server";

/** The module as content/ files (module.md, lessons, assessment.gift), keyed by path. */
export function exportModuleFiles(db: Database, moduleId: number): Map<string, string> | undefined {
  const module = db
    .select({
      slug: modules.slug,
      publishedVersionId: modules.publishedVersionId,
      technology: technologies.slug,
    })
    .from(modules)
    .innerJoin(technologies, eq(technologies.id, modules.technologyId))
    .where(eq(modules.id, moduleId))
    .get();
  if (!module) return undefined;
  const versionId = module.publishedVersionId ?? findDraft(db, moduleId)?.id;
  if (versionId === undefined) return undefined;
  const content = draftContent(db, versionId);
  const taught = db
    .select({ id: competencies.id, slug: competencies.slug })
    .from(competencies)
    .where(inArray(competencies.id, content.competencyIds.length > 0 ? content.competencyIds : [-1]))
    .orderBy(asc(competencies.id))
    .all();
  const slugs = taught.map((c) => c.slug);
  const folder = module.slug.startsWith(`${module.technology}-`)
    ? module.slug.slice(module.technology.length + 1)
    : module.slug;
  const base = `${module.technology}/${folder}`;
  const files = new Map<string, string>();
  // Front matter is written by the same library that reads it (gray-matter, js-yaml inside).
  const frontMatter = {
    title: content.draft.title,
    summary: content.draft.summary,
    competencies: slugs,
    minutes: content.draft.minutes,
    passMark: content.draft.passMarkPercent,
    attemptsPerDay: content.draft.maxAttemptsPerDay,
    formSize: content.draft.formSize,
    reveal: content.draft.revealPolicy,
    ...(content.draft.timeLimitMinutes === null ? {} : { timeLimitMinutes: content.draft.timeLimitMinutes }),
  };
  files.set(`${base}/module.md`, matter.stringify(`\n${content.draft.introMarkdown}\n`, frontMatter));
  // Files are numbered in lesson order; a category that names a lesson follows its file.
  const lessonFiles = content.lessons.map((lesson, i) => ({
    ...lesson,
    position: i + 1,
    file: `${String(i + 1).padStart(2, "0")}-${stemName(lesson.stem ?? "") || slugify(lesson.title) || "lesson"}`,
  }));
  for (const lesson of lessonFiles)
    files.set(`${base}/${lesson.file}.md`, `# ${lesson.title}\n\n${lesson.bodyMarkdown}\n`);
  const questions = content.questions.map(({ competencyId, ...q }) => ({
    ...q,
    category: lessonForCategory(q.category, lessonFiles)?.file ?? q.category,
    competency: taught.find((c) => c.id === competencyId)?.slug ?? null,
  }));
  files.set(`${base}/assessment.gift`, toGift(questions));
  return files;
}
