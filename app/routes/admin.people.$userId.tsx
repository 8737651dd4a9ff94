import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { INVITATION_DAYS, ROLE_LABELS, ROLES } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { revokeCertificationOf } from "~/models/certifications.server";
import { invitePerson } from "~/models/invitations.server";
import { isRefusal } from "~/utils/refusal";
import { getPersonRecord, peopleFacets, setDisabled, updatePerson } from "~/models/people.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";
import { formatDate, formatDateTime } from "~/ui/format";
import { Badge, CertificationBadge, CoverageBadge } from "~/ui/status";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const record = getPersonRecord(db(), idParam(params, "userId", "person"), new Date());
  if (!record) throw new Response("No such person", { status: 404 });
  return json({ ...record, territories: peopleFacets(db()).territories });
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update"), territoryId: z.string() }),
  z.object({ intent: z.literal("disable"), reason: z.string().trim().max(500).default("") }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("invite") }),
  z.object({
    intent: z.literal("revoke"),
    certificationId: z.coerce.number().int().min(1),
    reason: z
      .string()
      .trim()
      .min(5, "Give the reason for revoking (at least 5 characters).")
      .max(1000, "Keep the reason under 1,000 characters."),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const userId = idParam(params, "userId", "person");
  const form = await readForm(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  const now = new Date();
  if (!parsed.success) {
    const certificationId = Number(form.get("certificationId"));
    return json(
      {
        ok: false,
        message: parsed.error.issues[0]?.message ?? "The request was not understood.",
        certificationId,
        reason: String(form.get("reason") ?? ""),
      },
      { status: 400 },
    );
  }
  const input = parsed.data;
  switch (input.intent) {
    case "update": {
      const roles = form
        .getAll("roles")
        .map(String)
        .filter((r): r is (typeof ROLES)[number] => (ROLES as readonly string[]).includes(r));
      const territoryId = input.territoryId === "" ? null : Number(input.territoryId);
      if (territoryId !== null && (!Number.isSafeInteger(territoryId) || territoryId < 1))
        return json(
          { ok: false, message: "Choose a territory from the list.", certificationId: 0, reason: "" },
          { status: 400 },
        );
      try {
        updatePerson(db(), userId, { roles, territoryId }, admin.id, now);
      } catch (error) {
        // e.g. removing your own admin role: a clear refusal on the page, nothing saved.
        if (error instanceof Response && error.status < 500)
          return json(
            { ok: false, message: await error.text(), certificationId: 0, reason: "" },
            { status: error.status },
          );
        throw error;
      }
      return json({ ok: true, message: "Saved.", certificationId: 0, reason: "" });
    }
    case "disable":
      if (userId === admin.id)
        return json(
          { ok: false, message: "You cannot disable your own account.", certificationId: 0, reason: "" },
          { status: 400 },
        );
      setDisabled(db(), userId, true, admin.id, input.reason, now);
      return json({
        ok: true,
        message: "Disabled: their sessions have ended and they cannot sign in.",
        certificationId: 0,
        reason: "",
      });
    case "invite": {
      const record = getPersonRecord(db(), userId, now);
      if (!record) throw new Response("No such person", { status: 404 });
      try {
        const { path } = invitePerson(
          db(),
          {
            email: record.person.email,
            name: record.person.name,
            territoryId: record.person.territoryId,
            roles: record.roles,
          },
          admin.id,
          now,
        );
        return json({
          ok: true,
          message: `Invitation link (valid ${INVITATION_DAYS} days, also queued in the outbox): ${new URL(path, request.url)}`,
          certificationId: 0,
          reason: "",
        });
      } catch (error) {
        if (isRefusal(error))
          return json(
            { ok: false, message: error.message, certificationId: 0, reason: "" },
            { status: error.status },
          );
        throw error;
      }
    }
    case "enable":
      setDisabled(db(), userId, false, admin.id, "", now);
      return json({ ok: true, message: "Enabled.", certificationId: 0, reason: "" });
    case "revoke":
      try {
        revokeCertificationOf(db(), userId, input.certificationId, admin.id, input.reason, now);
      } catch (error) {
        if (error instanceof Error && /already revoked|does not exist/.test(error.message)) {
          return json(
            {
              ok: false,
              message: error.message,
              certificationId: input.certificationId,
              reason: input.reason,
            },
            { status: 409 },
          );
        }
        throw error;
      }
      return json({
        ok: true,
        message: "Certification revoked. Any assignment resting on it now shows as lapsed.",
        certificationId: 0,
        reason: "",
      });
  }
}

export default function PersonRecord() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { person } = data;
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/people">People</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">{person.jobTitle ?? "Person"}</p>
        <h1>{person.name}</h1>
        <p className="muted">
          {person.email} · {person.territory ?? "no territory"} ·{" "}
          {person.hasPassword ? "has signed up" : "has not set a password yet"}{" "}
          {person.disabledAt ? <Badge tone="danger">Disabled {formatDate(person.disabledAt)}</Badge> : null}
        </p>
        {!person.hasPassword && !person.disabledAt ? (
          <Form method="post">
            <button type="submit" name="intent" value="invite" className="button">
              Create an invitation link
            </button>
          </Form>
        ) : null}
      </header>
      {actionData ? (
        <p
          className={`notice ${actionData.ok ? "notice-success" : "notice-error"}`}
          role={actionData.ok ? "status" : "alert"}
        >
          {actionData.message}
        </p>
      ) : null}

      <div className="two-col">
        <section className="card stack" aria-labelledby="access-title">
          <h2 id="access-title" className="h3">
            Roles and territory
          </h2>
          <Form method="post" className="stack">
            <fieldset className="checkbox-group">
              <legend>Roles</legend>
              {ROLES.map((role) => (
                <label key={role} className="checkbox">
                  <input
                    type="checkbox"
                    name="roles"
                    value={role}
                    defaultChecked={data.roles.includes(role)}
                  />{" "}
                  {ROLE_LABELS[role]}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="territoryId">Territory</label>
              <select id="territoryId" name="territoryId" defaultValue={person.territoryId ?? ""}>
                <option value="">None</option>
                {data.territories.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button
                type="submit"
                name="intent"
                value="update"
                className="button button-primary"
                disabled={busy}
              >
                Save
              </button>
            </div>
          </Form>
          <Form method="post" className="inline-form">
            {person.disabledAt ? (
              <button type="submit" name="intent" value="enable" className="button">
                Enable the account
              </button>
            ) : (
              <>
                <div className="field">
                  <label htmlFor="disable-reason">Reason (optional)</label>
                  <input id="disable-reason" name="reason" type="text" />
                </div>
                <button type="submit" name="intent" value="disable" className="button button-danger">
                  Disable
                </button>
              </>
            )}
          </Form>
        </section>

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
                    </span>
                  </span>
                  <CoverageBadge state={a.state} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

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
                      <label className="visually-hidden" htmlFor={`reason-${c.id}`}>
                        Reason for revoking {c.program}
                      </label>
                      <input
                        id={`reason-${c.id}`}
                        name="reason"
                        type="text"
                        placeholder="Reason for revoking"
                        defaultValue={
                          actionData && !actionData.ok && actionData.certificationId === c.id
                            ? actionData.reason
                            : ""
                        }
                      />
                      <button
                        type="submit"
                        name="intent"
                        value="revoke"
                        className="button button-danger button-quiet"
                        disabled={busy}
                      >
                        Revoke
                      </button>
                    </Form>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

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
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Person · Admin · Partner Academy" }];
