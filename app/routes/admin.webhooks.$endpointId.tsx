import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionSchema } from "~/schemas/admin.webhooks.$endpointId.server";
import { requireRole } from "~/auth/auth.server";
import { listDeliveries, resendDelivery } from "~/models/webhook-deliveries.server";
import { deleteEndpoint, enableEndpoint, getEndpoint } from "~/models/webhooks.server";
import { formatDateTime } from "~/ui/format";
import { Notice, ResultNotice, SubmitButton } from "~/ui/forms";
import { Badge } from "~/ui/status";
import { db } from "~/utils/db.server";
import {
  formSuccess,
  formValues,
  refusalFailure,
  refusalResponse,
  zodFailure,
} from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const id = idParam(params, "endpointId", "endpoint");
  try {
    return json({ endpoint: getEndpoint(db(), id), deliveries: listDeliveries(db(), id) });
  } catch (error) {
    refusalResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const id = idParam(params, "endpointId", "endpoint");
  const values = formValues(await readForm(request));
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  const now = new Date();
  try {
    if (parsed.data.intent === "delete") {
      deleteEndpoint(db(), id, admin.id, now);
      return redirect("/admin/webhooks");
    }
    if (parsed.data.intent === "enable") {
      enableEndpoint(db(), id, admin.id, now);
      return formSuccess("Endpoint enabled: deliveries start again with the next run.");
    }
    resendDelivery(db(), id, parsed.data.deliveryId, admin.id, now);
    return formSuccess("Queued again, with the same webhook-id: it goes out with the next delivery run.");
  } catch (error) {
    return refusalFailure(error, { values });
  }
}

const TONE = { pending: "info", sending: "info", sent: "success", failed: "danger" } as const;

export default function WebhookEndpoint() {
  const { endpoint, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/admin/webhooks">Webhooks</Link>
        </p>
        <h1>{endpoint.description ?? "Webhook endpoint"}</h1>
        <p className="lead">
          <code>{endpoint.url}</code>
          <span className="block small muted">Events: {endpoint.events.join(", ")}</span>
        </p>
      </header>
      <ResultNotice result={result} />
      {endpoint.disabledAt ? (
        <Notice tone="warning">
          <p>
            <strong>Disabled</strong> on {formatDateTime(endpoint.disabledAt)}: {endpoint.disabledReason}.
            Nothing is sent to it until it is enabled again.
          </p>
          <Form method="post">
            <SubmitButton intent="enable">Enable again</SubmitButton>
          </Form>
        </Notice>
      ) : null}

      <section className="stack" aria-labelledby="log">
        <h2 id="log" className="h3">
          Delivery log
        </h2>
        {deliveries.length === 0 ? (
          <p className="empty">Nothing sent yet.</p>
        ) : (
          <div className="table-wrap card">
            <table>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">State</th>
                  <th scope="col">Response</th>
                  <th scope="col">Latency</th>
                  <th scope="col">Next try</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <strong>{d.type}</strong>
                      <span className="muted small block mono">{d.webhookId}</span>
                      <span className="muted small block">{formatDateTime(d.createdAt)}</span>
                    </td>
                    <td>
                      <Badge tone={TONE[d.status]}>
                        {d.status}
                        {d.attempts > 1 ? ` · ${d.attempts} tries` : ""}
                      </Badge>
                      {d.lastError ? <span className="small field-error block">{d.lastError}</span> : null}
                    </td>
                    <td>{d.responseCode ?? "—"}</td>
                    <td>{d.latencyMs === null ? "—" : `${d.latencyMs} ms`}</td>
                    <td>
                      {d.status === "pending" && d.attempts > 0 ? formatDateTime(d.nextAttemptAt) : "—"}
                    </td>
                    <td>
                      {d.status === "sent" || d.status === "failed" ? (
                        <Form method="post">
                          <input type="hidden" name="deliveryId" value={d.id} />
                          <SubmitButton
                            intent="resend"
                            className="button button-quiet"
                            aria-label={`Resend ${d.type} ${d.id}`}
                          >
                            Resend
                          </SubmitButton>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card stack" aria-labelledby="danger">
        <h2 id="danger" className="h3">
          Delete this endpoint
        </h2>
        <p className="small muted">It receives nothing more; messages still queued for it are dropped.</p>
        <Form method="post">
          <SubmitButton intent="delete" className="button button-danger">
            Delete endpoint
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Webhook endpoint · Admin · Partner Academy" }];
