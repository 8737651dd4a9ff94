/**
 * Authoring: the editable draft of a module (lessons, questions, settings), publishing it
 * as the next immutable version, archiving, exporting to the content/ format. Drafts are
 * `module_versions` rows with status 'draft'; learners never see them. Every save carries
 * the revision the editor opened, so a second editor's stale save is refused, not merged.
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, lt, max, sql } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import {
  choices,
  competencies,
  enrollments,
  lessons,
  modules,
  moduleVersionCompetencies,
  moduleVersions,
  questions,
  technologies,
  users,
} from "#db/schema";
import { publishProblems } from "~/domain/publishing";
import { toGift, type ParsedQuestion } from "~/utils/gift.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { archiveModule, publishVersion, type VersionContent } from "./modules.server";
import { recordAudit } from "./audit.server";

export class StaleEditError extends Error {
  constructor() {
    super(
      "This was changed by someone else since you opened it. Your text is kept below: copy what you need, reload, and apply it again.",
    );
    this.name = "StaleEditError";
  }
}

export class PublishRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(" "));
    this.name = "PublishRefusedError";
  }
}

export const QUESTIONS_PER_MODULE_MAX = 500;

export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

// ---------------------------------------------------------------- lists

export function listAuthoredModules(db: Database, filter: { ownerId?: number }) {
  const latest = db
    .select({
      moduleId: moduleVersions.moduleId,
      lastPublished: max(moduleVersions.versionNumber).as("last_published"),
      lastChange:
        sql<number>`max(coalesce(${moduleVersions.updatedAt}, ${moduleVersions.publishedAt}, ${moduleVersions.createdAt}))`.as(
          "last_change",
        ),
      hasDraft: sql<number>`max(${moduleVersions.status} = 'draft')`.as("has_draft"),
      // The outer column is written qualified: drizzle leaves it bare in a single-table query.
      title:
        sql<string>`(select mv.title from module_versions mv where mv.module_id = "module_versions"."module_id"
        order by mv.status = 'draft' desc, mv.version_number desc limit 1)`.as("title"),
    })
    .from(moduleVersions)
    .groupBy(moduleVersions.moduleId)
    .as("latest");
  const enrolled = db
    .select({ moduleId: enrollments.moduleId, n: count().as("n") })
    .from(enrollments)
    .groupBy(enrollments.moduleId)
    .as("enrolled");
  return db
    .select({
      id: modules.id,
      slug: modules.slug,
      technology: technologies.name,
      owner: users.name,
      ownerId: modules.ownerId,
      archivedAt: modules.archivedAt,
      title: latest.title,
      lastPublished: latest.lastPublished,
      hasDraft: latest.hasDraft,
      lastChange: latest.lastChange,
      enrolled: sql<number>`coalesce(${enrolled.n}, 0)`,
    })
    .from(modules)
    .innerJoin(technologies, eq(technologies.id, modules.technologyId))
    .leftJoin(users, eq(users.id, modules.ownerId))
    .leftJoin(latest, eq(latest.moduleId, modules.id))
    .leftJoin(enrolled, eq(enrolled.moduleId, modules.id))
    .where(filter.ownerId !== undefined ? eq(modules.ownerId, filter.ownerId) : undefined)
    .orderBy(desc(latest.lastChange))
    .all();
}

export function authoringTechnologies(db: Database) {
  return db
    .select({ id: technologies.id, name: technologies.name })
    .from(technologies)
    .orderBy(asc(technologies.name))
    .all();
}

// ---------------------------------------------------------------- drafts

function findDraft(tx: Database | Transaction, moduleId: number) {
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
    if (!tech) throw new Error("Unknown technology");
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
        .values({ ...lesson, moduleVersionId: draftId, revision: 1 })
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
  const questionRows = versionQuestions(db, draft.id);
  return { module, draft, versions, available, taught, lessons: lessonRows, questions: questionRows };
}

export function versionQuestions(db: Database | Transaction, draftId: number) {
  const qs = db
    .select()
    .from(questions)
    .where(eq(questions.moduleVersionId, draftId))
    .orderBy(asc(questions.position))
    .all();
  const cs =
    qs.length === 0
      ? []
      : db
          .select()
          .from(choices)
          .where(
            inArray(
              choices.questionId,
              qs.map((q) => q.id),
            ),
          )
          .orderBy(asc(choices.position))
          .all();
  return qs.map((q) => ({ ...q, choices: cs.filter((c) => c.questionId === q.id) }));
}

function requireDraft(tx: Transaction, moduleId: number) {
  const draft = findDraft(tx, moduleId);
  if (!draft) throw new Response("This module has no draft: open it for editing first.", { status: 409 });
  return draft;
}

function touchDraft(tx: Transaction, draftId: number, now: Date) {
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
      throw new Response("A chosen competency does not belong to this module's technology.", { status: 400 });
    }
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
        revision: draft.revision + 1,
        updatedAt: now,
      })
      .where(and(eq(moduleVersions.id, draft.id), eq(moduleVersions.revision, revision)))
      .run();
    if (updated.changes === 0) throw new StaleEditError();
    tx.delete(moduleVersionCompetencies).where(eq(moduleVersionCompetencies.moduleVersionId, draft.id)).run();
    if (settings.competencyIds.length > 0) {
      tx.insert(moduleVersionCompetencies)
        .values(settings.competencyIds.map((competencyId) => ({ moduleVersionId: draft.id, competencyId })))
        .run();
    }
  });
}

// ---------------------------------------------------------------- lessons

export function addLesson(db: Database, moduleId: number, title: string, now: Date): number {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const last = tx
      .select({ n: max(lessons.position) })
      .from(lessons)
      .where(eq(lessons.moduleVersionId, draft.id))
      .get();
    touchDraft(tx, draft.id, now);
    return tx
      .insert(lessons)
      .values({
        moduleVersionId: draft.id,
        position: (last?.n ?? 0) + 1,
        title,
        bodyMarkdown: "",
        bodyHtml: "",
        minutes: 1,
      })
      .returning({ id: lessons.id })
      .get().id;
  });
}

function draftLesson(tx: Database | Transaction, moduleId: number, lessonId: number) {
  return tx
    .select({ lesson: lessons })
    .from(lessons)
    .innerJoin(moduleVersions, eq(moduleVersions.id, lessons.moduleVersionId))
    .where(
      and(
        eq(lessons.id, lessonId),
        eq(moduleVersions.moduleId, moduleId),
        eq(moduleVersions.status, "draft"),
      ),
    )
    .get()?.lesson;
}

export function getDraftLesson(db: Database, moduleId: number, lessonId: number) {
  return draftLesson(db, moduleId, lessonId);
}

export function saveLesson(
  db: Database,
  moduleId: number,
  lessonId: number,
  input: { title: string; bodyMarkdown: string; revision: number },
  now: Date,
): number {
  return writeTransaction(db, (tx) => {
    const lesson = draftLesson(tx, moduleId, lessonId);
    if (!lesson) throw new Response("No such lesson in this draft", { status: 404 });
    const updated = tx
      .update(lessons)
      .set({
        title: input.title,
        bodyMarkdown: input.bodyMarkdown,
        bodyHtml: renderMarkdown(input.bodyMarkdown),
        minutes: Math.max(1, Math.round(input.bodyMarkdown.split(/\s+/).filter(Boolean).length / 200)),
        revision: lesson.revision + 1,
      })
      .where(and(eq(lessons.id, lessonId), eq(lessons.revision, input.revision)))
      .run();
    if (updated.changes === 0) throw new StaleEditError();
    touchDraft(tx, lesson.moduleVersionId, now);
    return lesson.revision + 1;
  });
}

/** Moves a lesson or question one place up or down, swapping positions via a free slot. */
function swapPositions(
  tx: Transaction,
  table: typeof lessons | typeof questions,
  draftId: number,
  id: number,
  direction: "up" | "down",
) {
  const row = tx
    .select({ id: table.id, position: table.position })
    .from(table)
    .where(and(eq(table.id, id), eq(table.moduleVersionId, draftId)))
    .get();
  if (!row) return false;
  const neighbour = tx
    .select({ id: table.id, position: table.position })
    .from(table)
    .where(
      and(
        eq(table.moduleVersionId, draftId),
        direction === "up" ? lt(table.position, row.position) : gt(table.position, row.position),
      ),
    )
    .orderBy(direction === "up" ? desc(table.position) : asc(table.position))
    .limit(1)
    .get();
  if (!neighbour) return true;
  tx.update(table).set({ position: -1 }).where(eq(table.id, row.id)).run();
  tx.update(table).set({ position: row.position }).where(eq(table.id, neighbour.id)).run();
  tx.update(table).set({ position: neighbour.position }).where(eq(table.id, row.id)).run();
  return true;
}

/** Closes the gap a deleted lesson or question leaves, keeping positions 1..n. */
function renumber(tx: Transaction, table: typeof lessons | typeof questions, draftId: number) {
  const rows = tx
    .select({ id: table.id })
    .from(table)
    .where(eq(table.moduleVersionId, draftId))
    .orderBy(asc(table.position))
    .all();
  rows.forEach((r, i) =>
    tx
      .update(table)
      .set({ position: -(i + 1) })
      .where(eq(table.id, r.id))
      .run(),
  );
  rows.forEach((r, i) =>
    tx
      .update(table)
      .set({ position: i + 1 })
      .where(eq(table.id, r.id))
      .run(),
  );
}

export function moveLesson(
  db: Database,
  moduleId: number,
  lessonId: number,
  direction: "up" | "down",
  now: Date,
) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    touchDraft(tx, draft.id, now);
    return swapPositions(tx, lessons, draft.id, lessonId, direction);
  });
}

export function deleteLesson(db: Database, moduleId: number, lessonId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const deleted = tx
      .delete(lessons)
      .where(and(eq(lessons.id, lessonId), eq(lessons.moduleVersionId, draft.id)))
      .run();
    renumber(tx, lessons, draft.id);
    touchDraft(tx, draft.id, now);
    return deleted.changes > 0;
  });
}

// ---------------------------------------------------------------- questions

export type QuestionInput = Omit<ParsedQuestion, "line">;

function insertQuestion(tx: Transaction, draftId: number, position: number, q: QuestionInput) {
  const id = tx
    .insert(questions)
    .values({
      moduleVersionId: draftId,
      position,
      kind: q.kind,
      title: q.title,
      promptMarkdown: q.prompt,
      promptHtml: renderMarkdown(q.prompt),
      explanation: q.explanation,
    })
    .returning({ id: questions.id })
    .get().id;
  tx.insert(choices)
    .values(
      q.choices.map((c, i) => ({
        questionId: id,
        position: i + 1,
        text: c.text,
        isCorrect: c.isCorrect,
        feedback: c.feedback,
      })),
    )
    .run();
  return id;
}

/** Appends questions (one from the editor, or many from a GIFT import) to the draft. */
export function addQuestions(
  db: Database,
  moduleId: number,
  input: readonly QuestionInput[],
  now: Date,
): number[] {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const existing = tx
      .select({ n: count(), last: max(questions.position) })
      .from(questions)
      .where(eq(questions.moduleVersionId, draft.id))
      .get();
    if ((existing?.n ?? 0) + input.length > QUESTIONS_PER_MODULE_MAX) {
      throw new Response(`A module can have at most ${QUESTIONS_PER_MODULE_MAX} questions.`, { status: 400 });
    }
    let position = existing?.last ?? 0;
    const ids = input.map((q) => insertQuestion(tx, draft.id, ++position, q));
    touchDraft(tx, draft.id, now);
    return ids;
  });
}

export function getDraftQuestion(db: Database, moduleId: number, questionId: number) {
  const row = db
    .select({ question: questions })
    .from(questions)
    .innerJoin(moduleVersions, eq(moduleVersions.id, questions.moduleVersionId))
    .where(
      and(
        eq(questions.id, questionId),
        eq(moduleVersions.moduleId, moduleId),
        eq(moduleVersions.status, "draft"),
      ),
    )
    .get();
  if (!row) return undefined;
  return {
    ...row.question,
    choices: db
      .select()
      .from(choices)
      .where(eq(choices.questionId, questionId))
      .orderBy(asc(choices.position))
      .all(),
  };
}

export function saveQuestion(
  db: Database,
  moduleId: number,
  questionId: number,
  revision: number,
  input: QuestionInput,
  now: Date,
) {
  writeTransaction(db, (tx) => {
    const current = tx
      .select({ question: questions })
      .from(questions)
      .innerJoin(moduleVersions, eq(moduleVersions.id, questions.moduleVersionId))
      .where(
        and(
          eq(questions.id, questionId),
          eq(moduleVersions.moduleId, moduleId),
          eq(moduleVersions.status, "draft"),
        ),
      )
      .get()?.question;
    if (!current) throw new Response("No such question in this draft", { status: 404 });
    const updated = tx
      .update(questions)
      .set({
        kind: input.kind,
        title: input.title,
        promptMarkdown: input.prompt,
        promptHtml: renderMarkdown(input.prompt),
        explanation: input.explanation,
        revision: current.revision + 1,
      })
      .where(and(eq(questions.id, questionId), eq(questions.revision, revision)))
      .run();
    if (updated.changes === 0) throw new StaleEditError();
    tx.delete(choices).where(eq(choices.questionId, questionId)).run();
    tx.insert(choices)
      .values(
        input.choices.map((c, i) => ({
          questionId,
          position: i + 1,
          text: c.text,
          isCorrect: c.isCorrect,
          feedback: c.feedback,
        })),
      )
      .run();
    touchDraft(tx, current.moduleVersionId, now);
  });
}

export function moveQuestion(
  db: Database,
  moduleId: number,
  questionId: number,
  direction: "up" | "down",
  now: Date,
) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    touchDraft(tx, draft.id, now);
    return swapPositions(tx, questions, draft.id, questionId, direction);
  });
}

export function deleteQuestion(db: Database, moduleId: number, questionId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const deleted = tx
      .delete(questions)
      .where(and(eq(questions.id, questionId), eq(questions.moduleVersionId, draft.id)))
      .run();
    renumber(tx, questions, draft.id);
    touchDraft(tx, draft.id, now);
    return deleted.changes > 0;
  });
}

// ---------------------------------------------------------------- publish, archive

function draftContent(tx: Database | Transaction, draftId: number) {
  const draft = tx.select().from(moduleVersions).where(eq(moduleVersions.id, draftId)).get();
  if (!draft) throw new Error("draft vanished");
  const competencyIds = tx
    .select({ id: moduleVersionCompetencies.competencyId })
    .from(moduleVersionCompetencies)
    .where(eq(moduleVersionCompetencies.moduleVersionId, draftId))
    .all()
    .map((r) => r.id);
  const lessonRows = tx
    .select()
    .from(lessons)
    .where(eq(lessons.moduleVersionId, draftId))
    .orderBy(asc(lessons.position))
    .all();
  const qs = versionQuestions(tx, draftId).map((q) => ({
    kind: q.kind,
    title: q.title,
    prompt: q.promptMarkdown,
    explanation: q.explanation,
    choices: q.choices.map((c) => ({ text: c.text, isCorrect: c.isCorrect, feedback: c.feedback })),
  }));
  return {
    draft,
    competencyIds,
    lessons: lessonRows.map((l) => ({ title: l.title, bodyMarkdown: l.bodyMarkdown })),
    questions: qs,
  };
}

function problemsOf(content: ReturnType<typeof draftContent>): string[] {
  return publishProblems({
    title: content.draft.title,
    minutes: content.draft.minutes,
    passMarkPercent: content.draft.passMarkPercent,
    competencyCount: content.competencyIds.length,
    lessons: content.lessons,
    questions: content.questions.map((q) => ({ kind: q.kind, prompt: q.prompt, choices: q.choices })),
  });
}

export function draftPublishProblems(db: Database, moduleId: number): string[] {
  const draft = findDraft(db, moduleId);
  if (!draft) return ["There is no draft to publish."];
  return problemsOf(draftContent(db, draft.id));
}

/** Publishes the draft as the next version (refused with reasons when incomplete). */
export function publishDraft(db: Database, moduleId: number, actorId: number, now: Date) {
  return writeTransaction(db, (tx) => {
    const draft = requireDraft(tx, moduleId);
    const content = draftContent(tx, draft.id);
    const problems = problemsOf(content);
    if (problems.length > 0) throw new PublishRefusedError(problems);
    const published = publishVersion(
      tx,
      moduleId,
      {
        title: content.draft.title,
        summary: content.draft.summary,
        introMarkdown: content.draft.introMarkdown,
        minutes: content.draft.minutes,
        passMarkPercent: content.draft.passMarkPercent,
        maxAttemptsPerDay: content.draft.maxAttemptsPerDay,
        competencyIds: content.competencyIds,
        lessons: content.lessons,
        questions: content.questions,
        contentHash: null,
      },
      actorId,
      now,
    );
    // The draft has become a version; the next edit opens a fresh copy of it.
    tx.delete(moduleVersions).where(eq(moduleVersions.id, draft.id)).run();
    return published;
  });
}

export function setArchived(db: Database, moduleId: number, archived: boolean, actorId: number, now: Date) {
  writeTransaction(db, (tx) => {
    if (archived) {
      archiveModule(tx, moduleId, actorId, now, "Archived by an author");
    } else {
      tx.update(modules)
        .set({ archivedAt: null })
        .where(and(eq(modules.id, moduleId), isNotNull(modules.archivedAt)))
        .run();
      recordAudit(tx, {
        at: now,
        actorId,
        action: "module.unarchived",
        entityType: "module",
        entityId: moduleId,
      });
    }
  });
}

export function moduleIdExists(db: Database, moduleId: number): boolean {
  return db.select({ id: modules.id }).from(modules).where(eq(modules.id, moduleId)).get() !== undefined;
}

// ---------------------------------------------------------------- export

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
  const slugs = db
    .select({ slug: competencies.slug })
    .from(competencies)
    .where(inArray(competencies.id, content.competencyIds.length > 0 ? content.competencyIds : [-1]))
    .orderBy(asc(competencies.id))
    .all()
    .map((c) => c.slug);
  const folder = module.slug.startsWith(`${module.technology}-`)
    ? module.slug.slice(module.technology.length + 1)
    : module.slug;
  const base = `${module.technology}/${folder}`;
  const yaml = (text: string) => JSON.stringify(text);
  const files = new Map<string, string>();
  files.set(
    `${base}/module.md`,
    [
      "---",
      `title: ${yaml(content.draft.title)}`,
      `summary: ${yaml(content.draft.summary)}`,
      "competencies:",
      ...slugs.map((s) => `  - ${s}`),
      `minutes: ${content.draft.minutes}`,
      `passMark: ${content.draft.passMarkPercent}`,
      `attemptsPerDay: ${content.draft.maxAttemptsPerDay}`,
      "---",
      "",
      content.draft.introMarkdown,
      "",
    ].join("\n"),
  );
  content.lessons.forEach((lesson, i) => {
    const name = `${String(i + 1).padStart(2, "0")}-${slugify(lesson.title) || "lesson"}.md`;
    files.set(`${base}/${name}`, `# ${lesson.title}\n\n${lesson.bodyMarkdown}\n`);
  });
  files.set(`${base}/assessment.gift`, toGift(content.questions));
  return files;
}
