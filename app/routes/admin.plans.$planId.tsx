import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionSchema } from "~/schemas/admin.plans.$planId.server";
import { requireRole } from "~/auth/auth.server";
import { cancelPlan, changeDueDate, completePlan } from "~/models/plan-nominations.server";
import { getPlan } from "~/models/plans.server";
import { formatDate } from "~/ui/format";
import { Field, ResultNotice, SubmitButton } from "~/ui/forms";
import { PlanBadge, PlanProgress, planTitle } from "~/ui/plans";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const plan = getPlan(db(), idParam(params, "planId", "plan"), new Date());
  if (!plan) throw new Response("No such plan", { status: 404 });
  const { email: _email, ...shown } = plan;
  return json({ plan: shown });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const planId = idParam(params, "planId", "plan");
  const values = formValues(await readForm(request));
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, String(values.intent ?? ""));
  const input = parsed.data;
  const now = new Date();
  try {
    switch (input.intent) {
      case "due": {
        const dueOn = new Date(`${input.dueOn}T00:00:00Z`);
        changeDueDate(db(), planId, dueOn, input.reason, admin.id, now);
        return formSuccess(`Now due on ${formatDate(dueOn)}.`, { intent: "due" });
      }
      case "cancel":
        cancelPlan(db(), planId, input.reason, admin.id, now);
        return formSuccess("Plan cancelled.", { intent: "cancel" });
      case "assign":
        completePlan(db(), planId, "assign", admin.id, now);
        return formSuccess("Assigned to the seat. The plan is closed.", { intent: "assign" });
      case "close":
        completePlan(db(), planId, "close", admin.id, now);
        return formSuccess("The plan is closed without an assignment.", { intent: "close" });
    }
  } catch (error) {
    const failure = refusalFailure(error, { values, intent: input.intent });
    return failure;
  }
}

export default function PlanPage() {
  const { plan } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const open = plan.standing.state !== "cancelled" && plan.outcome === null;
  const seat = plan.territory
    ? `${plan.level === "lead" ? "Lead specialist" : "Specialist"} for ${plan.technology} in ${plan.territory}`
    : null;
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/plans">Learning plans</Link> <span aria-hidden="true">/</span>{" "}
        <span>{plan.person}</span>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Learning plan</p>
        <h1>
          {plan.person}: {planTitle(plan)}
        </h1>
        <p className="badge-row">
          <PlanBadge standing={plan.standing} />
          <span className="muted small">due {formatDate(plan.dueOn)}</span>
          <span className="muted small">
            nominated {formatDate(plan.createdAt)}
            {plan.nominatedBy ? ` by ${plan.nominatedBy}` : ""}
          </span>
        </p>
      </header>
      <ResultNotice result={result} />

      <section className="card stack" aria-labelledby="progress-title">
        <h2 id="progress-title" className="h3">
          Progress
        </h2>
        <PlanProgress plan={plan} label={`${plan.person}: competencies held`} />
        {plan.note ? <p>Note: {plan.note}</p> : null}
        {plan.modules.length > 0 ? (
          <>
            <p className="small">
              <strong>Modules left</strong> (about {plan.minutes.remaining} min):
            </p>
            <ul className="next-list">
              {plan.modules.map((m) => (
                <li key={m.slug}>
                  {m.title} <span className="muted small">{m.minutes} min</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <Link to={`/admin/people/${plan.userId}`}>{plan.person}&rsquo;s record</Link>
          {plan.targetTerritoryId ? (
            <>
              {" · "}
              <Link to={`/admin/coverage/${plan.targetTerritoryId}/${plan.technologyId}`}>
                the target seat&rsquo;s cell
              </Link>
            </>
          ) : null}
        </p>
      </section>

      {plan.outcome ? (
        <section className="card stack" aria-labelledby="outcome-title">
          <h2 id="outcome-title" className="h3">
            Outcome
          </h2>
          <p>
            {plan.outcome === "assigned" ? `Assigned: ${seat ?? "the seat"}` : "Closed without an assignment"}
            {plan.outcomeAt ? `, ${formatDate(plan.outcomeAt)}.` : "."}
          </p>
        </section>
      ) : null}

      {open && plan.standing.state === "completed" ? (
        <section className="card stack" aria-labelledby="complete-title">
          <h2 id="complete-title" className="h3">
            Completed: what next?
          </h2>
          <p>
            {plan.person} earned {plan.program} on {formatDate(plan.standing.since)}.
            {seat
              ? ` The seat this plan was for: ${seat}. The assignment is still checked against the certification.`
              : ""}
          </p>
          <Form method="post" className="button-row">
            {seat ? <SubmitButton intent="assign">Assign to the seat</SubmitButton> : null}
            <SubmitButton intent="close" className="button">
              Close without assigning
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      {open && plan.standing.state !== "completed" ? (
        <section className="card stack" aria-labelledby="change-title">
          <h2 id="change-title" className="h3">
            Change the plan
          </h2>
          <Form method="post" className="inline-form" aria-label="Change the due date">
            <Field
              name="dueOn"
              type="date"
              label="New due date"
              result={result?.intent === "due" ? result : undefined}
              required
            />
            <Field
              name="reason"
              label="Why (kept in the audit log)"
              id="due-reason"
              result={result?.intent === "due" ? result : undefined}
            />
            <SubmitButton intent="due" className="button">
              Change the due date
            </SubmitButton>
          </Form>
          <Form method="post" className="inline-form" aria-label="Cancel the plan">
            <Field
              name="reason"
              label="Reason for cancelling"
              id="cancel-reason"
              result={result?.intent === "cancel" ? result : undefined}
            />
            <SubmitButton intent="cancel" className="button button-danger">
              Cancel the plan
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Learning plan · Admin · Partner Academy" }];
