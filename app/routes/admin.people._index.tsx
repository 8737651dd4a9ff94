import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FiltersSchema } from "~/schemas/admin.people._index.server";
import { ROLE_LABELS, ROLES } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { INACTIVE_FILTERS, listPeople, peopleFacets } from "~/models/people.server";
import { Field, FilterBar, SelectField } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { Pager } from "~/ui/pager";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filters = FiltersSchema.parse({ page: 1, ...raw });
  return json({ filters, facets: peopleFacets(db()), result: listPeople(db(), filters, new Date()) });
}

const INACTIVE_LABEL = {
  "30": "Not in 30 days",
  "90": "Not in 90 days",
  "180": "Not in 180 days",
  "365": "Not in a year",
  never: "Never signed in",
} as const;

const STATUS_LABEL = {
  certified: "Certified",
  expiring: "Expiring within 30 days",
  expired: "Expired",
  none: "Never certified",
} as const;

export default function People() {
  const { filters, facets, result } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <header className="page-header with-actions">
        <div>
          <p className="eyebrow">People</p>
          <h1>People</h1>
        </div>
        <div className="button-row">
          <Link to="import" className="button">
            Import CSV
          </Link>
          <Link to="invite" className="button button-primary">
            Invite someone
          </Link>
        </div>
      </header>
      <FilterBar label="Filter people" clearTo="/admin/people">
        <Field name="q" label="Search" type="search" defaultValue={filters.q} placeholder="Name or email" />
        <SelectField
          name="territoryId"
          label="Territory"
          emptyOption="All"
          options={facets.territories.map((t) => ({ value: t.id, label: t.name }))}
          defaultValue={filters.territoryId}
        />
        <SelectField
          name="role"
          label="Role"
          emptyOption="All"
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          defaultValue={filters.role}
        />
        <SelectField
          name="status"
          label="Certification"
          emptyOption="Any"
          options={Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label }))}
          defaultValue={filters.status}
        />
        <SelectField
          name="technologyId"
          label="Technology"
          emptyOption="Any"
          options={facets.technologies.map((t) => ({ value: t.id, label: t.name }))}
          defaultValue={filters.technologyId}
        />
        <SelectField
          name="inactive"
          label="Last sign-in"
          emptyOption="Any time"
          options={INACTIVE_FILTERS.map((value) => ({ value, label: INACTIVE_LABEL[value] }))}
          defaultValue={filters.inactive}
        />
      </FilterBar>
      <section aria-labelledby="people-count" className="stack">
        <h2 id="people-count" className="h3">
          {result.total.toLocaleString("en-GB")} {result.total === 1 ? "person" : "people"}
        </h2>
        {result.people.length === 0 ? (
          <p className="empty">Nobody matches these filters.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Territory</th>
                  <th scope="col">Roles</th>
                  <th scope="col" className="num">
                    Active certifications
                  </th>
                  <th scope="col">Next expiry</th>
                  <th scope="col">Last sign-in</th>
                </tr>
              </thead>
              <tbody>
                {result.people.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`${p.id}`}>{p.name}</Link>
                      <span className="muted small block">{p.email}</span>
                      {p.disabledAt ? <Badge tone="danger">Disabled</Badge> : null}
                    </td>
                    <td>{p.territory ?? "—"}</td>
                    <td>{p.roles.join(", ")}</td>
                    <td className="num">{p.activeCertifications}</td>
                    <td>{p.nextExpiry ? formatDate(new Date(p.nextExpiry)) : "—"}</td>
                    <td>
                      {p.lastSignInAt ? formatDate(p.lastSignInAt) : <span className="muted">Never</span>}
                      {p.sso ? <span className="muted small block">single sign-on</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={result.page} pageCount={result.pageCount} filters={filters} />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "People · Admin · Partner Academy" }];
