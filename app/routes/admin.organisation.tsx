import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { getOrganisation } from "~/models/programs.server";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json(getOrganisation(db()));
}

export default function Organisation() {
  const { technologies, territories } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/programs">Programs</Link>
      </nav>
      <header className="page-header">
        <h1>Territories and partners</h1>
        <p className="lead">Each partner&rsquo;s sales mix: the share of its business per technology. Low shares are a specialist&rsquo;s growth targets.</p>
      </header>
      {territories.map((t) => (
        <section key={t.id} className="card stack" aria-labelledby={`territory-${t.id}`}>
          <h2 id={`territory-${t.id}`} className="h3">
            {t.name} <span className="muted small">· {t.code} · {t.region}</span>
          </h2>
          {t.partners.length === 0 ? (
            <p className="empty">No partners.</p>
          ) : (
            <div className="table-wrap">
              <table className="mix-table">
                <thead>
                  <tr>
                    <th scope="col">Partner</th>
                    {technologies.map((tech) => (
                      <th key={tech.id} scope="col" className="num">
                        {tech.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {t.partners.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.name}</th>
                      {technologies.map((tech) => {
                        const share = p.mix[String(tech.id)] ?? 0;
                        return (
                          <td key={tech.id} className={`num ${share === 0 ? "muted" : ""}`}>
                            {share}%
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Territories and partners · Admin · Partner Academy" }];
