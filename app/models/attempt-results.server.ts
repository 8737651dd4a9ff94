/**
 * The result of a submitted attempt, under the module's reveal policy (DESIGN.md Rule 11).
 * Every result has the score, the score per competency, which questions were wrong and the
 * lessons to revisit. Only a passed attempt of a module that reveals after a pass carries
 * the key: right choices, accepted answers, feedback and explanations. A failed attempt's
 * result is built without ever reading them into what it returns.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  attainments,
  certificationPrograms,
  certifications,
  competencies,
  lessons,
  moduleVersionCompetencies,
} from "#db/schema";
import { revealsKey } from "~/domain/exam-forms";
import { matchingRightOptions, scoresByCompetency } from "~/domain/grading";
import { lessonForCategory } from "~/domain/lessons";
import { notFound } from "~/utils/refusal";
import { attemptItems, findOwnAttempt } from "./attempt-items.server";

type Item = ReturnType<typeof attemptItems>[number];

function verdictOf(credit: number): "correct" | "partial" | "incorrect" {
  return credit >= 1 ? "correct" : credit > 0 ? "partial" : "incorrect";
}

/** The key of one question as shown after a pass: what was answered, and what was right. */
export interface RevealedKey {
  explanation: string;
  /** Numerical and short answers: what the learner typed. */
  typed: string | null;
  accepted: { text: string; percent: number; feedback: string }[];
  choices: { text: string; isCorrect: boolean; chosen: boolean; feedback: string }[];
  pairs: { item: string; chosen: string | null; right: string }[];
}

function revealed(item: Item): RevealedKey {
  const q = item.question;
  const response = item.response;
  const byId = new Map(q.choices.map((c) => [c.id, c]));
  const base = { explanation: q.explanation };
  if (q.kind === "numerical" || q.kind === "short") {
    const typed = response && "text" in response ? response.text : "";
    return {
      ...base,
      typed,
      accepted: q.choices
        .filter((c) => c.isCorrect)
        .map((c) => ({ text: c.text, percent: Math.round((c.weight ?? 1) * 100), feedback: c.feedback })),
      choices: [],
      pairs: [],
    };
  }
  if (q.kind === "matching") {
    const pairs = response && "pairs" in response ? response.pairs : {};
    const options = new Map(matchingRightOptions(q).map((o) => [o.id, o.matchText ?? ""]));
    return {
      ...base,
      typed: null,
      accepted: [],
      choices: [],
      pairs: item.layout.choices.map((id) => {
        const left = byId.get(id);
        const chosen = options.get(pairs[String(id)] ?? -1) ?? null;
        return { item: left?.text ?? "", chosen, right: left?.matchText ?? "" };
      }),
    };
  }
  const chosen = new Set(response && "choices" in response ? response.choices : []);
  return {
    ...base,
    typed: null,
    accepted: [],
    pairs: [],
    choices: item.layout.choices.map((id) => {
      const c = byId.get(id);
      return {
        text: c?.text ?? "",
        isCorrect: c?.isCorrect ?? false,
        chosen: chosen.has(id),
        feedback: c?.feedback ?? "",
      };
    }),
  };
}

export function getAttemptResult(db: Database, attemptId: number, userId: number) {
  const found = findOwnAttempt(db, attemptId, userId);
  const submittedAt = found.attempt.submittedAt;
  if (!submittedAt) throw notFound("This attempt has not been submitted yet.");
  const passed = found.attempt.passed ?? false;
  const reveal = revealsKey(found.version.revealPolicy, passed);
  const items = attemptItems(db, attemptId, found.version.id);
  const lessonRows = db
    .select({ position: lessons.position, title: lessons.title, stem: lessons.stem })
    .from(lessons)
    .where(eq(lessons.moduleVersionId, found.version.id))
    .orderBy(asc(lessons.position))
    .all();
  const taught = db
    .select({ id: competencies.id, name: competencies.name })
    .from(moduleVersionCompetencies)
    .innerJoin(competencies, eq(competencies.id, moduleVersionCompetencies.competencyId))
    .where(eq(moduleVersionCompetencies.moduleVersionId, found.version.id))
    .orderBy(asc(competencies.id))
    .all();
  const names = new Map(taught.map((c) => [c.id, c.name]));
  const questions = items.map((item) => {
    const lesson = lessonForCategory(item.question.category, lessonRows);
    return {
      position: item.position,
      kind: item.question.kind,
      promptHtml: item.question.promptHtml,
      verdict: verdictOf(item.credit ?? 0),
      lesson: lesson ? { position: lesson.position, title: lesson.title } : null,
      key: reveal ? revealed(item) : null,
    };
  });
  const toRevisit = new Map<number, { position: number; title: string; wrong: number }>();
  for (const q of questions) {
    if (q.verdict === "correct" || !q.lesson) continue;
    const entry = toRevisit.get(q.lesson.position) ?? { ...q.lesson, wrong: 0 };
    entry.wrong += 1;
    toRevisit.set(q.lesson.position, entry);
  }
  const attained = db
    .select({ name: competencies.name, expiresAt: attainments.expiresAt })
    .from(attainments)
    .innerJoin(competencies, eq(competencies.id, attainments.competencyId))
    .where(and(eq(attainments.attemptId, attemptId), eq(attainments.userId, userId)))
    .all();
  const issued = db
    .select({
      credentialId: certifications.credentialId,
      program: certificationPrograms.name,
      expiresAt: certifications.expiresAt,
    })
    .from(certifications)
    .innerJoin(certificationPrograms, eq(certificationPrograms.id, certifications.programId))
    .where(and(eq(certifications.userId, userId), eq(certifications.issuedAt, submittedAt)))
    .all();
  return {
    attempt: {
      id: found.attempt.id,
      submittedAt,
      scorePercent: found.attempt.scorePercent ?? 0,
      passed,
      timedOut: found.attempt.timedOut,
    },
    module: { slug: found.module.slug },
    version: {
      title: found.version.title,
      passMarkPercent: found.version.passMarkPercent,
      revealPolicy: found.version.revealPolicy,
    },
    reveal,
    competencies: scoresByCompetency(
      items.map((i) => ({ competencyId: i.question.competencyId, credit: i.credit ?? 0 })),
      taught.map((c) => c.id),
    ).map((s) => ({ ...s, name: names.get(s.competencyId) ?? "Competency" })),
    questions,
    lessonsToRevisit: [...toRevisit.values()].sort((a, b) => a.position - b.position),
    attained,
    issued,
  };
}
