import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FiltersSchema } from "~/schemas/learn.catalog.server";
import { requireRole } from "~/auth/auth.server";
import { getCatalog, getCatalogFacets } from "~/models/catalog.server";
import { db } from "~/utils/db.server";
import { Field, FilterBar, SelectField } from "~/ui/forms";
import { Pager } from "~/ui/pager";
import { ModuleStatusBadge } from "~/ui/module-status";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = FiltersSchema.parse({ page: 1, ...params });
  const clean = {
    businessUnit: filters.businessUnit || undefined,
    technology: filters.technology || undefined,
    competency: filters.competency || undefined,
    q: filters.q || undefined,
    page: filters.page,
  };
  return json({
    filters: clean,
    facets: getCatalogFacets(db(), clean.technology),
    catalog: getCatalog(db(), user.id, clean, new Date()),
  });
}

export default function Catalog() {
  const { filters, facets, catalog } = useLoaderData<typeof loader>();
  const technologies = filters.businessUnit
    ? facets.technologies.filter((t) => t.businessUnit === filters.businessUnit)
    : facets.technologies;
  const competencies = facets.competencies;

  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Catalog</p>
        <h1>Training catalog</h1>
        <p className="lead">Every published module, with your progress.</p>
      </header>

      <FilterBar label="Filter modules" clearTo="/learn/catalog" autoSubmit>
        <Field
          name="q"
          label="Search"
          type="search"
          defaultValue={filters.q}
          placeholder="Title or summary"
        />
        <SelectField
          name="businessUnit"
          label="Business unit"
          emptyOption="All"
          options={facets.businessUnits.map((b) => ({ value: b.slug, label: b.name }))}
          defaultValue={filters.businessUnit}
        />
        <SelectField
          name="technology"
          label="Technology"
          emptyOption="All"
          options={technologies.map((t) => ({ value: t.slug, label: t.name }))}
          defaultValue={filters.technology}
        />
        <SelectField
          name="competency"
          label="Competency"
          emptyOption={filters.technology ? "All" : "Choose a technology first"}
          options={competencies.map((c) => ({ value: c.slug, label: c.name }))}
          defaultValue={filters.competency}
          disabled={!filters.technology}
        />
      </FilterBar>

      <section aria-labelledby="results-title" className="stack">
        <h2 id="results-title" className="h3">
          {catalog.total === 1 ? "1 module" : `${catalog.total} modules`}
        </h2>
        {catalog.modules.length === 0 ? (
          <p className="empty">No module matches these filters. Try clearing one of them.</p>
        ) : (
          <ul className="card-grid plain-list">
            {catalog.modules.map((m) => (
              <li key={m.id} className="card module-card">
                <p className="eyebrow">
                  {m.technology} · {m.minutes} min
                </p>
                <h3>
                  <Link to={`/learn/modules/${m.slug}`} className="card-link">
                    {m.title}
                  </Link>
                </h3>
                <p className="muted small">{m.summary}</p>
                <ul className="chip-list small" aria-label="Competencies taught">
                  {m.competencies.map((c) => (
                    <li key={c.id} className="chip chip-small">
                      {c.name}
                    </li>
                  ))}
                </ul>
                <ModuleStatusBadge status={m.status} />
              </li>
            ))}
          </ul>
        )}
        <Pager page={catalog.page} pageCount={catalog.pageCount} filters={filters} />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Catalog · Partner Academy" }];
