import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { credentialLinks } from "~/credentials/links.server";
import { credentialOrigin } from "~/credentials/issuer.server";
import { verifyCredential } from "~/models/certificates.server";
import { CredentialOffers } from "~/ui/credential-offers";
import { db } from "~/utils/db.server";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";

// Public: no sign-in. Shows the holder's name, the program and the status — nothing else.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const credential = verifyCredential(db(), params.credentialId ?? "", new Date());
  if (!credential) {
    throw new Response(
      "No credential with this ID exists. Check the link, or ask the holder for a new one.",
      {
        status: 404,
      },
    );
  }
  const links = credentialLinks(credentialOrigin(request.url), credential);
  return json({ credential, links: { json: links.json, badge: links.badge, linkedIn: links.linkedIn } });
}

const STATUS = {
  active: { tone: "success", label: "Valid" },
  expired: { tone: "danger", label: "Expired" },
  revoked: { tone: "danger", label: "Revoked" },
  "not-yet-valid": { tone: "neutral", label: "Not yet valid" },
} as const;

export default function VerifyCredential() {
  const { credential, links } = useLoaderData<typeof loader>();
  const status = STATUS[credential.status];
  return (
    <div className="verify stack-lg">
      <section className="card stack" aria-labelledby="verify-title">
        <p className="eyebrow">Credential verification</p>
        <h1 id="verify-title">{credential.program}</h1>
        <p className="verify-status">
          <Badge tone={status.tone}>{status.label}</Badge>
        </p>
        <dl className="facts">
          <div>
            <dt>Holder</dt>
            <dd>{credential.holder}</dd>
          </div>
          <div>
            <dt>Technology</dt>
            <dd>{credential.technology}</dd>
          </div>
          <div>
            <dt>Level</dt>
            <dd>{credential.level === "lead" ? "Lead specialist" : "Specialist"}</dd>
          </div>
          <div>
            <dt>Issued</dt>
            <dd>{formatDate(credential.issuedAt)}</dd>
          </div>
          <div>
            <dt>
              {credential.status === "revoked"
                ? "Revoked"
                : credential.status === "expired"
                  ? "Expired"
                  : "Valid until"}
            </dt>
            <dd>
              {formatDate(
                credential.status === "revoked" && credential.revokedAt
                  ? credential.revokedAt
                  : credential.expiresAt,
              )}
            </dd>
          </div>
          <div>
            <dt>Credential ID</dt>
            <dd className="mono">{credential.credentialId}</dd>
          </div>
        </dl>
        <p className="muted small">
          Issued by Partner Academy. This page is checked live against the academy&rsquo;s records. Have a
          credential file or badge image? <Link to="/verify">Check the file</Link>.
        </p>
      </section>
      {credential.status === "revoked" ? null : (
        <CredentialOffers links={links} heading="The signed credential" />
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [
  { title: "Verify a credential · Partner Academy" },
  { name: "robots", content: "noindex" },
];

export function ErrorBoundary() {
  return (
    <section className="error-page" aria-labelledby="verify-missing">
      <p className="error-code">Error 404</p>
      <h1 id="verify-missing">No such credential</h1>
      <p>No credential with this ID exists. Check the link, or ask the holder to send it again.</p>
    </section>
  );
}
