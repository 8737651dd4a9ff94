import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionSchema } from "~/schemas/learn.modules.$slug._index.server";
import { requireRole } from "~/auth/auth.server";
import { attemptAllowance, listAttempts, startAttempt } from "~/models/attempts.server";
import { isPastDeadline } from "~/models/attempt-items.server";
import { getModulePage } from "~/models/learning.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { slugParam } from "~/utils/params";
import { isRefusal } from "~/utils/refusal";
import { formatDate, formatDateTime } from "~/ui/format";
import { Badge, ProgressBar } from "~/ui/status";
import { Notice, ResultNotice } from "~/ui/forms";
import { formFailure } from "~/utils/form-result.server";

function parseParams(params: Record<string, string | undefined>) {
  return { slug: slugParam(params, "slug", "module") };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  const { slug } = parseParams(params);
  const page = getModulePage(db(), user.id, slug);
  if (!page) throw new Response("No such module", { status: 404 });
  const now = new Date();
  return json({
    module: { slug: page.module.slug },
    version: {
      title: page.version.title,
      summary: page.version.summary,
      introHtml: page.version.introHtml,
      minutes: page.version.minutes,
      passMarkPercent: page.version.passMarkPercent,
      versionNumber: page.version.versionNumber,
      formSize: Math.min(page.version.formSize, page.questionCount),
      timeLimitMinutes: page.version.timeLimitMinutes,
      revealPolicy: page.version.revealPolicy,
    },
    technology: page.technology,
    competencies: page.competencies,
    lessons: page.lessons,
    newerVersionPublished:
      page.newerVersionPublished && page.enrollment !== null && !page.enrollment.completedAt,
    allowance: attemptAllowance(db(), user.id, page.module.id, page.version.maxAttemptsPerDay, now),
    attempts: listAttempts(db(), user.id, page.module.id)
      .slice(0, 10)
      .map(({ deadlineAt, ...a }) => ({ ...a, timeUp: !a.submittedAt && isPastDeadline(deadlineAt, now) })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "learner");
  const { slug } = parseParams(params);
  const form = ActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!form.success) return formFailure({ message: "Unknown action." });
  try {
    const attemptId = startAttempt(db(), user.id, slug, new Date());
    return redirect(`/learn/attempts/${attemptId}`);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    if (error.kind === "not-found") throw new Response(error.message, { status: 404 });
    const next = error.details?.nextAllowedAt;
    return formFailure(
      {
        message:
          typeof next === "string"
            ? `You have used today's attempts. Your next attempt opens ${formatDateTime(next)}.`
            : error.message,
      },
      error.status,
    );
  }
}

export default function ModulePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const done = data.lessons.filter((l) => l.completed).length;
  const next = data.lessons.find((l) => !l.completed) ?? data.lessons[0];
  const passed = data.attempts.some((a) => a.passed);
  const open = data.attempts.find((a) => !a.submittedAt);
  const blocked = data.allowance.nextAllowedAt !== null && !open;

  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/learn/catalog">Catalog</Link> <span aria-hidden="true">/</span>{" "}
        <span>{data.technology.name}</span>
      </nav>
      <header className="page-header">
        <p className="eyebrow">
          {data.technology.name} · {data.version.minutes} min · version {data.version.versionNumber}
        </p>
        <h1>{data.version.title}</h1>
        <p className="lead">{data.version.summary}</p>
        <ul className="chip-list" aria-label="Competencies taught">
          {data.competencies.map((c) => (
            <li key={c.id} className="chip chip-small">
              {c.name}
            </li>
          ))}
        </ul>
      </header>

      {data.newerVersionPublished ? (
        <Notice tone="info">
          A newer version of this module has been published. You keep the version you started until you pass
          it.
        </Notice>
      ) : null}

      {data.version.introHtml ? (
        <div className="prose intro" dangerouslySetInnerHTML={{ __html: data.version.introHtml }} />
      ) : null}

      <div className="module-layout">
        <section aria-labelledby="lessons-title" className="card stack">
          <div className="program-head">
            <h2 id="lessons-title" className="h3">
              Lessons
            </h2>
            <span className="muted small">
              {done} of {data.lessons.length} done
            </span>
          </div>
          <ProgressBar value={done} max={data.lessons.length} label="Lessons completed" />
          <ol className="lesson-list">
            {data.lessons.map((l) => (
              <li key={l.id} className={l.completed ? "lesson-done" : undefined}>
                <Link to={`lessons/${l.position}`}>{l.title}</Link>
                <span className="muted small">
                  {l.completed ? <Badge tone="success">Done</Badge> : `${l.minutes} min`}
                </span>
              </li>
            ))}
          </ol>
          {next ? (
            <Link to={`lessons/${next.position}`} className="button button-primary">
              {done === 0
                ? "Start the first lesson"
                : done === data.lessons.length
                  ? "Read again"
                  : `Resume: ${next.title}`}
            </Link>
          ) : null}
        </section>

        <aside aria-labelledby="assessment-title" className="card stack">
          <h2 id="assessment-title" className="h3">
            Assessment
          </h2>
          <ul className="exam-rules small">
            <li>
              {data.version.formSize} questions drawn for each attempt · pass mark{" "}
              {data.version.passMarkPercent}%
            </li>
            <li>
              {data.version.timeLimitMinutes
                ? `${data.version.timeLimitMinutes} minutes, counted by the server from the start; answers saved before the end are graded`
                : "No time limit"}
            </li>
            <li>
              {data.allowance.maxPerDay} attempts per 24 hours; a retake asks different questions where the
              bank allows
            </li>
            <li>
              {data.version.revealPolicy === "after-pass"
                ? "Right answers are shown after a pass; a failed attempt shows your score per competency, the questions you missed and the lessons to revisit"
                : "Right answers are never shown; every result shows your score per competency, the questions you missed and the lessons to revisit"}
            </li>
          </ul>
          {passed ? <Badge tone="success">You passed this module</Badge> : null}
          <ResultNotice result={actionData} />
          {blocked && data.allowance.nextAllowedAt ? (
            <Notice tone="warning">
              You have used today&rsquo;s {data.allowance.maxPerDay} attempts. Your next attempt opens{" "}
              {formatDateTime(data.allowance.nextAllowedAt)}.
            </Notice>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="start-attempt" />
              <button
                type="submit"
                className="button button-primary button-block"
                disabled={navigation.state !== "idle"}
              >
                {open
                  ? open.timeUp
                    ? "Time is up: see the result"
                    : "Continue your attempt"
                  : passed
                    ? "Take it again"
                    : "Start the assessment"}
              </button>
              {!open ? (
                <p className="muted small">
                  {data.allowance.maxPerDay - data.allowance.usedToday} of {data.allowance.maxPerDay} attempts
                  left today
                </p>
              ) : null}
            </Form>
          )}
          {data.attempts.some((a) => a.submittedAt) ? (
            <div>
              <h3 className="h4">Your attempts</h3>
              <ul className="list">
                {data.attempts
                  .filter((a) => a.submittedAt)
                  .map((a) => (
                    <li key={a.id}>
                      <Link to={`/learn/attempts/${a.id}`}>
                        {a.submittedAt ? formatDate(a.submittedAt) : ""}
                      </Link>
                      {a.timedOut ? <span className="muted small"> time ran out</span> : null}
                      <span>
                        {a.scorePercent}%{" "}
                        {a.passed ? (
                          <Badge tone="success">Passed</Badge>
                        ) : (
                          <Badge tone="danger">Not passed</Badge>
                        )}
                      </span>
                    </li>
                  ))}
              </ul>
            </div>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.version.title ?? "Module"} · Partner Academy` },
];
