import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAuthor } from "~/auth/auth.server";
import { versionAnalytics } from "~/models/analytics.server";
import { getEditor } from "~/models/drafts.server";
import { db } from "~/utils/db.server";
import { idParam } from "~/utils/params";
import { Stat } from "~/ui/status";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const editor = getEditor(db(), moduleId);
  if (!editor) throw new Response("No such module", { status: 404 });
  const requested = Number(new URL(request.url).searchParams.get("version"));
  const version = editor.versions.find((v) => v.versionNumber === requested) ?? editor.versions[0];
  if (!version)
    throw new Response("This module has not been published yet: there is nothing to analyse.", {
      status: 404,
    });
  return json({
    moduleId,
    title: version.title,
    versions: editor.versions.map((v) => v.versionNumber),
    versionNumber: version.versionNumber,
    stats: versionAnalytics(db(), version.id),
  });
}

export default function Analytics() {
  const { moduleId, title, versions, versionNumber, stats } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/author">Authoring</Link> <span aria-hidden="true">/</span>{" "}
        <Link to={`/author/modules/${moduleId}`}>{title}</Link>
      </nav>
      <header className="page-header with-actions">
        <div>
          <p className="eyebrow">Analytics · version {versionNumber}</p>
          <h1>{title}</h1>
        </div>
        {versions.length > 1 ? (
          <nav aria-label="Versions" className="tabs">
            {versions.map((v) => (
              <Link key={v} to={`?version=${v}`} aria-current={v === versionNumber ? "page" : undefined}>
                v{v}
              </Link>
            ))}
          </nav>
        ) : null}
      </header>
      <section className="stats" aria-label="Figures">
        <Stat label="Enrolled" value={stats.enrolled} />
        <Stat label="In progress" value={stats.inProgress} tone="info" />
        <Stat
          label="Completed"
          value={stats.completed}
          tone="success"
          hint={
            stats.medianDaysToComplete !== null
              ? `median ${stats.medianDaysToComplete} days to complete`
              : undefined
          }
        />
        <Stat
          label="First-attempt pass rate (%)"
          value={stats.firstAttemptPassRate ?? 0}
          hint={
            stats.firstAttemptPassRate === null
              ? "no attempts yet"
              : `average score ${stats.averageScore}% over ${stats.attempts} attempts`
          }
        />
      </section>
      <section className="card stack" aria-labelledby="hardest-title">
        <h2 id="hardest-title" className="h3">
          Hardest questions
        </h2>
        {stats.hardest.length === 0 ? (
          <p className="empty">No submitted attempts yet.</p>
        ) : (
          <ol className="question-stats">
            {stats.hardest.map((q) => {
              const total = q.choices.reduce((n, c) => n + c.picked, 0) || 1;
              return (
                <li key={q.id}>
                  <p>
                    <strong>{q.title ?? `Question ${q.position}`}</strong> — {q.percentCorrect}% answered
                    fully correctly ({q.answers} answers)
                  </p>
                  <p className="muted small">{q.prompt}</p>
                  <ul className="bars" aria-label="How often each answer was chosen">
                    {q.choices.map((c) => (
                      <li key={c.id}>
                        <span className="bar-label">
                          {c.isCorrect ? "✓ " : ""}
                          {c.text}
                        </span>
                        <span className="bar-track" aria-hidden="true">
                          <span
                            className={`bar-fill${c.isCorrect ? " bar-correct" : ""}`}
                            style={{ width: `${Math.round((c.picked / total) * 100)}%` }}
                          />
                        </span>
                        <span className="bar-value">{c.picked}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Module analytics · Partner Academy" }];
