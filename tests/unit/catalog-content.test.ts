/**
 * The shipped catalog (content/) as a whole: it imports, every program can be completed from
 * published modules, and every assessment is passable.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import {
  certificationPrograms,
  competencies,
  modules,
  moduleVersionCompetencies,
  programRequirements,
  technologies,
} from "#db/schema";
import { effectiveRequirements } from "~/domain/certification";
import { bankProblems } from "~/domain/exam-forms";
import { minimumQuestions } from "~/domain/publishing";
import { exportModuleFiles } from "~/models/module-export.server";
import { loadProgramRules } from "~/models/certifications.server";
import { seedDemo } from "~/seed/demo.server";
import { readContentTree, type ModuleSource } from "~/utils/content-source.server";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
before(async () => {
  t = createTestDb();
  await seedDemo(t.db, new Date("2026-11-27T10:00:00Z"), "content");
});
after(() => t.close());

describe("the demo catalog", () => {
  it("every program's taught requirements are covered by a published module", () => {
    const taught = new Set(
      t.db
        .select({ id: moduleVersionCompetencies.competencyId })
        .from(modules)
        .innerJoin(
          moduleVersionCompetencies,
          eq(moduleVersionCompetencies.moduleVersionId, modules.publishedVersionId),
        )
        .all()
        .map((r) => r.id),
    );
    const kinds = new Map(
      t.db
        .select({ id: competencies.id, kind: competencies.kind, slug: competencies.slug })
        .from(competencies)
        .all()
        .map((c) => [c.id, c]),
    );
    const programs = loadProgramRules(
      t.db,
      t.db
        .select({ id: technologies.id })
        .from(technologies)
        .all()
        .map((x) => x.id),
    );
    assert.equal(programs.length, 12, "specialist and lead for six technologies");
    for (const program of programs) {
      for (const id of effectiveRequirements(program, programs)) {
        const competency = kinds.get(id);
        if (competency?.kind === "field") continue;
        assert.ok(taught.has(id), `program ${program.id}: ${competency?.slug} is taught by no module`);
      }
    }
    assert.ok(
      t.db
        .select()
        .from(programRequirements)
        .innerJoin(certificationPrograms, eq(certificationPrograms.id, programRequirements.programId))
        .all().length >= 36,
    );
  });

  it("each technology has four specialist modules and a lead module, each substantial", () => {
    const { modules: sources, problems } = readContentTree("content");
    assert.deepEqual(problems, []);
    const byTech = new Map<string, string[]>();
    for (const m of sources)
      byTech.set(m.technologySlug, [
        ...(byTech.get(m.technologySlug) ?? []),
        m.slug.slice(m.technologySlug.length + 1),
      ]);
    for (const tech of ["pcs", "printing", "document-management", "storage", "servers", "networking"]) {
      assert.deepEqual(
        byTech.get(tech)?.sort(),
        ["business-model", "economics", "partner-growth", "product", "sales-lifecycle"],
        tech,
      );
    }
    for (const m of sources) {
      assert.ok(m.lessons.length >= 3, `${m.slug} has ${m.lessons.length} lessons`);
      for (const lesson of m.lessons) {
        const words = lesson.bodyMarkdown.split(/\s+/).filter(Boolean).length;
        assert.ok(words >= 400, `${m.slug} / ${lesson.title}: ${words} words`);
      }
      assert.ok(m.questions.length >= 10, `${m.slug} has ${m.questions.length} questions`);
    }
  });

  it("every assessment is passable: enough questions, each with a right answer and feedback", () => {
    for (const m of readContentTree("content").modules) {
      assert.ok(m.questions.length >= minimumQuestions(m.passMarkPercent), m.slug);
      for (const q of m.questions) {
        const correct = q.choices.filter((c) => c.isCorrect).length;
        assert.ok(correct >= 1, `${m.slug}: "${q.title}" has no correct answer`);
        if (q.kind === "single") assert.equal(correct, 1, `${m.slug}: "${q.title}"`);
        assert.ok(q.explanation.length > 0, `${m.slug}: "${q.title}" has no explanation`);
      }
    }
  });

  it("every bank meets the bank rule, and every category names a lesson of its module", () => {
    for (const m of readContentTree("content").modules) {
      const bank = m.questions.map((q, i) => ({ id: i + 1, competencyId: null, category: q.category }));
      assert.deepEqual(bankProblems(bank, m.formSize), [], m.slug);
      assert.ok(m.questions.length >= 2 * m.formSize, m.slug);
      const stems = new Set(m.lessons.map((l) => l.stem));
      for (const q of m.questions)
        assert.ok(q.category && stems.has(q.category), `${m.slug}: “${q.title}” is under ${q.category}`);
    }
  });

  it("exports every module to the content/ format and reads it back the same", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "academy-catalog-export-"));
    try {
      for (const m of t.db.select({ id: modules.id }).from(modules).all()) {
        for (const [name, text] of exportModuleFiles(t.db, m.id) ?? []) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), text);
        }
      }
      const exported = readContentTree(dir);
      assert.deepEqual(exported.problems, []);
      const original = readContentTree("content").modules;
      assert.equal(exported.modules.length, original.length);
      const comparable = (m: ModuleSource) => ({
        ...m,
        contentHash: "",
        questions: m.questions.map((q) => ({ ...q, line: 0 })),
      });
      for (const source of original) {
        const back = exported.modules.find((x) => x.slug === source.slug);
        assert.ok(back, source.slug);
        assert.deepEqual(comparable(back), comparable(source), source.slug);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
