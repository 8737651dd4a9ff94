/**
 * How a module version performs: enrolment and completion, first-attempt pass rate, scores,
 * time to complete, and the hardest questions with the spread of answers chosen.
 */
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { attemptQuestions, attempts, choices, enrollments, questions } from "#db/schema";

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function versionAnalytics(db: Database, versionId: number) {
  const enrolment = db
    .select({
      enrolled: sql<number>`count(*)`,
      completed: sql<number>`coalesce(sum(${enrollments.completedAt} is not null), 0)`,
    })
    .from(enrollments)
    .where(eq(enrollments.moduleVersionId, versionId))
    .get() ?? { enrolled: 0, completed: 0 };
  const durations = db
    .select({ ms: sql<number>`${enrollments.completedAt} - ${enrollments.startedAt}` })
    .from(enrollments)
    .where(and(eq(enrollments.moduleVersionId, versionId), isNotNull(enrollments.completedAt)))
    .all()
    .map((r) => r.ms);
  const scores = db
    .select({
      attempts: sql<number>`count(*)`,
      average: sql<number | null>`avg(${attempts.scorePercent})`,
    })
    .from(attempts)
    .where(and(eq(attempts.moduleVersionId, versionId), isNotNull(attempts.submittedAt)))
    .get();
  // Each learner's first submitted attempt on this version.
  const firsts = db.all<{ passed: number }>(sql`
    select a.passed as passed from attempts a
    where a.module_version_id = ${versionId} and a.submitted_at is not null
      and a.submitted_at = (select min(b.submitted_at) from attempts b
        where b.user_id = a.user_id and b.module_version_id = a.module_version_id and b.submitted_at is not null)`);
  const firstPassRate =
    firsts.length === 0
      ? null
      : Math.round((firsts.filter((f) => f.passed).length / firsts.length) * 1000) / 10;

  const perQuestion = db
    .select({
      id: questions.id,
      position: questions.position,
      title: questions.title,
      kind: questions.kind,
      prompt: questions.promptMarkdown,
      // Graded answers only: a question drawn into an attempt still open has no credit yet.
      answers: sql<number>`count(${attemptQuestions.credit})`,
      correct: sql<number>`coalesce(sum(${attemptQuestions.credit} = 1), 0)`,
    })
    .from(questions)
    .leftJoin(attemptQuestions, eq(attemptQuestions.questionId, questions.id))
    .where(eq(questions.moduleVersionId, versionId))
    .groupBy(questions.id)
    .orderBy(asc(questions.position))
    .all();
  const hardest = perQuestion
    .filter((q) => q.answers > 0)
    .map((q) => ({ ...q, percentCorrect: Math.round((q.correct / q.answers) * 1000) / 10 }))
    .sort((a, b) => a.percentCorrect - b.percentCorrect)
    .slice(0, 5);
  const picks = new Map(
    hardest.length === 0
      ? []
      : db
          .all<{ choiceId: number; n: number }>(
            sql`
            select j.value as choiceId, count(*) as n
            from attempt_questions aq, json_each(aq.response, '$.choices') j
            where aq.credit is not null and aq.question_id in (${sql.join(
              hardest.map((q) => sql`${q.id}`),
              sql`, `,
            )})
            group by j.value`,
          )
          .map((r) => [Number(r.choiceId), r.n]),
  );
  const choiceRows =
    hardest.length === 0
      ? []
      : db
          .select()
          .from(choices)
          .where(
            sql`${choices.questionId} in (${sql.join(
              hardest.map((q) => sql`${q.id}`),
              sql`, `,
            )})`,
          )
          .orderBy(asc(choices.position))
          .all();
  return {
    enrolled: enrolment.enrolled,
    completed: enrolment.completed,
    inProgress: enrolment.enrolled - enrolment.completed,
    attempts: scores?.attempts ?? 0,
    averageScore:
      scores?.average === null || scores?.average === undefined ? null : Math.round(scores.average * 10) / 10,
    firstAttemptPassRate: firstPassRate,
    medianDaysToComplete: (() => {
      const m = median(durations);
      return m === null ? null : Math.round((m / 86_400_000) * 10) / 10;
    })(),
    hardest: hardest.map((q) => ({
      ...q,
      // The spread of picks is for choice questions; typed and matching answers have none.
      choices: choiceRows
        .filter((c) => c.questionId === q.id && ["single", "multiple", "truefalse"].includes(q.kind))
        .map((c) => ({ id: c.id, text: c.text, isCorrect: c.isCorrect, picked: picks.get(c.id) ?? 0 })),
    })),
  };
}
