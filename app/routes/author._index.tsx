import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { getTrainerOverview } from "~/models/overview.server";
import { db } from "~/utils/db.server";
import { Badge, Stat } from "~/ui/status";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "trainer");
  return json({ name: user.name, ...getTrainerOverview(db(), user.id) });
}

export default function TrainerHome() {
  const { name, modules, coverage } = useLoaderData<typeof loader>();
  const teachable = coverage.filter((c) => c.kind !== "field");
  const untaught = teachable.filter((c) => c.modulesTeaching === 0);
  const byTechnology = new Map<string, typeof coverage>();
  for (const row of coverage) byTechnology.set(row.technology, [...(byTechnology.get(row.technology) ?? []), row]);

  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Authoring</p>
        <h1>Hello, {name.split(" ")[0]}</h1>
        <p className="lead">Your modules, and where the catalog still needs training.</p>
      </header>

      <section className="stats" aria-label="Summary">
        <Stat label="Your modules" value={modules.length} />
        <Stat label="Published" value={modules.filter((m) => m.publishedVersionId !== null && !m.archivedAt).length} tone="success" />
        <Stat label="Competencies with no module" value={untaught.length} tone={untaught.length ? "warning" : "success"} hint={`of ${teachable.length} taught by assessment`} />
      </section>

      <section aria-labelledby="modules-title" className="stack">
        <h2 id="modules-title">Your modules</h2>
        {modules.length === 0 ? (
          <p className="empty">You do not own any modules yet. Modules you create or import appear here.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Technology</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {modules.map((m) => (
                  <tr key={m.id}>
                    <td>{m.title}</td>
                    <td>{m.technology}</td>
                    <td>
                      {m.archivedAt ? (
                        <Badge tone="neutral">Archived</Badge>
                      ) : m.publishedVersionId ? (
                        <Badge tone="success">Published</Badge>
                      ) : (
                        <Badge tone="info">Draft</Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="coverage-title" className="stack">
        <h2 id="coverage-title">Catalog coverage</h2>
        <p className="muted">Published modules teaching each competency. Field competencies are attested, not taught.</p>
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
                      <Badge tone="success">{r.modulesTeaching} module{r.modulesTeaching === 1 ? "" : "s"}</Badge>
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
