import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/auth.server";
import { unansweredQuestions, type Submission } from "~/domain/grading";
import {
  getAttemptForm,
  getAttemptResult,
  SubmissionRejectedError,
  submitAttempt,
} from "~/models/attempts.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";

const ParamsSchema = z.object({ attemptId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

function attemptIdOf(params: unknown): number {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("No such attempt", { status: 404 });
  return parsed.data.attemptId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  const attemptId = attemptIdOf(params);
  const form = getAttemptForm(db(), attemptId, user.id);
  if (!form) throw new Response("No such attempt", { status: 404 });
  if (!form.attempt.submittedAt) return json({ mode: "form" as const, form, result: null });
  const result = getAttemptResult(db(), attemptId, user.id);
  if (!result) throw new Response("No such attempt", { status: 404 });
  return json({ mode: "result" as const, form: null, result });
}

/** Answers arrive as `q<questionId>` = choice id (radio) or several (checkbox). */
function readSubmission(form: FormData): { submission: Submission } | { error: string } {
  const submission: Submission = new Map();
  for (const [key, value] of form.entries()) {
    const match = /^q(\d{1,15})$/.exec(key);
    if (!match) continue;
    const choiceId = Number(value);
    if (typeof value !== "string" || !Number.isSafeInteger(choiceId) || choiceId < 1) {
      return { error: "The submission contains an answer that is not one of the choices." };
    }
    const questionId = Number(match[1]);
    submission.set(questionId, [...(submission.get(questionId) ?? []), choiceId]);
  }
  return { submission };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "learner");
  const attemptId = attemptIdOf(params);
  const form = await readForm(request);
  const parsed = readSubmission(form);
  const chosen = "submission" in parsed ? Object.fromEntries(parsed.submission) : {};
  if ("error" in parsed)
    return json({ error: parsed.error, unanswered: [] as number[], chosen }, { status: 400 });

  const attempt = getAttemptForm(db(), attemptId, user.id);
  if (!attempt) throw new Response("No such attempt", { status: 404 });
  if (attempt.attempt.submittedAt) return redirect(`/learn/attempts/${attemptId}`);
  const unanswered = unansweredQuestions(
    attempt.questions.map((q) => ({ id: q.id, kind: q.kind, choices: [] })),
    parsed.submission,
  );
  if (unanswered.length > 0 && form.get("confirmIncomplete") !== "1") {
    return json(
      {
        error: `You have not answered ${unanswered.length === 1 ? "1 question" : `${unanswered.length} questions`}. Answer them, or submit anyway: unanswered questions score 0.`,
        unanswered,
        chosen,
      },
      { status: 400 },
    );
  }
  try {
    const result = submitAttempt(db(), attemptId, user.id, parsed.submission, new Date());
    if (!result) throw new Response("No such attempt", { status: 404 });
  } catch (error) {
    if (error instanceof SubmissionRejectedError) {
      return json(
        {
          error: `Your answers could not be recorded: ${error.message} Please reload the page and try again.`,
          unanswered: [],
          chosen,
        },
        { status: 400 },
      );
    }
    throw error;
  }
  return redirect(`/learn/attempts/${attemptId}`);
}

export default function AttemptPage() {
  const data = useLoaderData<typeof loader>();
  return data.mode === "form" && data.form ? (
    <AttemptForm form={data.form} />
  ) : data.result ? (
    <AttemptResult result={data.result} />
  ) : null;
}

type AttemptFormData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["form"]>;
type ResultData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["result"]>;

function AttemptForm({ form }: { form: AttemptFormData }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const chosen: Record<string, number[]> = actionData?.chosen ?? {};
  const unanswered = new Set(actionData?.unanswered ?? []);
  return (
    <div className="stack-lg reader">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/learn/modules/${form.module.slug}`}>{form.version.title}</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Assessment · pass mark {form.version.passMarkPercent}%</p>
        <h1>{form.version.title}</h1>
        <p className="muted">Answer every question, then submit. Your answers are graded when you submit.</p>
      </header>
      {actionData?.error ? (
        <p className="notice notice-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <Form method="post" className="stack-lg" replace>
        <ol className="question-list">
          {form.questions.map((q, index) => {
            const picked = new Set(chosen[String(q.id)] ?? []);
            return (
              <li key={q.id} className={`card question${unanswered.has(q.id) ? " question-missing" : ""}`}>
                <fieldset>
                  <legend>
                    <span className="eyebrow">
                      Question {index + 1} of {form.questions.length}
                      {q.kind === "multiple" ? " · choose all that apply" : ""}
                    </span>
                    <span
                      className="prose question-prompt"
                      dangerouslySetInnerHTML={{ __html: q.promptHtml }}
                    />
                  </legend>
                  <div className="choices">
                    {q.choices.map((c) => (
                      <label key={c.id} className="choice">
                        <input
                          type={q.kind === "multiple" ? "checkbox" : "radio"}
                          name={`q${q.id}`}
                          value={c.id}
                          defaultChecked={picked.has(c.id)}
                        />
                        <span>{c.text}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div className="reader-footer">
          <Link to={`/learn/modules/${form.module.slug}`} className="button">
            Back to the module
          </Link>
          <div className="button-row">
            {unanswered.size > 0 ? (
              <button type="submit" name="confirmIncomplete" value="1" className="button" disabled={busy}>
                Submit anyway
              </button>
            ) : null}
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? "Submitting…" : "Submit answers"}
            </button>
          </div>
        </div>
      </Form>
    </div>
  );
}

function AttemptResult({ result }: { result: ResultData }) {
  const correct = result.questions.filter((q) => q.credit === 1).length;
  return (
    <div className="stack-lg reader">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/learn/modules/${result.module.slug}`}>{result.version.title}</Link>
      </nav>
      <header className={`result-banner ${result.attempt.passed ? "result-pass" : "result-fail"}`}>
        <p className="eyebrow">Result · {formatDate(result.attempt.submittedAt)}</p>
        <h1>{result.attempt.passed ? "You passed" : "Not passed this time"}</h1>
        <p className="result-score">
          <strong>{result.attempt.scorePercent}%</strong> · {correct} of {result.questions.length} fully
          correct · pass mark {result.version.passMarkPercent}%
        </p>
      </header>

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

      {!result.attempt.passed ? (
        <p className="notice notice-warning">
          Review the feedback below and the lessons, then try again from the{" "}
          <Link to={`/learn/modules/${result.module.slug}`}>module page</Link>.
        </p>
      ) : null}

      <section aria-labelledby="feedback-title" className="stack">
        <h2 id="feedback-title">Feedback</h2>
        <ol className="question-list">
          {result.questions.map((q, index) => (
            <li key={q.id} className="card question">
              <p className="eyebrow">
                Question {index + 1} ·{" "}
                {q.credit === 1 ? (
                  <Badge tone="success">Correct</Badge>
                ) : q.credit > 0 ? (
                  <Badge tone="warning">Partly correct</Badge>
                ) : (
                  <Badge tone="danger">Incorrect</Badge>
                )}
              </p>
              <div className="prose question-prompt" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
              <ul className="feedback-list">
                {q.choices.map((c) => (
                  <li
                    key={c.id}
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
              {q.explanation ? <p className="explanation">{q.explanation}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Assessment · Partner Academy" }];
