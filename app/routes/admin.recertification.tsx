import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { listBehind, listMajorRevisions } from "~/models/recertification.server";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const now = new Date();
  const revisions = listMajorRevisions(db(), now).map((r) => ({
    ...r,
    people: r.behind > 0 ? listBehind(db(), r.versionId, now, 100) : [],
  }));
  return json({ revisions });
}

export default function Recertification() {
  const { revisions } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Recertification</p>
        <h1>Major module revisions</h1>
        <p className="lead">
          When a trainer publishes a major revision, holders of the competencies it teaches have until the
          deadline to pass the new version; what they earned from the earlier one expires then. Here is who is
          behind.
        </p>
      </header>
      {revisions.length === 0 ? (
        <p className="empty">No major revision has been published.</p>
      ) : (
        revisions.map((r) => (
          <section key={r.versionId} className="card stack" aria-labelledby={`rev-${r.versionId}`}>
            <div className="section-head">
              <h2 id={`rev-${r.versionId}`} className="h3">
                {r.title} <span className="muted small">version {r.versionNumber}</span>
              </h2>
              <Badge tone={r.behind === 0 ? "success" : r.open ? "warning" : "danger"}>
                {r.behind} of {r.affected} behind
              </Badge>
            </div>
            <p className="small">
              Published {r.publishedAt ? formatDate(r.publishedAt) : ""} · deadline{" "}
              <strong>{formatDate(r.recertifyBy)}</strong>
              {r.open ? "" : " (passed)"}
            </p>
            <p className="small">
              <strong>What changed:</strong> {r.note}
            </p>
            {r.people.length > 0 ? (
              <ul className="list" aria-label={`Behind on ${r.title}`}>
                {r.people.map((p) => (
                  <li key={p.userId}>
                    <span>
                      <Link to={`/admin/people/${p.userId}`}>
                        <strong>{p.name}</strong>
                      </Link>
                      <span className="muted small block">{p.territory ?? "No territory"}</span>
                    </span>
                    {p.standing === "overdue" ? (
                      <Badge tone="danger">Overdue</Badge>
                    ) : (
                      <Badge tone="warning">Pending</Badge>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">Everyone affected has taken the new version.</p>
            )}
          </section>
        ))
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Recertification · Admin · Partner Academy" }];
