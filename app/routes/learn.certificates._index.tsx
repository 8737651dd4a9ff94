import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { listCertificationsOf } from "~/models/certificates.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/ui/format";
import { CertificationBadge } from "~/ui/status";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  return json({ certifications: listCertificationsOf(db(), user.id, new Date()) });
}

export default function MyCertificates() {
  const { certifications } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">My learning</p>
        <h1>My certificates</h1>
        <p className="lead">
          Every credential you have been issued. Anyone can check one with its verification link.
        </p>
      </header>
      {certifications.length === 0 ? (
        <p className="empty">
          No certificates yet. Your <Link to="/learn">dashboard</Link> shows the modules that lead to your
          first one.
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Certification</th>
                <th scope="col">Issued</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Certificate</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {certifications.map((c) => (
                <tr key={c.credentialId}>
                  <td>
                    <strong>{c.program}</strong>
                    <span className="muted small block">{c.technology}</span>
                  </td>
                  <td>{formatDate(c.issuedAt)}</td>
                  <td>
                    <CertificationBadge certification={{ status: c.status, expiresAt: c.expiresAt }} />
                  </td>
                  <td>
                    <Link to={c.credentialId}>Certificate</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "My certificates · Partner Academy" }];
