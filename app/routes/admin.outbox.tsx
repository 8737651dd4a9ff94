import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FiltersSchema, ActionSchema } from "~/schemas/admin.outbox.server";
import { OUTBOX_STATUSES } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { describeSmtp } from "~/jobs/email.server";
import { jobStatus } from "~/jobs/runner.server";
import { listOutbox, outboxCounts, retryMessage } from "~/models/outbox.server";
import { formatDateTime } from "~/ui/format";
import { FilterBar, Notice, ResultNotice, SelectField, SubmitButton } from "~/ui/forms";
import { Badge, Stat } from "~/ui/status";
import { db } from "~/utils/db.server";
import { env, mailFrom, publicOrigin } from "~/utils/env.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filters = FiltersSchema.parse(raw);
  const config = env();
  return json({
    filters,
    counts: outboxCounts(db()),
    ...listOutbox(db(), filters),
    mail: {
      server: describeSmtp(config.SMTP_URL),
      from: mailFrom(config),
      origin: publicOrigin(config),
      originConfigured: Boolean(config.APP_ORIGIN),
      scheduler: config.JOBS_SCHEDULER,
    },
    jobs: jobStatus(db()),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const values = formValues(await readForm(request));
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  try {
    retryMessage(db(), parsed.data.id, new Date());
    return formSuccess("Queued again: it goes out with the next delivery run.");
  } catch (error) {
    return refusalFailure(error, { values });
  }
}

const TONE = { pending: "info", sending: "info", sent: "success", failed: "danger" } as const;

export default function Outbox() {
  const { filters, counts, messages, nextBefore, mail, jobs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Outbox</p>
        <h1>Messages and jobs</h1>
        <p className="lead">
          Every message the academy sends — invitations, reminders, digests — is queued here first and
          delivered by the mail job, with retries.
        </p>
      </header>
      {mail.server ? (
        <Notice tone="info">
          Mail goes out through <strong>{mail.server}</strong> from {mail.from}.
        </Notice>
      ) : (
        <Notice tone="warning">
          <strong>Mail is not configured</strong>: nothing is sent by email. Messages wait here (invitation
          links included, to pass on by hand) and everyone still sees their notifications in the app. Set{" "}
          <code>SMTP_URL</code> and <code>MAIL_FROM</code> to send them.
        </Notice>
      )}
      {mail.originConfigured ? null : (
        <Notice tone="warning">
          Links in messages point at <code>{mail.origin}</code>. Set <code>APP_ORIGIN</code> to the address
          people use.
        </Notice>
      )}
      <ResultNotice result={result} />

      <section className="stats" aria-label="Messages by state">
        <Stat label="Waiting" value={counts.pending + counts.sending} tone="info" />
        <Stat label="Sent" value={counts.sent} tone="success" />
        <Stat label="Failed" value={counts.failed} tone={counts.failed ? "danger" : undefined} />
      </section>

      <FilterBar label="Filter messages" clearTo="/admin/outbox">
        <SelectField
          name="status"
          label="State"
          emptyOption="Any"
          defaultValue={filters.status}
          options={OUTBOX_STATUSES.map((s) => ({ value: s, label: s }))}
        />
      </FilterBar>

      {messages.length === 0 ? (
        <p className="empty">No messages.</p>
      ) : (
        <ul className="list card" aria-label="Messages">
          {messages.map((m) => (
            <li key={m.id}>
              <details className="stack-sm">
                <summary>
                  <strong>{m.subject}</strong>{" "}
                  <span className="muted small">
                    to {m.recipient} · {formatDateTime(m.createdAt)}
                  </span>
                </summary>
                <pre className="message-body">{m.textBody}</pre>
                {m.lastError ? <p className="small field-error">Last error: {m.lastError}</p> : null}
              </details>
              <span className="button-row">
                <Badge tone={TONE[m.status]}>
                  {m.status}
                  {m.attempts > 0 && m.status !== "sent" ? ` · ${m.attempts} tries` : ""}
                </Badge>
                {m.status === "sent" && m.sentAt ? (
                  <span className="muted small">{formatDateTime(m.sentAt)}</span>
                ) : null}
                {m.status === "pending" && m.attempts > 0 ? (
                  <span className="muted small">next try {formatDateTime(m.nextAttemptAt)}</span>
                ) : null}
                {m.status === "failed" ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={m.id} />
                    <SubmitButton intent="retry" className="button button-quiet">
                      Retry
                    </SubmitButton>
                  </Form>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {nextBefore ? (
        <p>
          <Link
            to={`?${new URLSearchParams({ ...(filters.status ? { status: filters.status } : {}), before: String(nextBefore) })}`}
          >
            Older messages →
          </Link>
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="jobs-title">
        <h2 id="jobs-title" className="h3">
          Scheduled jobs
        </h2>
        <p className="small muted">
          {mail.scheduler ? (
            <>
              The server runs due jobs itself. Deployments that prefer cron run{" "}
              <code>npm run jobs -- --once</code> and set <code>JOBS_SCHEDULER=0</code>.
            </>
          ) : (
            <>
              <code>JOBS_SCHEDULER=0</code>: the server runs no jobs; cron runs{" "}
              <code>npm run jobs -- --once</code>.
            </>
          )}
        </p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Every</th>
                <th scope="col">Last run</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.name}>
                  <td>
                    <strong className="mono">{j.name}</strong>
                    <span className="muted small block">{j.description}</span>
                  </td>
                  <td>{j.everyMinutes === 1 ? "minute" : `${j.everyMinutes} min`}</td>
                  <td>{j.lastRun ? formatDateTime(j.lastRun.lastStartedAt) : "never"}</td>
                  <td>
                    {j.lastRun?.lastError ? (
                      <span className="field-error">{j.lastRun.lastError}</span>
                    ) : (
                      (j.lastRun?.lastSummary ?? "")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Outbox · Admin · Partner Academy" }];
