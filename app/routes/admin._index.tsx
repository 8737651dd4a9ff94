import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { getAdminOverview } from "~/models/overview.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/ui/format";
import { Badge, Stat } from "~/ui/status";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json(getAdminOverview(db(), new Date()));
}

export default function AdminHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Admin</p>
        <h1>Channel overview</h1>
        <p className="lead">Who is certified, who covers which territory, and what needs attention.</p>
      </header>

      <section className="stats" aria-label="Headline figures">
        <Stat label="Partner managers" value={data.people} />
        <Stat label="Active certifications" value={data.activeCertifications} tone="success" hint={`${data.expiringCount} expire within 30 days`} />
        <Stat label="Specialist assignments" value={data.assignments.active} tone="info" />
        <Stat label="Lapsed assignments" value={data.assignments.lapsed} tone={data.assignments.lapsed ? "danger" : "success"} hint="certification expired or revoked" />
      </section>

      <div className="two-col">
        <section aria-labelledby="lapsed-title" className="card stack">
          <h2 id="lapsed-title" className="h3">Lapsed assignments</h2>
          {data.lapsed.length === 0 ? (
            <p className="empty">Every assigned specialist holds an active certification.</p>
          ) : (
            <ul className="list">
              {data.lapsed.map((a) => (
                <li key={a.id}>
                  <span>
                    <strong>{a.person}</strong>
                    <span className="muted small block">
                      {a.technology} {a.role === "lead" ? "lead" : "specialist"} · {a.territory}
                    </span>
                  </span>
                  <Badge tone="danger">Lapsed</Badge>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="expiring-title" className="card stack">
          <h2 id="expiring-title" className="h3">Certifications expiring within 30 days</h2>
          {data.expiringSoon.length === 0 ? (
            <p className="empty">None in the next 30 days.</p>
          ) : (
            <ul className="list">
              {data.expiringSoon.map((c) => (
                <li key={c.credentialId}>
                  <span>
                    <strong>{c.person}</strong>
                    <span className="muted small block">{c.program}</span>
                  </span>
                  <Badge tone="warning">{formatDate(c.expiresAt)}</Badge>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Admin · Partner Academy" }];
