import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { competencies, lessons, modules, technologies, users } from "#db/schema";
import { minimumQuestions, publishProblems } from "~/domain/publishing";
import { addLesson, deleteLesson, moveLesson, saveLesson } from "~/models/draft-lessons.server";
import { addQuestions } from "~/models/draft-questions.server";
import { createModule, getEditor, openDraft, saveSettings } from "~/models/drafts.server";
import { exportModuleFiles } from "~/models/module-export.server";
import { publishDraft } from "~/models/publishing.server";
import { Refusal } from "~/utils/refusal";
import { attestFieldCompetency, importAttainments } from "~/models/attainments.server";
import { writeTransaction } from "#db/client.server";
import { getModulePage } from "~/models/learning.server";
import { seedDemo } from "~/seed/demo.server";
import { readContentTree } from "~/utils/content-source.server";
import { parseGift } from "~/utils/gift.server";
import { createTestDb, type TestDb } from "../support/db";

const now = new Date("2026-11-27T10:00:00Z");
let t: TestDb;
let trainerId: number;
let storageId: number;

/** Ten questions of every kind, five under the first lesson's category and five under another. */
const GIFT = [
  "$CATEGORY: 01-first-lesson",
  ...Array.from({ length: 3 }, (_, i) => `::Q${i + 1}:: Question ${i + 1}? {=right#yes ~wrong#no ####why}`),
  "::N:: How much is 80,000 / 0.8? {#\n=100000:500#Right.\n=%50%95000..105000#Close.\n~80000#That is the cost.\n####Divide.\n}",
  "::S:: One word\\: the share of deals with services? {=attach rate#Yes. =%50%attach####Attach rate.}",
  "$CATEGORY: pricing",
  ...Array.from({ length: 2 }, (_, i) => `::Q${i + 4}:: Question ${i + 4}? {=right#yes ~wrong#no ####why}`),
  "::M:: Match. {\n=Hardware -> lowest margin\n=Services -> highest margin\n= -> no margin\n####Services earn most.\n}",
  "::P1:: Price 85,000 at 15% margin? {=100,000 ~97,750####Divide by (1 − margin).}",
  "// [tag:storage-economics]\n::P2:: Markup is margin. {FALSE#No.#Right.####Different bases.}",
].join("\n\n");

before(async () => {
  t = createTestDb();
  await seedDemo(t.db, now, "tests/fixtures/content");
  trainerId = t.db.select().from(users).where(eq(users.email, "trainer@example.com")).get()?.id ?? -1;
  storageId = t.db.select().from(technologies).where(eq(technologies.slug, "storage")).get()?.id ?? -1;
});
after(() => t.close());

function competencyId(slug: string) {
  return t.db.select().from(competencies).where(eq(competencies.slug, slug)).get()?.id ?? -1;
}

function buildPublishableModule(title: string) {
  const moduleId = createModule(t.db, { title, technologyId: storageId, ownerId: trainerId }, now);
  const editor = getEditor(t.db, moduleId);
  assert.ok(editor?.draft);
  saveSettings(
    t.db,
    moduleId,
    editor.draft.revision,
    {
      title,
      summary: "S",
      introMarkdown: "",
      minutes: 20,
      passMarkPercent: 80,
      maxAttemptsPerDay: 3,
      formSize: 5,
      revealPolicy: "after-pass",
      timeLimitMinutes: 20,
      competencyIds: [competencyId("storage-economics")],
    },
    now,
  );
  const lessonId = addLesson(t.db, moduleId, "First lesson", now);
  saveLesson(
    t.db,
    moduleId,
    lessonId,
    { title: "First lesson", bodyMarkdown: "## Hello\n\nBody text.", revision: 1 },
    now,
  );
  const gift = parseGift(GIFT, ["storage-economics"]);
  assert.deepEqual(gift.problems, []);
  addQuestions(t.db, moduleId, gift.questions, now);
  return moduleId;
}

describe("publish rules", () => {
  it("needs enough questions for the pass mark to be sensible", () => {
    assert.equal(minimumQuestions(80), 5);
    assert.equal(minimumQuestions(50), 3);
    assert.equal(minimumQuestions(90), 10);
  });
  it("lists every reason a draft cannot be published", () => {
    const problems = publishProblems({
      title: "",
      minutes: 10,
      passMarkPercent: 80,
      formSize: 10,
      timeLimitMinutes: null,
      competencyCount: 0,
      countsTowardsCertification: true,
      lessons: [],
      questions: [],
    });
    assert.equal(problems.length, 4);
  });
});

describe("authoring a module", () => {
  it("refuses to publish an incomplete draft, with reasons", () => {
    const moduleId = createModule(
      t.db,
      { title: "Empty module", technologyId: storageId, ownerId: trainerId },
      now,
    );
    assert.throws(
      () => publishDraft(t.db, moduleId, trainerId, now),
      (error: unknown) => {
        assert.ok(error instanceof Refusal && error.kind === "conflict");
        const problems = error.details?.problems;
        assert.ok(Array.isArray(problems));
        assert.ok(problems.some((p) => /lesson/.test(String(p))));
        assert.ok(problems.some((p) => /competency/.test(String(p))));
        assert.ok(problems.some((p) => /questions/.test(String(p))));
        return true;
      },
    );
  });

  it("publishes version 1; later draft edits never change what learners see", () => {
    const moduleId = buildPublishableModule("Storage economics, authored");
    assert.equal(publishDraft(t.db, moduleId, trainerId, now).versionNumber, 1);
    const v1 = t.db.select().from(modules).where(eq(modules.id, moduleId)).get()?.publishedVersionId;
    assert.ok(v1);
    const v1Lessons = t.db.select().from(lessons).where(eq(lessons.moduleVersionId, v1)).all();

    const draftId = openDraft(t.db, moduleId, now);
    assert.ok(draftId && draftId !== v1);
    const editor = getEditor(t.db, moduleId);
    const draftLesson = editor?.lessons[0];
    assert.ok(draftLesson);
    saveLesson(
      t.db,
      moduleId,
      draftLesson.id,
      { title: "Renamed", bodyMarkdown: "Changed <script>x</script>", revision: draftLesson.revision },
      now,
    );
    const extra = addLesson(t.db, moduleId, "Second", now);
    moveLesson(t.db, moduleId, extra, "up", now);
    deleteLesson(t.db, moduleId, draftLesson.id, now);

    assert.deepEqual(
      t.db.select().from(lessons).where(eq(lessons.moduleVersionId, v1)).all(),
      v1Lessons,
      "version 1 untouched",
    );
    const learner = t.db.select().from(users).where(eq(users.email, "learner@example.com")).get();
    const page = getModulePage(
      t.db,
      learner?.id ?? -1,
      t.db.select().from(modules).where(eq(modules.id, moduleId)).get()?.slug ?? "",
    );
    assert.equal(page?.version.id, v1, "learners still get version 1");
    assert.deepEqual(
      page?.lessons.map((l) => l.title),
      ["First lesson"],
    );
  });

  it("a stale save is refused and nothing is overwritten", () => {
    const moduleId = buildPublishableModule("Two editors");
    const lesson = getEditor(t.db, moduleId)?.lessons[0];
    assert.ok(lesson);
    saveLesson(
      t.db,
      moduleId,
      lesson.id,
      { title: "A's title", bodyMarkdown: "A's text", revision: lesson.revision },
      now,
    );
    assert.throws(
      () =>
        saveLesson(
          t.db,
          moduleId,
          lesson.id,
          { title: "B's title", bodyMarkdown: "B's text", revision: lesson.revision },
          now,
        ),
      (error: unknown) => error instanceof Refusal && /changed by someone else/.test(error.message),
    );
    assert.equal(getEditor(t.db, moduleId)?.lessons[0]?.bodyMarkdown, "A's text");
    const draft = getEditor(t.db, moduleId)?.draft;
    assert.ok(draft);
    assert.throws(
      () =>
        saveSettings(
          t.db,
          moduleId,
          draft.revision - 1,
          {
            title: "Stale",
            summary: "",
            introMarkdown: "",
            minutes: 1,
            passMarkPercent: 80,
            maxAttemptsPerDay: 3,
            formSize: 10,
            revealPolicy: "after-pass",
            timeLimitMinutes: null,
            competencyIds: [],
          },
          now,
        ),
      (error: unknown) => error instanceof Refusal && /changed by someone else/.test(error.message),
    );
  });

  it("renders lesson Markdown through the sanitiser on save", () => {
    const moduleId = buildPublishableModule("Sanitised");
    const lesson = getEditor(t.db, moduleId)?.lessons[0];
    assert.ok(lesson);
    saveLesson(
      t.db,
      moduleId,
      lesson.id,
      {
        title: "x",
        bodyMarkdown: '<img src=x onerror="alert(1)"> [a](javascript:alert(1)) <iframe></iframe>',
        revision: lesson.revision,
      },
      now,
    );
    const html = getEditor(t.db, moduleId)?.lessons[0]?.bodyHtml ?? "";
    assert.ok(!/onerror|javascript:|<iframe/.test(html), html);
  });

  it("exports to the content/ format, and importing the export gives the same module", () => {
    const moduleId = buildPublishableModule("Round trip");
    publishDraft(t.db, moduleId, trainerId, now);
    const files = exportModuleFiles(t.db, moduleId);
    assert.ok(files);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-export-"));
    for (const [name, text] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const { modules: read, problems } = readContentTree(dir);
    assert.deepEqual(problems, []);
    const [source] = read;
    assert.ok(source);
    const slug = t.db.select().from(modules).where(eq(modules.id, moduleId)).get()?.slug;
    assert.equal(source.slug, slug);
    assert.equal(source.title, "Round trip");
    assert.deepEqual(source.competencySlugs, ["storage-economics"]);
    assert.deepEqual(source.lessons, [
      { stem: "01-first-lesson", title: "First lesson", bodyMarkdown: "## Hello\n\nBody text." },
    ]);
    assert.deepEqual([source.formSize, source.revealPolicy, source.timeLimitMinutes], [5, "after-pass", 20]);
    const withoutLines = (qs: ReturnType<typeof parseGift>["questions"]) =>
      qs.map(({ line: _line, ...q }) => q);
    assert.deepEqual(
      withoutLines(source.questions),
      withoutLines(parseGift(GIFT, ["storage-economics"]).questions),
      "kinds, weights, pairs, categories and the competency tag come back",
    );
    assert.deepEqual(
      source.questions.map((q) => q.kind),
      [
        "single",
        "single",
        "single",
        "numerical",
        "short",
        "single",
        "single",
        "matching",
        "single",
        "truefalse",
      ],
    );
  });
});

describe("the bank rule at publishing", () => {
  it("refuses a certification module whose bank is under 2 × the form size, with the reason", () => {
    const moduleId = buildPublishableModule("Too small a bank");
    const draft = getEditor(t.db, moduleId)?.draft;
    assert.ok(draft);
    saveSettings(
      t.db,
      moduleId,
      draft.revision,
      {
        title: "Too small a bank",
        summary: "S",
        introMarkdown: "",
        minutes: 20,
        passMarkPercent: 80,
        maxAttemptsPerDay: 3,
        formSize: 6,
        revealPolicy: "never",
        timeLimitMinutes: null,
        competencyIds: [competencyId("storage-economics")],
      },
      now,
    );
    assert.throws(
      () => publishDraft(t.db, moduleId, trainerId, now),
      (error: unknown) =>
        error instanceof Refusal &&
        /holds 10 questions; a module that counts towards a certification needs at least 12/.test(
          error.message,
        ),
    );
  });

  it("refuses form settings a pass mark cannot live with", () => {
    const moduleId = buildPublishableModule("Bad form size");
    const draft = getEditor(t.db, moduleId)?.draft;
    assert.ok(draft);
    assert.throws(
      () =>
        saveSettings(
          t.db,
          moduleId,
          draft.revision,
          {
            title: "Bad form size",
            summary: "",
            introMarkdown: "",
            minutes: 20,
            passMarkPercent: 90,
            maxAttemptsPerDay: 3,
            formSize: 5,
            revealPolicy: "after-pass",
            timeLimitMinutes: null,
            competencyIds: [competencyId("storage-economics")],
          },
          now,
        ),
      (error: unknown) => error instanceof Refusal && error.field === "formSize",
    );
  });

  it("a category that names a lesson follows the lesson's file when lessons are reordered", () => {
    const moduleId = buildPublishableModule("Reordered");
    const extra = addLesson(t.db, moduleId, "Zero", now);
    saveLesson(t.db, moduleId, extra, { title: "Zero", bodyMarkdown: "Text.", revision: 1 }, now);
    moveLesson(t.db, moduleId, extra, "up", now);
    const files = exportModuleFiles(t.db, moduleId);
    assert.ok(files);
    const names = [...files.keys()].map((f) => path.basename(f));
    assert.ok(names.includes("01-zero.md") && names.includes("02-first-lesson.md"), names.join(", "));
    assert.match(
      [...files.entries()].find(([f]) => f.endsWith(".gift"))?.[1] ?? "",
      /\$CATEGORY: 02-first-lesson/,
    );
  });
});

describe("field attestation", () => {
  it("needs a field competency and an active learner", () => {
    const learner = t.db.select().from(users).where(eq(users.email, "learner@example.com")).get();
    assert.throws(
      () =>
        attestFieldCompetency(t.db, {
          userId: learner?.id ?? -1,
          competencyId: competencyId("storage-economics"),
          attestedById: trainerId,
          evidence: "Saw it in the field last week.",
          at: now,
        }),
      (error: unknown) => error instanceof Refusal && error.kind === "invalid",
    );
    assert.throws(
      () =>
        attestFieldCompetency(t.db, {
          userId: trainerId,
          competencyId: competencyId("storage-field"),
          attestedById: trainerId,
          evidence: "Saw it in the field last week.",
          at: now,
        }),
      (error: unknown) => error instanceof Refusal && error.kind === "invalid",
    );
  });

  it("completing the lead program by attestation issues the certification", () => {
    const learner = t.db.select().from(users).where(eq(users.email, "learner@example.com")).get();
    assert.ok(learner);
    writeTransaction(t.db, (tx) =>
      importAttainments(
        tx,
        [
          "storage-sales-lifecycle",
          "storage-product",
          "storage-partner-growth",
          "storage-economics",
          "storage-business-model",
        ].map((slug) => ({
          userId: learner.id,
          competencyId: competencyId(slug),
          attainedAt: now,
          evidence: "test",
        })),
        null,
        now,
      ),
    );
    const issued = attestFieldCompetency(t.db, {
      userId: learner.id,
      competencyId: competencyId("storage-field"),
      attestedById: trainerId,
      evidence: "Led the Q3 storage plan with Hollinbrook.",
      at: now,
    });
    assert.equal(issued.length, 2, "specialist and lead complete together");
  });
});
