/**
 * The result of an attempt. Always: the score, the score per competency, which questions
 * were right or wrong and the lessons to revisit. The key (right choices, accepted answers,
 * feedback, explanations) only when the loader sent it: after a pass, when the module
 * reveals answers after a pass. A failed attempt's page has no key in it to hide.
 */
import { Link } from "@remix-run/react";
import type { QuestionKind } from "#db/vocabulary";
import type { RevealedKey as Key } from "~/models/attempt-results.server";
import { formatDate, formatDateTime } from "~/ui/format";
import { Badge } from "~/ui/status";
import { Notice } from "~/ui/forms";

export interface AttemptResultData {
  attempt: { submittedAt: string; scorePercent: number; passed: boolean; timedOut: boolean };
  module: { slug: string };
  version: { title: string; passMarkPercent: number; revealPolicy: "after-pass" | "never" };
  reveal: boolean;
  competencies: { competencyId: number; name: string; scorePercent: number; questions: number }[];
  questions: {
    position: number;
    kind: QuestionKind;
    promptHtml: string;
    verdict: "correct" | "partial" | "incorrect";
    lesson: { position: number; title: string } | null;
    key: Key | null;
  }[];
  lessonsToRevisit: { position: number; title: string; wrong: number }[];
  attained: { name: string; expiresAt: string }[];
  issued: { credentialId: string; program: string; expiresAt: string }[];
}

const VERDICT = {
  correct: <Badge tone="success">Correct</Badge>,
  partial: <Badge tone="warning">Partly correct</Badge>,
  incorrect: <Badge tone="danger">Incorrect</Badge>,
};

function KeyView({ kind, answer }: { kind: QuestionKind; answer: Key }) {
  if (kind === "numerical" || kind === "short") {
    return (
      <div className="stack-sm">
        <p className="small">
          Your answer: <strong>{answer.typed || "(none)"}</strong>
        </p>
        <ul className="feedback-list">
          {answer.accepted.map((a, i) => (
            <li key={i} className="feedback feedback-correct">
              <span className="feedback-mark" aria-hidden="true">
                ✓
              </span>
              <span>
                <span className="feedback-text">
                  {a.text}
                  {a.percent < 100 ? <span className="muted small"> ({a.percent}% credit)</span> : null}
                  <span className="visually-hidden"> (accepted answer)</span>
                </span>
                {a.feedback ? <span className="muted small block">{a.feedback}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (kind === "matching") {
    return (
      <ul className="feedback-list">
        {answer.pairs.map((p, i) => {
          const right = p.chosen === p.right;
          return (
            <li key={i} className={`feedback ${right ? "feedback-correct" : "feedback-chosen"}`}>
              <span className="feedback-mark" aria-hidden="true">
                {right ? "✓" : "✗"}
              </span>
              <span>
                {p.item} → <strong>{p.right}</strong>
                {!right ? <span className="muted small"> — you chose {p.chosen ?? "nothing"}</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <ul className="feedback-list">
      {answer.choices.map((c, i) => (
        <li
          key={i}
          className={`feedback ${c.isCorrect ? "feedback-correct" : ""} ${c.chosen ? "feedback-chosen" : ""}`}
        >
          <span className="feedback-mark" aria-hidden="true">
            {c.isCorrect ? "✓" : c.chosen ? "✗" : ""}
          </span>
          <span>
            <span className="feedback-text">
              {c.text}
              {c.chosen ? <span className="muted small"> — your answer</span> : null}
              {c.isCorrect ? <span className="visually-hidden"> (correct answer)</span> : null}
            </span>
            {c.feedback && (c.chosen || c.isCorrect) ? (
              <span className="muted small block">{c.feedback}</span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AttemptResult({ result }: { result: AttemptResultData }) {
  const correct = result.questions.filter((q) => q.verdict === "correct").length;
  const lessonLink = (position: number) => `/learn/modules/${result.module.slug}/lessons/${position}`;
  return (
    <>
      <header className={`result-banner ${result.attempt.passed ? "result-pass" : "result-fail"}`}>
        <p className="eyebrow">Result · {formatDateTime(result.attempt.submittedAt)}</p>
        <h1>{result.attempt.passed ? "You passed" : "Not passed this time"}</h1>
        <p className="result-score">
          <strong>{result.attempt.scorePercent}%</strong> · {correct} of {result.questions.length} fully
          correct · pass mark {result.version.passMarkPercent}%
        </p>
      </header>

      {result.attempt.timedOut ? (
        <Notice tone="warning">
          Time ran out: this attempt was graded on the answers saved before the end.
        </Notice>
      ) : null}

      <section className="card stack" aria-labelledby="competency-title">
        <h2 id="competency-title" className="h3">
          Score per competency
        </h2>
        <ul className="list">
          {result.competencies.map((c) => (
            <li key={c.competencyId}>
              <span>{c.name}</span>
              <span>
                <strong>{c.scorePercent}%</strong>{" "}
                <span className="muted small">
                  over {c.questions} question{c.questions === 1 ? "" : "s"}
                </span>
              </span>
            </li>
          ))}
        </ul>
      </section>

      {result.attained.length > 0 ? (
        <section className="card stack" aria-labelledby="attained-title">
          <h2 id="attained-title" className="h3">
            Competencies attained
          </h2>
          <ul className="checklist">
            {result.attained.map((a) => (
              <li key={a.name}>
                <span>{a.name}</span>
                <Badge tone="success">valid until {formatDate(a.expiresAt)}</Badge>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {result.issued.length > 0 ? (
        <section className="card stack certificate-issued" aria-labelledby="issued-title">
          <h2 id="issued-title" className="h3">
            Certification issued
          </h2>
          <ul className="list">
            {result.issued.map((c) => (
              <li key={c.credentialId}>
                <span>
                  <strong>{c.program}</strong>
                  <span className="muted small block">valid until {formatDate(c.expiresAt)}</span>
                </span>
                <Link to={`/learn/certificates/${c.credentialId}`} className="button button-primary">
                  View certificate
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {result.lessonsToRevisit.length > 0 ? (
        <section className="card stack" aria-labelledby="revisit-title">
          <h2 id="revisit-title" className="h3">
            Lessons to revisit
          </h2>
          <ul className="list">
            {result.lessonsToRevisit.map((l) => (
              <li key={l.position}>
                <Link to={lessonLink(l.position)}>
                  Lesson {l.position}: {l.title}
                </Link>
                <span className="muted small">
                  {l.wrong} question{l.wrong === 1 ? "" : "s"} missed
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!result.reveal ? (
        <Notice tone="info">
          {result.version.revealPolicy === "never"
            ? "This module does not show the right answers: the questions you missed and the lessons to revisit are below."
            : "The right answers are shown after a passed attempt. Revisit the lessons for the questions you missed, then try again: a retake asks different questions."}{" "}
          <Link to={`/learn/modules/${result.module.slug}`}>Back to the module</Link>
        </Notice>
      ) : null}

      <section aria-labelledby="questions-title" className="stack">
        <h2 id="questions-title">{result.reveal ? "Answers and explanations" : "Your questions"}</h2>
        <ol className="question-list">
          {result.questions.map((q) => (
            <li key={q.position} className="card question">
              <p className="eyebrow">
                Question {q.position} · {VERDICT[q.verdict]}
              </p>
              <div className="prose question-prompt" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
              {q.key ? <KeyView kind={q.kind} answer={q.key} /> : null}
              {q.key?.explanation ? <p className="explanation">{q.key.explanation}</p> : null}
              {q.verdict !== "correct" && q.lesson ? (
                <p className="small">
                  Revisit{" "}
                  <Link to={lessonLink(q.lesson.position)}>
                    lesson {q.lesson.position}: {q.lesson.title}
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
