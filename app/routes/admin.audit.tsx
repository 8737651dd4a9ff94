import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FiltersSchema } from "~/schemas/admin.audit.server";
import { requireRole } from "~/auth/auth.server";
import { auditActions, listAudit } from "~/models/audit.server";
import { Field, FilterBar, SelectField } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/ui/format";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filters = FiltersSchema.parse(raw);
  const result = listAudit(db(), {
    ...filters,
    from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
    to: filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
  });
  return json({ filters, actions: auditActions(db()), ...result });
}

export default function AuditLog() {
  const { filters, actions, events, nextBefore } = useLoaderData<typeof loader>();
  const olderLink = () => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters))
      if (v !== undefined && k !== "before") params.set(k, String(v));
    if (nextBefore) params.set("before", String(nextBefore));
    return `?${params}`;
  };
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Audit log</p>
        <h1>Audit log</h1>
        <p className="lead">
          Every grant, revocation, attestation, assignment, publication, role change, invitation and import:
          who, when, what and why. Append-only.
        </p>
      </header>
      <FilterBar label="Filter the audit log" clearTo="/admin/audit">
        <SelectField
          name="action"
          label="Action"
          emptyOption="All actions"
          options={actions.map((a) => ({ value: a, label: a }))}
          defaultValue={filters.action}
        />
        <Field name="personId" label="Person id" type="number" min={1} defaultValue={filters.personId} />
        <Field name="from" label="From" type="date" defaultValue={filters.from} />
        <Field name="to" label="To" type="date" defaultValue={filters.to} />
        {filters.actorId ? <input type="hidden" name="actorId" value={filters.actorId} /> : null}
      </FilterBar>
      {events.length === 0 ? (
        <p className="empty">No events match.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">About</th>
                <th scope="col">Why / details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>
                    {e.actorId ? (
                      <Link to={`?actorId=${e.actorId}`}>{e.actor}</Link>
                    ) : (
                      <span className="muted">system</span>
                    )}
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.subjectId ? (
                      <Link to={`/admin/people/${e.subjectId}`}>{e.subject}</Link>
                    ) : e.entityType ? (
                      `${e.entityType} #${e.entityId}`
                    ) : (
                      ""
                    )}
                  </td>
                  <td className="small">
                    {e.reason ? <span>{e.reason}</span> : null}
                    {e.details ? <span className="muted block mono">{JSON.stringify(e.details)}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <nav aria-label="Pages" className="pager">
          <span />
          <Link to={olderLink()}>Older events →</Link>
        </nav>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Partner Academy" }];
