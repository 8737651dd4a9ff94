import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/auth.server";
import { renewCertification } from "~/models/certifications.server";
import { getLearnerOverview } from "~/models/overview.server";
import { learnerPlans } from "~/models/plans.server";
import { deltaDeadlinesOf } from "~/models/recertification.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/ui/format";
import { ResultNotice } from "~/ui/forms";
import { LearnerPlans } from "~/ui/learner-plans";
import { ModuleUpdates, Renewals } from "~/ui/lifecycle";
import { Badge, CertificationBadge, ProgressBar, Stat } from "~/ui/status";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  const now = new Date();
  const technologies = getLearnerOverview(db(), user.id, now);
  const updates = deltaDeadlinesOf(db(), user.id, now).filter((d) => d.standing !== "renewed");
  const plans = learnerPlans(db(), user.id, now);
  return json({ name: user.name, territory: user.territoryName, technologies, updates, plans });
}

const RenewSchema = z.object({
  intent: z.literal("renew"),
  programId: z.coerce.number().int().min(1),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "learner");
  const values = formValues(await readForm(request));
  const parsed = RenewSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, "renew");
  try {
    const issued = renewCertification(db(), user.id, parsed.data.programId, new Date());
    return formSuccess(`Renewed: your new certificate is valid until ${formatDate(issued.expiresAt)}.`, {
      intent: "renew",
      credentialId: issued.credentialId,
    });
  } catch (error) {
    return refusalFailure(error, { values, intent: "renew" });
  }
}

const LEVEL_LABEL = { specialist: "Specialist", lead: "Lead specialist" } as const;

export default function LearnerHome() {
  const { name, territory, technologies, updates, plans } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const programs = technologies.flatMap((t) => t.programs.map((p) => ({ ...p, technology: t.name })));
  const certified = programs.filter((p) => p.certification?.status.status === "active");
  const renewals = programs.flatMap((p) =>
    p.renewal ? [{ ...p.renewal, programId: p.programId, level: p.level, technology: p.technology }] : [],
  );
  const inProgress = programs.filter((p) => p.held > 0 && p.certification?.status.status !== "active");
  const started = technologies.filter((t) => t.engaged);
  const notStarted = technologies.filter((t) => !started.includes(t));

  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">My learning{territory ? ` · ${territory}` : ""}</p>
        <h1>Welcome back, {name.split(" ")[0]}</h1>
        <p className="lead">Your certifications and progress, per technology.</p>
      </header>

      {plans.length > 0 ? <LearnerPlans plans={plans} /> : null}

      <section className="stats" aria-label="Summary">
        <Stat label="Active certifications" value={certified.length} tone="success" />
        <Stat label="Programs in progress" value={inProgress.length} tone="info" />
        <Stat
          label="Due for renewal"
          value={renewals.length}
          tone={renewals.length ? "warning" : undefined}
          hint="renewal window open"
        />
      </section>

      <ResultNotice result={result} intent="renew" />
      {renewals.length > 0 ? <Renewals renewals={renewals} /> : null}
      {updates.length > 0 ? <ModuleUpdates updates={updates} /> : null}

      <section aria-labelledby="tech-title" className="stack">
        <h2 id="tech-title">Your technologies</h2>
        {started.length === 0 ? (
          <p className="empty">
            You have not started a certification yet. Pick a technology below, or browse the{" "}
            <Link to="/learn/catalog">catalog</Link>.
          </p>
        ) : (
          <div className="card-grid">
            {started.map((tech) => (
              <article key={tech.id} className="card" aria-labelledby={`tech-${tech.id}`}>
                <p className="eyebrow">{tech.businessUnit}</p>
                <h3 id={`tech-${tech.id}`}>{tech.name}</h3>
                {tech.programs.map((program) => (
                  <div key={program.programId} className="program">
                    <div className="program-head">
                      <span className="program-name">{LEVEL_LABEL[program.level]}</span>
                      <CertificationBadge certification={program.certification} />
                    </div>
                    <ProgressBar
                      value={program.held}
                      max={program.required}
                      label={`${tech.name} ${LEVEL_LABEL[program.level]} competencies`}
                    />
                    <p className="small muted">
                      {program.held} of {program.required} competencies held
                    </p>
                    {program.blocked ? (
                      <p className="notice notice-error small" role="status">
                        <strong>Blocked.</strong> Your {program.blocked.program} certification was revoked on{" "}
                        {formatDate(program.blocked.since)}: “{program.blocked.reason}”. It cannot be issued
                        again until an admin lifts the block; passing modules does not change that.
                      </p>
                    ) : null}
                    {program.certification?.status.status !== "active" && program.path.modules.length > 0 ? (
                      <div className="next-steps">
                        <p className="small">
                          <strong>Next:</strong>{" "}
                          {program.path.modules.length === 1
                            ? "1 module"
                            : `${program.path.modules.length} modules`}
                          , about {program.path.totalMinutes} min
                        </p>
                        <ul className="next-list">
                          {program.path.modules.map((m) => (
                            <li key={m.slug}>
                              <Link to={`/learn/modules/${m.slug}`}>{m.title}</Link>{" "}
                              <span className="muted small">{m.minutes} min</span>
                            </li>
                          ))}
                        </ul>
                      </div>
                    ) : null}
                    {program.certification?.status.status !== "active" &&
                    !program.blocked &&
                    program.path.untaught.length > 0 ? (
                      <p className="small muted">
                        Also needed:{" "}
                        {program.path.untaught
                          .map(
                            (c) =>
                              `${c.name} (${c.attested ? "attested by a trainer after work in the field" : "no published module teaches it yet"})`,
                          )
                          .join("; ")}
                        .
                      </p>
                    ) : null}
                    <details>
                      <summary>Competencies</summary>
                      <ul className="checklist">
                        {program.requirements.map((r) => (
                          <li key={r.competencyId} className={`check-${r.state}`}>
                            <span>{r.name}</span>
                            {r.state === "held" ? (
                              <Badge tone="success">until {formatDate(r.expiresAt)}</Badge>
                            ) : r.state === "expired" ? (
                              <Badge tone="danger">expired {formatDate(r.expiredAt)}</Badge>
                            ) : r.kind === "field" ? (
                              <Badge tone="neutral">attested by a trainer</Badge>
                            ) : (
                              <Badge tone="neutral">to do</Badge>
                            )}
                          </li>
                        ))}
                      </ul>
                    </details>
                  </div>
                ))}
              </article>
            ))}
          </div>
        )}
      </section>

      {notStarted.length > 0 ? (
        <section aria-labelledby="more-title" className="stack">
          <h2 id="more-title">More technologies</h2>
          <ul className="chip-list">
            {notStarted.map((t) => (
              <li key={t.id} className="chip">
                <Link to={`/learn/catalog?technology=${t.slug}`}>{t.name}</Link>{" "}
                <span className="muted small">{t.businessUnit}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "My learning · Partner Academy" }];
