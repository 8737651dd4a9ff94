/** What checking a credential file found: signature, status, what it says, what was changed. */
import type { CredentialCheck } from "~/domain/open-badge";
import { formatDate } from "./format";
import { Notice } from "./forms";
import { Badge } from "./status";

const STATUS = {
  active: { tone: "success", label: "Active" },
  expired: { tone: "danger", label: "Expired" },
  revoked: { tone: "danger", label: "Revoked" },
  "not-yet-valid": { tone: "neutral", label: "Not yet valid" },
} as const;

const date = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? formatDate(value) : "—");

export function CredentialCheckResult({
  check,
}: {
  check: Extract<CredentialCheck, { outcome: "checked" }>;
}) {
  const status = check.status ? STATUS[check.status] : null;
  return (
    <section className="card stack credential-check" aria-labelledby="check-title">
      <h2 id="check-title">{check.credentialName}</h2>
      <dl className="facts">
        <div>
          <dt>Signature</dt>
          <dd>
            {check.signatureValid ? (
              <Badge tone="success">Signature valid</Badge>
            ) : (
              <Badge tone="danger">Signature not valid</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            {status ? (
              <Badge tone={status.tone}>{status.label}</Badge>
            ) : (
              <span className="muted">Unknown: a credential that fails its signature check says nothing</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Issuer</dt>
          <dd>{check.issuerName}</dd>
        </div>
        <div>
          <dt>Holder (as issued)</dt>
          <dd>{check.holderName ?? "—"}</dd>
        </div>
        <div>
          <dt>Valid from</dt>
          <dd>{date(check.validFrom)}</dd>
        </div>
        <div>
          <dt>Valid until</dt>
          <dd>{date(check.validUntil)}</dd>
        </div>
      </dl>
      {check.problems.length > 0 ? (
        <Notice tone={check.signatureValid ? "warning" : "error"}>
          <ul className="plain-list">
            {check.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {check.differences.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>What differs from the credential the academy issued</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">As issued</th>
                <th scope="col">In this file</th>
              </tr>
            </thead>
            <tbody>
              {check.differences.map((d) => (
                <tr key={d.path}>
                  <th scope="row" className="mono">
                    {d.path}
                  </th>
                  <td className="break">{d.issued}</td>
                  <td className="break">{d.presented}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
