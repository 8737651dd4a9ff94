/**
 * Authoring drafts: the editable working copy of a module and its settings. Drafts are `module_versions` rows with status 'draft';
 * learners never see them. Every save carries the revision the editor opened, so a second
 * editor's stale save is refused, not merged. Lessons, questions, publishing and export
 * live beside this file (draft-lessons, draft-questions, draft-order, publishing,
 * module-export); the trainers' module list is authored-modules.
 */
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  choices,
  competencies,
  lessons,
  modules,
  moduleVersionCompetencies,
  moduleVersions,
  questions,
  technologies,
} from "#db/schema";
import { lessonStem } from "~/domain/lessons";
import { formSettingsProblems } from "~/domain/publishing";
import { renderMarkdown } from "~/utils/markdown.server";
import { conflict, invalid, notFound } from "~/utils/refusal";
import { slugify } from "~/utils/slug";
import type { VersionContent } from "./modules.server";
import { loadBank } from "./question-bank.server";

/** The refusal for a save based on a revision someone else has replaced meanwhile. */
export function staleEdit() {
  return conflict(
    "This was changed by someone else since you opened it. Your text is kept below: copy what you need, reload, and apply it again.",
  );
}

// ---------------------------------------------------------------- drafts

export function findDraft(tx: Database | Transaction, moduleId: number) {
  return tx
    .select()
    .from(moduleVersions)
    .where(and(eq(moduleVersions.moduleId, moduleId), eq(moduleVersions.status, "draft")))
    .get();
}

export function createModule(
  db: Database,
  input: { title: string; technologyId: number; ownerId: number },
  now: Date,
): number {
  return writeTransaction(db, (tx) => {
    const base = slugify(input.title) || "module";
    const tech = tx
      .select({ slug: technologies.slug })
      .from(technologies)
      .where(eq(technologies.id, input.technologyId))
      .get();
    if (!tech) throw notFound("No such technology.", { field: "technologyId" });
    let slug = `${tech.slug}-${base}`;
    for (let n = 2; tx.select({ id: modules.id }).from(modules).where(eq(modules.slug, slug)).get(); n++)
      slug = `${tech.slug}-${base}-${n}`;
    const moduleId = tx
      .insert(modules)
      .values({
        slug,
        technologyId: input.technologyId,
        ownerId: input.ownerId,
        origin: "authored",
        createdAt: now,
      })
      .returning({ id: modules.id })
      .get().id;
    tx.insert(moduleVersions)
      .values({
        moduleId,
        status: "draft",
        title: input.title.trim(),
        minutes: 30,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    return moduleId;
  });
}

/**
 * The module's draft, created on first edit as a copy of the latest published version, so
 * editing never touches what learners see.
 */
export function openDraft(db: Database, moduleId: number, now: Date): number | undefined {
  const existing = findDraft(db, moduleId);
  if (existing) return existing.id;
  return writeTransaction(db, (tx) => {
    const again = findDraft(tx, moduleId);
    if (again) return again.id;
    const module = tx.select().from(modules).where(eq(modules.id, moduleId)).get();
    if (!module?.publishedVersionId) return undefined;
    const source = tx
      .select()
      .from(moduleVersions)
      .where(eq(moduleVersions.id, module.publishedVersionId))
      .get();
    if (!source) return undefined;
    const { id: _id, versionNumber: _n, publishedAt: _p, publishedById: _b, status: _s, ...copy } = source;
    const draftId = tx
      .insert(moduleVersions)
      .values({ ...copy, status: "draft", versionNumber: null, revision: 1, createdAt: now, updatedAt: now })
      .returning({ id: moduleVersions.id })
      .get().id;
    const taught = tx
      .select()
      .from(moduleVersionCompetencies)
      .where(eq(moduleVersionCompetencies.moduleVersionId, source.id))
      .all();
    if (taught.length > 0) {
      tx.insert(moduleVersionCompetencies)
        .values(taught.map((t) => ({ moduleVersionId: draftId, competencyId: t.competencyId })))
        .run();
    }
    for (const l of tx.select().from(lessons).where(eq(lessons.moduleVersionId, source.id)).all()) {
      const { id: _lid, ...lesson } = l;
      tx.insert(lessons)
        .values({ ...lesson, stem: lessonStem(l), moduleVersionId: draftId, revision: 1 })
        .run();
    }
    for (const q of tx.select().from(questions).where(eq(questions.moduleVersionId, source.id)).all()) {
      const { id: questionId, ...question } = q;
      const newId = tx
        .insert(questions)
        .values({ ...question, moduleVersionId: draftId, revision: 1 })
        .returning({ id: questions.id })
        .get().id;
      const cs = tx.select().from(choices).where(eq(choices.questionId, questionId)).all();
      if (cs.length > 0)
        tx.insert(choices)
          .values(cs.map(({ id: _cid, ...c }) => ({ ...c, questionId: newId })))
          .run();
    }
    return draftId;
  });
}

/** Everything the editor shows for a module: its draft (if any), versions, competencies. */
export function getEditor(db: Database, moduleId: number) {
  const module = db
    .select({
      id: modules.id,
      slug: modules.slug,
      technologyId: modules.technologyId,
      technology: technologies.name,
      archivedAt: modules.archivedAt,
      publishedVersionId: modules.publishedVersionId,
      origin: modules.origin,
    })
    .from(modules)
    .innerJoin(technologies, eq(technologies.id, modules.technologyId))
    .where(eq(modules.id, moduleId))
    .get();
  if (!module) return undefined;
  const draft = findDraft(db, moduleId);
  const versions = db
    .select({
      id: moduleVersions.id,
      versionNumber: moduleVersions.versionNumber,
      publishedAt: moduleVersions.publishedAt,
      title: moduleVersions.title,
    })
    .from(moduleVersions)
    .where(and(eq(moduleVersions.moduleId, moduleId), isNotNull(moduleVersions.versionNumber)))
    .orderBy(desc(moduleVersions.versionNumber))
    .all();
  const available = db
    .select({ id: competencies.id, name: competencies.name, kind: competencies.kind })
    .from(competencies)
    .where(and(eq(competencies.technologyId, module.technologyId), sql`${competencies.kind} <> 'field'`))
    .orderBy(asc(competencies.id))
    .all();
  if (!draft) {
    const taught: number[] = [];
    return { module, draft: null, versions, available, taught, lessons: [], questions: [] };
  }
  const taught = db
    .select({ id: moduleVersionCompetencies.competencyId })
    .from(moduleVersionCompetencies)
    .where(eq(moduleVersionCompetencies.moduleVersionId, draft.id))
    .all()
    .map((r) => r.id);
  const lessonRows = db
    .select()
    .from(lessons)
    .where(eq(lessons.moduleVersionId, draft.id))
    .orderBy(asc(lessons.position))
    .all();
  const questionRows = loadBank(db, draft.id);
  return { module, draft, versions, available, taught, lessons: lessonRows, questions: questionRows };
}

export function requireDraft(tx: Transaction, moduleId: number) {
  const draft = findDraft(tx, moduleId);
  if (!draft) throw conflict("This module has no draft: open it for editing first.");
  return draft;
}

export function touchDraft(tx: Transaction, draftId: number, now: Date) {
  tx.update(moduleVersions).set({ updatedAt: now }).where(eq(moduleVersions.id, draftId)).run();
}

/** What the settings form edits: a version's content without its lessons and questions. */
export type DraftSettings = Omit<VersionContent, "lessons" | "questions" | "contentHash">;

export function saveSettings(
  db: Database,
  moduleId: number,
  revision: number,
  settings: DraftSettings,
  now: Date,
) {
  writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const module = tx
      .select({ technologyId: modules.technologyId })
      .from(modules)
      .where(eq(modules.id, moduleId))
      .get();
    const allowed = new Set(
      tx
        .select({ id: competencies.id })
        .from(competencies)
        .where(
          and(
            eq(competencies.technologyId, module?.technologyId ?? -1),
            sql`${competencies.kind} <> 'field'`,
          ),
        )
        .all()
        .map((c) => c.id),
    );
    if (settings.competencyIds.some((id) => !allowed.has(id))) {
      throw invalid("A chosen competency does not belong to this module's technology.", {
        field: "competencyIds",
      });
    }
    const formProblem = formSettingsProblems(settings)[0];
    if (formProblem)
      throw invalid(formProblem, {
        field: formProblem.includes("time limit") ? "timeLimitMinutes" : "formSize",
      });
    const updated = tx
      .update(moduleVersions)
      .set({
        title: settings.title,
        summary: settings.summary,
        introMarkdown: settings.introMarkdown,
        introHtml: renderMarkdown(settings.introMarkdown),
        minutes: settings.minutes,
        passMarkPercent: settings.passMarkPercent,
        maxAttemptsPerDay: settings.maxAttemptsPerDay,
        formSize: settings.formSize,
        revealPolicy: settings.revealPolicy,
        timeLimitMinutes: settings.timeLimitMinutes,
        revision: draft.revision + 1,
        updatedAt: now,
      })
      .where(and(eq(moduleVersions.id, draft.id), eq(moduleVersions.revision, revision)))
      .run();
    if (updated.changes === 0) throw staleEdit();
    tx.delete(moduleVersionCompetencies).where(eq(moduleVersionCompetencies.moduleVersionId, draft.id)).run();
    if (settings.competencyIds.length > 0) {
      tx.insert(moduleVersionCompetencies)
        .values(settings.competencyIds.map((competencyId) => ({ moduleVersionId: draft.id, competencyId })))
        .run();
    }
  });
}

export function moduleIdExists(db: Database, moduleId: number): boolean {
  return db.select({ id: modules.id }).from(modules).where(eq(modules.id, moduleId)).get() !== undefined;
}
