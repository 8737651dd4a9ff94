/**
 * The holder's side of the certification lifecycle on the dashboard: certifications in
 * their renewal window with the renewal path (Rule 13), and module updates with a delta
 * deadline (Rule 14). Dates arrive serialised from the loader.
 */
import { Form, Link } from "@remix-run/react";
import { formatDate } from "./format";
import { SubmitButton } from "./forms";
import { Badge } from "./status";

const LEVEL_LABEL = { specialist: "Specialist", lead: "Lead specialist" } as const;

export interface RenewalView {
  programId: number;
  technology: string;
  level: "specialist" | "lead";
  expiresAt: string;
  competencies: string[];
  modules: { slug: string; title: string; minutes: number }[];
  totalMinutes: number;
  untaught: { name: string; attested: boolean }[];
}

export function Renewals({ renewals }: { renewals: readonly RenewalView[] }) {
  return (
    <section className="notice notice-warning stack" aria-labelledby="renew-title">
      <h2 id="renew-title" className="h3">
        Renew
      </h2>
      <ul className="plain-list stack renewal-list">
        {renewals.map((r) => {
          const name = `${r.technology} ${LEVEL_LABEL[r.level]}`;
          return (
            <li key={r.programId} className="stack-sm" id={`renew-${r.programId}`}>
              <p>
                <strong>{name}</strong> expires on {formatDate(r.expiresAt)}. The new certificate is issued
                when you finish; the current one stays valid until then.
              </p>
              {r.competencies.length === 0 ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="programId" value={r.programId} />
                  <p className="small">
                    Every competency you hold outlasts a renewed certificate: nothing to take.
                  </p>
                  <SubmitButton intent="renew" aria-label={`Renew ${name} now`}>
                    Renew now
                  </SubmitButton>
                </Form>
              ) : (
                <div className="next-steps">
                  <p className="small">
                    <strong>To renew:</strong> {r.competencies.join(", ")}
                    {r.modules.length > 0
                      ? ` — ${r.modules.length === 1 ? "1 module" : `${r.modules.length} modules`}, about ${r.totalMinutes} min`
                      : ""}
                  </p>
                  {r.modules.length > 0 ? (
                    <ul className="next-list" aria-label={`Renewal path for ${name}`}>
                      {r.modules.map((m) => (
                        <li key={m.slug}>
                          <Link to={`/learn/modules/${m.slug}`}>{m.title}</Link>{" "}
                          <span className="muted small">{m.minutes} min</span>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {r.untaught.length > 0 ? (
                    <p className="small muted">
                      Also:{" "}
                      {r.untaught
                        .map(
                          (c) =>
                            `${c.name} (${c.attested ? "attested by a trainer after work in the field" : "no published module teaches it yet"})`,
                        )
                        .join("; ")}
                      .
                    </p>
                  ) : null}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export interface ModuleUpdateView {
  versionId: number;
  title: string;
  slug: string;
  note: string;
  publishedAt: string | null;
  recertifyBy: string;
  competencies: string;
  standing: "pending" | "overdue" | "renewed";
}

export function ModuleUpdates({ updates }: { updates: readonly ModuleUpdateView[] }) {
  return (
    <section className="card stack" aria-labelledby="updates-title">
      <h2 id="updates-title" className="h3">
        Module updates to take
      </h2>
      <ul className="list">
        {updates.map((u) => (
          <li key={u.versionId}>
            <span className="stack-sm">
              <Link to={`/learn/modules/${u.slug}`}>
                <strong>{u.title}</strong>
              </Link>
              <span className="small">
                <strong>What changed{u.publishedAt ? ` (${formatDate(u.publishedAt)})` : ""}:</strong>{" "}
                {u.note}
              </span>
              <span className="muted small">
                Your {u.competencies} from the earlier version{" "}
                {u.standing === "overdue" ? "expired" : "stays valid until"} {formatDate(u.recertifyBy)}
                {u.standing === "overdue" ? "." : ". Pass the new version before then to keep it."}
              </span>
            </span>
            {u.standing === "overdue" ? (
              <Badge tone="danger">Overdue since {formatDate(u.recertifyBy)}</Badge>
            ) : (
              <Badge tone="warning">Take by {formatDate(u.recertifyBy)}</Badge>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
