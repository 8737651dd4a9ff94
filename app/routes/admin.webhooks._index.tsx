import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CreateSchema } from "~/schemas/admin.webhooks._index.server";
import { WEBHOOK_EVENTS } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { createEndpoint, listEndpoints } from "~/models/webhooks.server";
import { formatDate } from "~/ui/format";
import { CheckboxGroup, Field, Notice, ResultNotice, SubmitButton } from "~/ui/forms";
import { Badge } from "~/ui/status";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { IntegrationsNav } from "~/ui/admin/integrations-nav";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ endpoints: listEndpoints(db()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const values = formValues(await readForm(request), ["events"]);
  const parsed = CreateSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  try {
    const created = createEndpoint(db(), parsed.data, admin.id, new Date());
    return formSuccess(`Endpoint registered.`, { secret: created.secret, endpointId: created.id });
  } catch (error) {
    return refusalFailure(error, { values });
  }
}

export default function Webhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const secret = result?.ok && "secret" in result && typeof result.secret === "string" ? result.secret : null;
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Integrations</p>
        <h1>Webhooks</h1>
        <IntegrationsNav />
        <p className="lead">
          Partner systems are told when certifications are issued, renewed, expiring, expired or revoked, when
          assignments start, end, go into grace or lapse, and when a person is disabled. Every request is
          signed (Standard Webhooks) and retried until the receiver answers 2xx.
        </p>
      </header>
      {secret ? (
        <Notice tone="success">
          <p>
            <strong>Endpoint registered. Copy its signing secret now:</strong> it is shown only this once.
          </p>
          <p>
            <code className="token-once" aria-label="Signing secret">
              {secret}
            </code>
          </p>
        </Notice>
      ) : (
        <ResultNotice result={result} />
      )}

      <section className="card stack" aria-labelledby="new-endpoint">
        <h2 id="new-endpoint" className="h3">
          Register an endpoint
        </h2>
        <Form method="post" className="stack">
          <Field
            name="url"
            label="URL"
            type="url"
            placeholder="https://prm.example.com/hooks/academy"
            result={result}
            required
          />
          <Field
            name="description"
            label="Description"
            hint="Optional: which system receives it."
            result={result}
          />
          <CheckboxGroup
            name="events"
            legend="Events"
            options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: e }))}
            result={result}
          />
          <SubmitButton>Register endpoint</SubmitButton>
        </Form>
      </section>

      {endpoints.length === 0 ? (
        <p className="empty">No endpoints yet.</p>
      ) : (
        <ul className="list card" aria-label="Endpoints">
          {endpoints.map((e) => (
            <li key={e.id}>
              <span className="stack-sm">
                <Link to={`/admin/webhooks/${e.id}`}>
                  <strong className="mono">{e.url}</strong>
                </Link>
                <span className="muted small">
                  {e.description ? `${e.description} · ` : ""}
                  {e.events.join(", ")} · since {formatDate(e.createdAt)}
                </span>
              </span>
              {e.disabledAt ? (
                <Badge tone="danger">disabled</Badge>
              ) : e.consecutiveFailures > 0 ? (
                <Badge tone="warning">{e.consecutiveFailures} failures in a row</Badge>
              ) : (
                <Badge tone="success">active</Badge>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Webhooks · Admin · Partner Academy" }];
