import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FiltersSchema } from "~/schemas/admin.plans._index.server";
import { requireRole } from "~/auth/auth.server";
import { PLAN_STATES } from "~/domain/plans";
import { listPlans, planFacets } from "~/models/plans.server";
import { formatDate } from "~/ui/format";
import { FilterBar, SelectField } from "~/ui/forms";
import { PLAN_STATE_LABEL, PlanBadge, PlanProgress, planTitle } from "~/ui/plans";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filters = FiltersSchema.parse(raw);
  const view = listPlans(db(), filters, new Date());
  return json({
    filters,
    facets: planFacets(db()),
    plans: view.plans.map((p) => ({
      id: p.id,
      userId: p.userId,
      person: p.person,
      program: p.program,
      territory: p.territory,
      dueOn: p.dueOn,
      nominatedBy: p.nominatedBy,
      outcome: p.outcome,
      competencies: p.competencies,
      minutes: p.minutes,
      standing: p.standing,
    })),
    truncated: view.truncated,
    byProgram: view.byProgram,
    byTerritory: view.byTerritory,
  });
}

const COUNTED = ["on-track", "at-risk", "overdue", "completed"] as const;

function Tally({
  title,
  rows,
  param,
  ids,
}: {
  title: string;
  rows: { name: string; counts: Record<(typeof PLAN_STATES)[number], number> }[];
  param: "programId" | "territoryId";
  ids: Map<string, number>;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={title}>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            {COUNTED.map((s) => (
              <th key={s} scope="col" className="num">
                {PLAN_STATE_LABEL[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>{ids.has(r.name) ? <Link to={`?${param}=${ids.get(r.name)}`}>{r.name}</Link> : r.name}</td>
              {COUNTED.map((s) => (
                <td key={s} className="num">
                  {r.counts[s] || <span className="muted">0</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Plans() {
  const { filters, facets, plans, truncated, byProgram, byTerritory } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <header className="page-header with-actions">
        <div>
          <p className="eyebrow">Learning plans</p>
          <h1>Learning plans</h1>
          <p className="lead">
            Who is in training for which program and seat, and whether they will make it by the due date.
          </p>
        </div>
        <div className="button-row">
          <Link to="templates" className="button">
            Templates
          </Link>
          <Link to="nominate" className="button button-primary">
            Nominate people
          </Link>
        </div>
      </header>

      <FilterBar label="Filter plans" clearTo="/admin/plans" autoSubmit>
        <SelectField
          name="programId"
          label="Program"
          options={facets.programs.map((p) => ({ value: p.id, label: p.name }))}
          emptyOption="All"
          defaultValue={filters.programId}
        />
        <SelectField
          name="territoryId"
          label="Target territory"
          options={facets.territories.map((t) => ({ value: t.id, label: t.name }))}
          emptyOption="All"
          defaultValue={filters.territoryId}
        />
        <SelectField
          name="state"
          label="Standing"
          options={PLAN_STATES.map((s) => ({ value: s, label: PLAN_STATE_LABEL[s] }))}
          emptyOption="Open and completed"
          defaultValue={filters.state}
        />
      </FilterBar>

      {byProgram.length > 0 ? (
        <section className="plan-tallies" aria-label="Plans by program and territory">
          <Tally
            title="Program"
            rows={byProgram}
            param="programId"
            ids={new Map(facets.programs.map((p) => [p.name, p.id]))}
          />
          <Tally
            title="Territory"
            rows={byTerritory}
            param="territoryId"
            ids={new Map(facets.territories.map((t) => [t.name, t.id]))}
          />
        </section>
      ) : null}

      <section aria-labelledby="plans-title" className="stack">
        <h2 id="plans-title">
          {plans.length} plan{plans.length === 1 ? "" : "s"}
          {filters.state ? ` · ${PLAN_STATE_LABEL[filters.state]}` : ""}
        </h2>
        {truncated ? (
          <p className="notice notice-info small">
            Showing the first 500 by due date: filter to see the others.
          </p>
        ) : null}
        {plans.length === 0 ? (
          <p className="empty">
            No plans here. Nominate people from a <Link to="/admin/coverage">coverage cell</Link>, a
            person&rsquo;s record, or <Link to="nominate">in bulk</Link>.
          </p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Plans">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Plan</th>
                  <th scope="col">Due</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Standing</th>
                </tr>
              </thead>
              <tbody>
                {plans.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`${p.id}`}>
                        <strong>{p.person}</strong>
                      </Link>
                      {p.nominatedBy ? <span className="muted small block">by {p.nominatedBy}</span> : null}
                    </td>
                    <td>{planTitle(p)}</td>
                    <td>{formatDate(p.dueOn)}</td>
                    <td>
                      <PlanProgress plan={p} label={`${p.person}: competencies held`} bar={false} />
                    </td>
                    <td>
                      <PlanBadge standing={p.standing} />
                      {p.outcome ? (
                        <span className="muted small block">
                          {p.outcome === "assigned" ? "Assigned to the seat" : "Closed"}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Learning plans · Admin · Partner Academy" }];
