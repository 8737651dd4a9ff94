/**
 * Sections of an admin's person record (`admin.people.$userId`): roles and access, the
 * assignments, certifications (with revocation), competencies and the audit trail.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { ROLE_LABELS, ROLES } from "#db/vocabulary";
import type { getPersonRecord } from "~/models/people.server";
import { CheckboxGroup, Field, SelectField, SubmitButton } from "~/ui/forms";
import { formatDate, formatDateTime } from "~/ui/format";
import { Badge, CertificationBadge, CoverageBadge } from "~/ui/status";
import { IdpOwnedRoles, SsoLink } from "./person-sso";
import { type FormResult, resultFor } from "~/utils/form-result";

type PersonRecord = SerializeFrom<NonNullable<ReturnType<typeof getPersonRecord>>>;

export function AccessSection({
  data,
  territories,
  result,
  sso,
}: {
  data: PersonRecord;
  territories: readonly { id: number; name: string }[];
  result: FormResult | undefined;
  /** Single sign-on, when configured: who decides roles, and the territory claim. */
  sso?: { label: string; ownsRoles: boolean; territoryClaim?: string | undefined } | null;
}) {
  const { person } = data;
  const update = resultFor(result, "update");
  const idpRoles = sso?.ownsRoles && person.ssoLinkedAt ? sso.label : undefined;
  return (
    <section className="card stack" aria-labelledby="access-title">
      <h2 id="access-title" className="h3">
        Roles and territory
      </h2>
      <Form method="post" className="stack">
        {idpRoles ? (
          <IdpOwnedRoles roles={data.roles} label={idpRoles} />
        ) : (
          <CheckboxGroup
            name="roles"
            legend="Roles"
            result={update}
            options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
            defaultValues={data.roles}
          />
        )}
        {sso?.territoryClaim && person.ssoLinkedAt ? (
          <p className="muted small">
            {sso.label} sets the territory at each sign-in when its <code>{sso.territoryClaim}</code> claim
            names one.
          </p>
        ) : null}
        <SelectField
          name="territoryId"
          label="Territory"
          result={update}
          emptyOption="None"
          options={territories.map((t) => ({ value: t.id, label: t.name }))}
          defaultValue={person.territoryId}
        />
        <div>
          <SubmitButton intent="update">Save</SubmitButton>
        </div>
      </Form>
      {person.ssoLinkedAt ? <SsoLink linkedAt={person.ssoLinkedAt} label={sso?.label} /> : null}
      <Form method="post" className="inline-form">
        {person.disabledAt ? (
          <SubmitButton intent="enable" className="button">
            Enable the account
          </SubmitButton>
        ) : (
          <>
            <Field
              name="reason"
              id="disable-reason"
              label="Reason (optional)"
              result={resultFor(result, "disable")}
            />
            <SubmitButton intent="disable" className="button button-danger">
              Disable
            </SubmitButton>
          </>
        )}
      </Form>
    </section>
  );
}

export function AssignmentsSection({ data }: { data: PersonRecord }) {
  return (
    <section className="card stack" aria-labelledby="assignments-title">
      <h2 id="assignments-title" className="h3">
        Assignments
      </h2>
      {data.assignments.length === 0 ? (
        <p className="empty">No specialist assignments.</p>
      ) : (
        <ul className="list">
          {data.assignments.map((a) => (
            <li key={a.id}>
              <span>
                <Link to={`/admin/coverage/${a.territoryId}/${a.technologyId}`}>
                  {a.technology} · {a.territory}
                </Link>
                <span className="muted small block">
                  {a.role === "lead" ? "Lead" : "Specialist"} since {formatDate(a.startedAt)}
                  {a.endedAt ? `, ended ${formatDate(a.endedAt)}` : ""}
                  {a.state === "in-grace" && a.lapsesAt ? ` · in grace until ${formatDate(a.lapsesAt)}` : ""}
                </span>
              </span>
              <CoverageBadge state={a.state} graceDaysLeft={a.graceDaysLeft} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CertificationsSection({
  data,
  result,
}: {
  data: PersonRecord;
  result: FormResult | undefined;
}) {
  return (
    <section className="card stack" aria-labelledby="certs-title">
      <h2 id="certs-title" className="h3">
        Certifications
      </h2>
      {data.certifications.length === 0 ? (
        <p className="empty">No certifications.</p>
      ) : (
        <ul className="list">
          {data.certifications.map((c) => (
            <li key={c.id} className="cert-row">
              <span>
                <strong>{c.program}</strong>
                <span className="muted small block">
                  Issued {formatDate(c.issuedAt)} ·{" "}
                  <a href={`/verify/${c.credentialId}`}>verification page</a>
                  {c.revokedReason ? ` · revoked: ${c.revokedReason}` : ""}
                </span>
              </span>
              <span className="stack-tight">
                <CertificationBadge certification={{ status: c.status, expiresAt: c.expiresAt }} />
                {!c.revokedAt ? (
                  <Form method="post" className="inline-form revoke-form">
                    <input type="hidden" name="certificationId" value={c.id} />
                    <Field
                      name="reason"
                      id={`reason-${c.id}`}
                      label={`Reason for revoking ${c.program}`}
                      hideLabel
                      placeholder="Reason for revoking"
                      result={resultFor(result, `revoke-${c.id}`)}
                    />
                    <SubmitButton intent="revoke" className="button button-danger button-quiet">
                      Revoke
                    </SubmitButton>
                  </Form>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AttainmentsSection({ data }: { data: PersonRecord }) {
  return (
    <section className="card stack" aria-labelledby="attainments-title">
      <h2 id="attainments-title" className="h3">
        Competencies
      </h2>
      {data.attainments.length === 0 ? (
        <p className="empty">None attained yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Competency</th>
                <th scope="col">How</th>
                <th scope="col">Attained</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {data.attainments.map((a) => (
                <tr key={a.id}>
                  <td>{a.competency}</td>
                  <td>
                    {a.source === "assessment"
                      ? "Assessment"
                      : a.source === "attestation"
                        ? "Attested"
                        : "Imported record"}
                  </td>
                  <td>{formatDate(a.attainedAt)}</td>
                  <td>
                    {a.active ? (
                      formatDate(a.expiresAt)
                    ) : (
                      <Badge tone="danger">Expired {formatDate(a.expiresAt)}</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function AuditSection({ data }: { data: PersonRecord }) {
  const { person } = data;
  return (
    <section className="card stack" aria-labelledby="audit-title">
      <h2 id="audit-title" className="h3">
        Audit trail
      </h2>
      <ul className="list">
        {data.audit.map((e) => (
          <li key={e.id}>
            <span>
              <code>{e.action}</code> {e.reason ? <span className="muted small">— {e.reason}</span> : null}
            </span>
            <span className="muted small">
              {e.actor ?? "system"} · {formatDateTime(e.at)}
            </span>
          </li>
        ))}
      </ul>
      <Link to={`/admin/audit?personId=${person.id}`}>Full audit log for this person</Link>
    </section>
  );
}
