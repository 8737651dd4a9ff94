import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OPERATIONS, openApiDocument } from "~/api/openapi.server";

/** The API reference, readable: built from the same document as /api/v1/openapi.json (public). */
export function loader() {
  const doc = openApiDocument() as { components: { schemas: Record<string, unknown> } };
  return json({
    operations: OPERATIONS.map((op) => ({
      method: op.method.toUpperCase(),
      path: `/api/v1${op.path}`,
      summary: op.summary,
      scope: op.scope,
      query: op.query ? Object.keys(op.query.shape) : [],
      body: op.body ?? null,
      ok: Object.entries(op.ok).map(([status, schema]) => `${status}${schema ? ` ${schema}` : ""}`),
      conflict: op.conflict ?? null,
    })),
    schemas: Object.entries(doc.components.schemas).map(([name, schema]) => ({
      name,
      json: JSON.stringify(schema, null, 2),
    })),
  });
}

export default function ApiReference() {
  const { operations, schemas } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Integrations</p>
        <h1>API reference</h1>
        <p className="lead">
          JSON over HTTPS at <code>/api/v1</code>, with <code>Authorization: Bearer &lt;token&gt;</code>{" "}
          (admins create tokens under Admin → API tokens). Errors are problem details (RFC 9457). Lists are
          paged: pass <code>nextCursor</code> back as <code>cursor</code>. The machine-readable contract is{" "}
          <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1).
        </p>
      </header>
      <section className="card stack" aria-labelledby="common">
        <h2 id="common" className="h3">
          Every endpoint
        </h2>
        <ul className="small">
          <li>
            401 for a missing, wrong, expired or revoked token; 403 when it lacks the scope named below.
          </li>
          <li>
            429 with <code>Retry-After</code> past the per-token rate limit; 413 for an oversized body.
          </li>
          <li>
            Cookies never authenticate the API. Writes are audited with the token&apos;s name. Webhook events
            are documented in the <Link to="/admin/webhooks">webhooks</Link> page and the document&apos;s{" "}
            <code>webhooks</code> section.
          </li>
        </ul>
      </section>
      <div className="table-wrap card">
        <table>
          <caption className="visually-hidden">Endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">Scope</th>
              <th scope="col">Input</th>
              <th scope="col">Answers</th>
            </tr>
          </thead>
          <tbody>
            {operations.map((op) => (
              <tr key={`${op.method} ${op.path}`}>
                <td>
                  <code>
                    {op.method} {op.path}
                  </code>
                  <span className="muted small block">{op.summary}</span>
                </td>
                <td>
                  <code>{op.scope}</code>
                </td>
                <td className="small">
                  {op.query.length > 0 ? <span className="block">query: {op.query.join(", ")}</span> : null}
                  {op.body ? <span className="block">body: {op.body}</span> : null}
                </td>
                <td className="small">
                  {op.ok.join(", ")}
                  {op.conflict ? <span className="block">409 {op.conflict}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="stack" aria-labelledby="schemas">
        <h2 id="schemas" className="h3">
          Schemas
        </h2>
        {schemas.map((s) => (
          <details key={s.name} className="card">
            <summary>
              <strong>{s.name}</strong>
            </summary>
            <pre className="message-body">{s.json}</pre>
          </details>
        ))}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "API reference · Partner Academy" }];
