import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { getAdminOverview } from "~/models/admin-overview.server";
import { getSeatCaps, peopleOverCap } from "~/models/seat-caps.server";
import { ForecastChart } from "~/ui/admin/forecast-chart";
import { db } from "~/utils/db.server";
import { formatDate } from "~/ui/format";
import { Badge, CoverageBadge, Stat } from "~/ui/status";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const now = new Date();
  return json({
    ...getAdminOverview(db(), now),
    // Coverage planning (issue #17): people holding more seats than a cap allows.
    overCap: peopleOverCap(db(), getSeatCaps(db()), 5),
  });
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
        <Stat
          label="Active certifications"
          value={data.activeCertifications}
          tone="success"
          hint={`${data.expiringCount} expire within 30 days`}
        />
        <Stat label="Specialist assignments" value={data.assignments.active} tone="info" />
        <Stat
          label="In grace"
          value={data.assignments.inGrace}
          tone={data.assignments.inGrace ? "grace" : "success"}
          hint="certification expired; lapses when grace ends"
        />
        <Stat
          label="Lapsed assignments"
          value={data.assignments.lapsed}
          tone={data.assignments.lapsed ? "danger" : "success"}
          hint="grace over, or certification revoked"
        />
      </section>

      <section aria-labelledby="forecast-title" className="card stack">
        <div className="section-head">
          <h2 id="forecast-title" className="h3">
            Coverage forecast: the next 12 months
          </h2>
          <Link to="/admin/coverage?view=bench">Bench view →</Link>
        </div>
        <ForecastChart forecast={data.forecast} />
        {data.overCap.length > 0 ? (
          <p className="small">
            <Badge tone="warning">Over a seat cap</Badge>{" "}
            {data.overCap.map((p, i) => (
              <span key={`${p.userId}:${p.role}`}>
                {i > 0 ? ", " : ""}
                <Link to={`/admin/people/${p.userId}`}>{p.name}</Link> ({p.held} {p.role} seats, cap {p.cap})
              </span>
            ))}{" "}
            — flagged, never ended: <Link to="/admin/programs">seat caps</Link>.
          </p>
        ) : null}
      </section>

      <div className="two-col">
        <section aria-labelledby="coverage-title" className="card stack">
          <div className="section-head">
            <h2 id="coverage-title" className="h3">
              Coverage
            </h2>
            <Link to="/admin/coverage">Open the heatmap →</Link>
          </div>
          <ul className="legend">
            <li>
              <span className="swatch cell-covered" aria-hidden="true" /> Covered{" "}
              <strong>{data.cells.covered}</strong>
            </li>
            <li>
              <span className="swatch cell-at-risk" aria-hidden="true" /> At risk{" "}
              <strong>{data.cells["at-risk"]}</strong>
            </li>
            <li>
              <span className="swatch cell-in-grace" aria-hidden="true" /> In grace{" "}
              <strong>{data.cells["in-grace"]}</strong>
            </li>
            <li>
              <span className="swatch cell-lapsed" aria-hidden="true" /> Lapsed{" "}
              <strong>{data.cells.lapsed}</strong>
            </li>
            <li>
              <span className="swatch cell-vacant" aria-hidden="true" /> Vacant{" "}
              <strong>{data.cells.vacant}</strong>
            </li>
          </ul>
          <h3 className="h4">Territories with the most gaps</h3>
          {data.gaps.length === 0 ? (
            <p className="empty">No gaps: every territory has its specialists.</p>
          ) : (
            <ul className="list">
              {data.gaps.map((t) => (
                <li key={t.id}>
                  <span>
                    <strong>{t.name}</strong> <span className="muted small">{t.region}</span>
                  </span>
                  <span className="muted small">
                    {t.gaps} of {data.technologyCount} technologies uncovered
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="horizon-title" className="card stack">
          <h2 id="horizon-title" className="h3">
            Certifications expiring
          </h2>
          <ul className="horizon">
            {data.expiring.map((h) => (
              <li key={h.days}>
                <span className="horizon-value">{h.count}</span>
                <span className="muted small">within {h.days} days</span>
              </li>
            ))}
          </ul>
          <p className="small">
            <strong>{data.renewals.inWindow}</strong> in their renewal window (the weekly digest says which
            renewals are under way).
          </p>
          <Link to="/admin/people?status=expiring">
            People with a certification expiring within 30 days →
          </Link>
        </section>

        <section aria-labelledby="delta-title" className="card stack">
          <div className="section-head">
            <h2 id="delta-title" className="h3">
              Behind a module update
            </h2>
            <Link to="/admin/recertification">All updates →</Link>
          </div>
          {data.revisions.length === 0 ? (
            <p className="empty">Every holder has taken the latest major revisions.</p>
          ) : (
            <ul className="list">
              {data.revisions.map((r) => (
                <li key={r.versionId}>
                  <span>
                    <strong>{r.title}</strong>
                    <span className="muted small block">
                      v{r.versionNumber} · deadline {formatDate(r.recertifyBy)}
                    </span>
                  </span>
                  <Badge tone={r.open ? "warning" : "danger"}>
                    {r.behind} of {r.affected} behind
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="grace-title" className="card stack">
          <h2 id="grace-title" className="h3">
            Assignments in grace
          </h2>
          {data.inGrace.length === 0 ? (
            <p className="empty">No assignment is in grace.</p>
          ) : (
            <ul className="list">
              {data.inGrace.map((a) => (
                <li key={a.id}>
                  <span>
                    <Link to={`/admin/people/${a.userId}`}>
                      <strong>{a.person}</strong>
                    </Link>
                    <span className="muted small block">
                      {a.technology} {a.role === "lead" ? "lead" : "specialist"} · {a.territory} · lapses{" "}
                      {a.lapsesAt ? formatDate(a.lapsesAt) : ""}
                    </span>
                  </span>
                  <CoverageBadge state="in-grace" graceDaysLeft={a.graceDaysLeft} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="lapsed-title" className="card stack">
          <h2 id="lapsed-title" className="h3">
            Lapsed assignments
          </h2>
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
          <h2 id="expiring-title" className="h3">
            Certifications expiring within 30 days
          </h2>
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
