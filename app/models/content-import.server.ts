/**
 * `npm run content:import`: loads content/ into the database, all or nothing. Unchanged
 * modules are skipped, changed ones become a new published version, modules that came from
 * content/ and are gone from it are archived (never deleted: attempts point at them).
 */
import { and, eq, isNull, notInArray } from "drizzle-orm";
import { writeTransaction, type Database } from "#db/client.server";
import { competencies, modules, programRequirements, technologies } from "#db/schema";
import { asBankEntries, bankProblems } from "~/domain/exam-forms";
import type { ContentProblem, ModuleSource } from "~/utils/content-source.server";
import { archiveModule, latestPublishedHashes, publishVersion } from "./modules.server";
import { Refusal } from "~/utils/refusal";

/** The content folder's problems, each with its file:line: a `Refusal` like any other. */
export class ContentImportError extends Refusal {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in content:\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join("\n")}`,
      { kind: "invalid", details: { problems } },
    );
    this.name = "ContentImportError";
  }
}

export interface ImportSummary {
  published: { slug: string; versionNumber: number }[];
  unchanged: string[];
  archived: string[];
}

export interface ImportOptions {
  ownerId: number | null;
  actorId: number | null;
  now: Date;
}

/**
 * The bank rule (docs/decisions/021) for a module that counts towards a certification: each
 * problem points at the first question of the category it is about, or at line 1.
 */
function bankRuleProblems(source: ModuleSource, file: string): ContentProblem[] {
  const bank = source.questions.map((q, i) => ({
    id: i + 1,
    competencyId: q.competency === null ? null : source.competencySlugs.indexOf(q.competency),
    category: q.category,
  }));
  const names = new Map(source.competencySlugs.map((slug, i) => [i, slug]));
  return bankProblems(asBankEntries(bank, source.competencySlugs.length), source.formSize, names).map(
    (message) => {
      const category = source.questions.find(
        (q) => q.category !== null && message.includes(`“${q.category}”`),
      );
      return { file, line: category?.line ?? 1, message };
    },
  );
}

export function importContent(
  db: Database,
  sources: readonly ModuleSource[],
  options: ImportOptions,
): ImportSummary {
  const techs = new Map(
    db
      .select()
      .from(technologies)
      .all()
      .map((t) => [t.slug, t]),
  );
  const comps = new Map(
    db
      .select()
      .from(competencies)
      .all()
      .map((c) => [c.slug, c]),
  );
  const required = new Set(
    db
      .selectDistinct({ id: programRequirements.competencyId })
      .from(programRequirements)
      .all()
      .map((r) => r.id),
  );
  const problems: ContentProblem[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    const file = `content/${source.technologySlug}/${source.slug.slice(source.technologySlug.length + 1)}/module.md`;
    if (seen.has(source.slug))
      problems.push({ file, line: 1, message: `duplicate module slug ${source.slug}` });
    seen.add(source.slug);
    const tech = techs.get(source.technologySlug);
    if (!tech) {
      problems.push({
        file,
        line: 1,
        message: `unknown technology folder "${source.technologySlug}" (known: ${[...techs.keys()].join(", ")})`,
      });
      continue;
    }
    for (const slug of source.competencySlugs) {
      const competency = comps.get(slug);
      if (!competency) problems.push({ file, line: 1, message: `unknown competency slug "${slug}"` });
      else if (competency.technologyId !== tech.id)
        problems.push({ file, line: 1, message: `competency "${slug}" belongs to another technology` });
      else if (competency.kind === "field")
        problems.push({
          file,
          line: 1,
          message: `"${slug}" is a field competency: it is attested, not taught by a module`,
        });
    }
    if (source.competencySlugs.some((slug) => required.has(comps.get(slug)?.id ?? -1)))
      problems.push(...bankRuleProblems(source, file.replace(/module\.md$/, "assessment.gift")));
  }
  if (problems.length > 0) throw new ContentImportError(problems);

  return writeTransaction(db, (tx) => {
    const summary: ImportSummary = { published: [], unchanged: [], archived: [] };
    const hashes = latestPublishedHashes(
      tx,
      sources.map((s) => s.slug),
    );
    for (const source of sources) {
      const existing = tx.select().from(modules).where(eq(modules.slug, source.slug)).get();
      if (existing && !existing.archivedAt && hashes.get(source.slug) === source.contentHash) {
        summary.unchanged.push(source.slug);
        continue;
      }
      const technologyId = techs.get(source.technologySlug)?.id;
      if (technologyId === undefined) continue;
      const moduleId =
        existing?.id ??
        tx
          .insert(modules)
          .values({
            slug: source.slug,
            technologyId,
            ownerId: options.ownerId,
            origin: "content",
            createdAt: options.now,
          })
          .returning({ id: modules.id })
          .get().id;
      const { versionNumber } = publishVersion(
        tx,
        moduleId,
        {
          title: source.title,
          summary: source.summary,
          introMarkdown: source.introMarkdown,
          minutes: source.minutes,
          passMarkPercent: source.passMarkPercent,
          maxAttemptsPerDay: source.maxAttemptsPerDay,
          formSize: source.formSize,
          revealPolicy: source.revealPolicy,
          timeLimitMinutes: source.timeLimitMinutes,
          competencyIds: source.competencySlugs.map((slug) => comps.get(slug)?.id ?? -1),
          lessons: source.lessons,
          questions: source.questions.map(({ competency, line: _line, ...q }) => ({
            ...q,
            competencyId: competency === null ? null : (comps.get(competency)?.id ?? null),
          })),
          contentHash: source.contentHash,
        },
        options.actorId,
        options.now,
      );
      summary.published.push({ slug: source.slug, versionNumber });
    }
    const removed = tx
      .select({ id: modules.id, slug: modules.slug })
      .from(modules)
      .where(
        and(
          eq(modules.origin, "content"),
          isNull(modules.archivedAt),
          sources.length > 0
            ? notInArray(
                modules.slug,
                sources.map((s) => s.slug),
              )
            : undefined,
        ),
      )
      .all();
    for (const m of removed) {
      archiveModule(tx, m.id, options.actorId, options.now, "Removed from content/");
      summary.archived.push(m.slug);
    }
    return summary;
  });
}
