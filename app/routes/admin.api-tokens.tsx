import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionSchema } from "~/schemas/admin.api-tokens.server";
import { API_SCOPES } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { addDays } from "~/domain/time";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-tokens.server";
import { formatDate, formatDateTime } from "~/ui/format";
import { CheckboxGroup, Field, Notice, ResultNotice, SubmitButton } from "~/ui/forms";
import { Badge } from "~/ui/status";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { IntegrationsNav } from "~/ui/admin/integrations-nav";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ tokens: listApiTokens(db()), now: new Date() });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const values = formValues(await readForm(request), ["scopes"]);
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, String(values.intent ?? ""));
  const now = new Date();
  try {
    if (parsed.data.intent === "revoke") {
      revokeApiToken(db(), parsed.data.id, admin.id, now);
      return formSuccess("Token revoked: requests with it are refused from now on.", { intent: "revoke" });
    }
    const { expiresInDays } = parsed.data;
    const created = createApiToken(
      db(),
      {
        name: parsed.data.name,
        scopes: parsed.data.scopes,
        expiresAt: typeof expiresInDays === "number" ? addDays(now, expiresInDays) : null,
      },
      admin.id,
      now,
    );
    return formSuccess(`Token “${created.name}” created.`, { intent: "create", token: created.token });
  } catch (error) {
    return refusalFailure(error, { values, intent: parsed.data.intent });
  }
}

const SCOPE_HELP: Record<(typeof API_SCOPES)[number], string> = {
  "people:read": "people:read — read people",
  "certifications:read": "certifications:read — certifications, programs, credential checks",
  "coverage:read": "coverage:read — assignments and coverage",
  "assignments:write": "assignments:write — assign and end specialists (gated, audited)",
  "people:write": "people:write — create and update people (audited)",
  "webhooks:manage": "webhooks:manage — register webhook endpoints",
};

export default function ApiTokens() {
  const { tokens, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const created = result?.ok && "token" in result && typeof result.token === "string" ? result.token : null;
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Integrations</p>
        <h1>API tokens</h1>
        <IntegrationsNav />
        <p className="lead">
          Partner systems (PRM, CRM, HR) read and write through the{" "}
          <Link to="/api/v1/reference">REST API</Link> with a token. Give each system its own token with only
          the scopes it needs.
        </p>
      </header>
      <ResultNotice result={result} intent="revoke" />
      {created ? (
        <Notice tone="success">
          <p>
            <strong>Copy the token now:</strong> it is shown only this once (only its hash is stored).
          </p>
          <p>
            <code className="token-once" aria-label="New API token">
              {created}
            </code>
          </p>
        </Notice>
      ) : (
        <ResultNotice result={result} intent="create" />
      )}

      <section className="card stack" aria-labelledby="new-token">
        <h2 id="new-token" className="h3">
          New token
        </h2>
        <Form method="post" className="stack">
          <Field
            name="name"
            label="Name"
            hint="Which system uses it, e.g. “PRM sync”."
            result={result}
            required
          />
          <CheckboxGroup
            name="scopes"
            legend="Scopes"
            options={API_SCOPES.map((s) => ({ value: s, label: SCOPE_HELP[s] }))}
            result={result}
          />
          <Field
            name="expiresInDays"
            label="Expires after (days)"
            hint="Leave empty for a token that does not expire."
            type="number"
            min={1}
            max={3650}
            result={result}
          />
          <SubmitButton intent="create">Create token</SubmitButton>
        </Form>
      </section>

      {tokens.length === 0 ? (
        <p className="empty">No tokens yet.</p>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="visually-hidden">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => {
                const expired = t.expiresAt !== null && new Date(t.expiresAt) <= new Date(now);
                return (
                  <tr key={t.id}>
                    <td>
                      <strong>{t.name}</strong>
                      <span className="muted small block">
                        <code>{t.prefix}…</code> ·{" "}
                        {t.createdBy ? `by ${t.createdBy}` : "from the command line"},{" "}
                        {formatDate(t.createdAt)}
                      </span>
                    </td>
                    <td className="small">{t.scopes.join(", ")}</td>
                    <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</td>
                    <td>
                      {t.revokedAt ? (
                        <Badge tone="danger">revoked</Badge>
                      ) : expired ? (
                        <Badge tone="warning">expired</Badge>
                      ) : (
                        <Badge tone="success">
                          active{t.expiresAt ? ` · until ${formatDate(t.expiresAt)}` : ""}
                        </Badge>
                      )}
                    </td>
                    <td>
                      {t.revokedAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="id" value={t.id} />
                          <SubmitButton
                            intent="revoke"
                            className="button button-quiet"
                            aria-label={`Revoke ${t.name}`}
                          >
                            Revoke
                          </SubmitButton>
                        </Form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "API tokens · Admin · Partner Academy" }];
