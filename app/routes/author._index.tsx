import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAuthor } from "~/auth/auth.server";
import { listAuthoredModules } from "~/models/authored-modules.server";
import { getCatalogCoverage } from "~/models/overview.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/ui/format";
import { Badge, Stat } from "~/ui/status";
import { Notice } from "~/ui/forms";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAuthor(request);
  const scope = new URL(request.url).searchParams.get("scope") === "all" ? "all" : "mine";
  return json({
    name: user.name,
    scope,
    modules: listAuthoredModules(db(), scope === "all" ? {} : { ownerId: user.id }),
    coverage: getCatalogCoverage(db()),
  });
}

export default function AuthorHome() {
  const { name, scope, modules, coverage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const created = params.get("created");
  const teachable = coverage.filter((c) => c.kind !== "field");
  const untaught = teachable.filter((c) => c.modulesTeaching === 0);
  const byTechnology = new Map<string, typeof coverage>();
  for (const row of coverage)
    byTechnology.set(row.technology, [...(byTechnology.get(row.technology) ?? []), row]);

  return (
    <div className="stack-lg">
      <header className="page-header with-actions">
        <div>
          <p className="eyebrow">Authoring</p>
          <h1>Hello, {name.split(" ")[0]}</h1>
          <p className="lead">Write, publish and improve the training partner managers take.</p>
        </div>
        <div className="button-row">
          <Link to="/author/attest" className="button">
            Attest a field competency
          </Link>
          <Link to="/author/modules/new" className="button button-primary">
            New module
          </Link>
        </div>
      </header>
      {created ? <Notice tone="success">Module created.</Notice> : null}

      <section className="stats" aria-label="Summary">
        <Stat label={scope === "all" ? "Modules" : "Your modules"} value={modules.length} />
        <Stat
          label="Published"
          value={modules.filter((m) => m.lastPublished !== null && !m.archivedAt).length}
          tone="success"
        />
        <Stat
          label="Competencies with no module"
          value={untaught.length}
          tone={untaught.length ? "warning" : "success"}
          hint={`of ${teachable.length} taught by assessment`}
        />
      </section>

      <section aria-labelledby="modules-title" className="stack">
        <div className="section-head">
          <h2 id="modules-title">{scope === "all" ? "All modules" : "Your modules"}</h2>
          <nav aria-label="Which modules" className="tabs">
            <Link to="?scope=mine" aria-current={scope === "mine" ? "page" : undefined}>
              Mine
            </Link>
            <Link to="?scope=all" aria-current={scope === "all" ? "page" : undefined}>
              All
            </Link>
          </nav>
        </div>
        {modules.length === 0 ? (
          <p className="empty">
            {scope === "all" ? "No modules yet." : "You do not own any modules yet."}{" "}
            <Link to="/author/modules/new">Create one</Link>.
          </p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Technology</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last change</th>
                  <th scope="col" className="num">
                    Learners
                  </th>
                </tr>
              </thead>
              <tbody>
                {modules.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link to={`/author/modules/${m.id}`}>{m.title ?? m.slug}</Link>
                      {scope === "all" && m.owner ? (
                        <span className="muted small block">{m.owner}</span>
                      ) : null}
                    </td>
                    <td>{m.technology}</td>
                    <td>
                      <span className="badge-row">
                        {m.archivedAt ? (
                          <Badge tone="neutral">Archived</Badge>
                        ) : m.lastPublished ? (
                          <Badge tone="success">Published v{m.lastPublished}</Badge>
                        ) : null}
                        {m.hasDraft ? <Badge tone="info">Draft</Badge> : null}
                      </span>
                    </td>
                    <td>{m.lastChange ? formatDate(new Date(m.lastChange)) : "—"}</td>
                    <td className="num">{m.enrolled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="coverage-title" className="stack">
        <h2 id="coverage-title">Catalog coverage</h2>
        <p className="muted">
          Published modules teaching each competency. Field competencies are attested, not taught.
        </p>
        <div className="card-grid">
          {[...byTechnology].map(([technology, rows]) => (
            <article key={technology} className="card">
              <h3>{technology}</h3>
              <ul className="checklist">
                {rows.map((r) => (
                  <li key={r.competency}>
                    <span>{r.competency}</span>
                    {r.kind === "field" ? (
                      <Badge tone="neutral">attested</Badge>
                    ) : r.modulesTeaching > 0 ? (
                      <Badge tone="success">
                        {r.modulesTeaching} module{r.modulesTeaching === 1 ? "" : "s"}
                      </Badge>
                    ) : (
                      <Badge tone="warning">no module yet</Badge>
                    )}
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Authoring · Partner Academy" }];
