/**
 * The shipped catalog (content/) as a whole: it imports, every program can be completed from
 * published modules, and every assessment is passable.
 */
import assert from "node:assert/strict";
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
import { minimumQuestions } from "~/domain/publishing";
import { loadProgramRules } from "~/models/certifications.server";
import { seedDemo } from "~/seed/demo.server";
import { readContentTree } from "~/utils/content-source.server";
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
});
