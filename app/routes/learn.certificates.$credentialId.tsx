import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { credentialOrigin } from "~/credentials/issuer.server";
import { credentialLinks } from "~/credentials/links.server";
import { getCertificateOfHolder } from "~/models/certificates.server";
import { db } from "~/utils/db.server";
import { tokenParam } from "~/utils/params";
import { formatDate } from "~/ui/format";
import { CertificationBadge } from "~/ui/status";
import { PrintButton } from "~/ui/print-button";
import { CredentialOffers } from "~/ui/credential-offers";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  const credentialId = tokenParam(params, "credentialId", "certificate");
  const certificate = getCertificateOfHolder(db(), credentialId, user.id, new Date());
  if (!certificate) throw new Response("No such certificate", { status: 404 });
  const links = credentialLinks(credentialOrigin(request.url), certificate);
  return json({
    certificate,
    verifyUrl: links.verify,
    links: { json: links.json, badge: links.badge, linkedIn: links.linkedIn },
  });
}

export default function CertificatePage() {
  const { certificate, verifyUrl, links } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="no-print toolbar">
        <Link to="/learn/certificates">← My certificates</Link>
        <PrintButton />
      </div>
      <article className="certificate" aria-labelledby="certificate-title">
        <p className="certificate-brand">Partner Academy</p>
        <p className="certificate-kicker">Certificate of qualification</p>
        <p className="certificate-intro">This certifies that</p>
        <p className="certificate-holder">{certificate.holder}</p>
        <p className="certificate-intro">holds the qualification</p>
        <h1 id="certificate-title" className="certificate-program">
          {certificate.program}
        </h1>
        <dl className="certificate-facts">
          <div>
            <dt>Issued</dt>
            <dd>{formatDate(certificate.issuedAt)}</dd>
          </div>
          <div>
            <dt>Valid until</dt>
            <dd>{formatDate(certificate.expiresAt)}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <CertificationBadge
                certification={{ status: certificate.status, expiresAt: certificate.expiresAt }}
              />
            </dd>
          </div>
        </dl>
        <p className="certificate-verify">
          Verify at <a href={verifyUrl}>{verifyUrl}</a>
          <span className="block small">Credential ID {certificate.credentialId}</span>
        </p>
      </article>
      {certificate.status.status === "revoked" ? null : <CredentialOffers links={links} />}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.certificate.program ?? "Certificate"} · Partner Academy` },
];
