import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionSchema } from "~/schemas/admin.plans.templates.server";
import { requireRole } from "~/auth/auth.server";
import {
  archivePlanTemplate,
  createPlanTemplate,
  listPlanTemplates,
  TEMPLATE_MAX_WEEKS,
} from "~/models/plan-templates.server";
import { planFacets } from "~/models/plans.server";
import { Field, NumberField, ResultNotice, SelectField, SubmitButton, TextAreaField } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ templates: listPlanTemplates(db()), programs: planFacets(db()).programs });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const values = formValues(await readForm(request));
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, String(values.intent ?? "create"));
  const input = parsed.data;
  try {
    if (input.intent === "archive") {
      archivePlanTemplate(db(), input.templateId, admin.id, new Date());
      return formSuccess("Template archived.", { intent: "archive" });
    }
    const { intent: _intent, ...template } = input;
    createPlanTemplate(db(), template, admin.id, new Date());
    return formSuccess(`Template “${input.name}” created.`, { intent: "create" });
  } catch (error) {
    return refusalFailure(error, { values, intent: input.intent });
  }
}

export default function PlanTemplates() {
  const { templates, programs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/plans">Learning plans</Link> <span aria-hidden="true">/</span> <span>Templates</span>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Learning plans</p>
        <h1>Plan templates</h1>
        <p className="lead">
          A program, how many weeks it usually takes and a note for the nominees: choose one when nominating
          and the due date and note follow.
        </p>
      </header>
      <ResultNotice result={result} />

      <section className="card stack" aria-labelledby="list-title">
        <h2 id="list-title" className="h3">
          Templates
        </h2>
        {templates.length === 0 ? (
          <p className="empty">No templates yet.</p>
        ) : (
          <ul className="list">
            {templates.map((t) => (
              <li key={t.id}>
                <span>
                  <strong>{t.name}</strong>
                  <span className="muted small block">
                    {t.program} · {t.durationWeeks} weeks{t.note ? ` · ${t.note}` : ""}
                  </span>
                </span>
                <Form method="post">
                  <input type="hidden" name="templateId" value={t.id} />
                  <SubmitButton
                    intent="archive"
                    className="button button-quiet"
                    aria-label={`Archive ${t.name}`}
                  >
                    Archive
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card stack" aria-labelledby="new-title">
        <h2 id="new-title" className="h3">
          New template
        </h2>
        <Form method="post" className="stack">
          <div className="form-grid">
            <SelectField
              name="programId"
              label="Program"
              options={programs.map((p) => ({ value: p.id, label: p.name }))}
              emptyOption="Choose…"
              result={result?.intent === "create" ? result : undefined}
            />
            <Field name="name" label="Name" placeholder="New storage specialist" result={result} />
            <NumberField
              name="durationWeeks"
              label="Weeks"
              min={1}
              max={TEMPLATE_MAX_WEEKS}
              defaultValue={6}
              result={result}
            />
          </div>
          <TextAreaField name="note" label="Note for the nominees" rows={2} result={result} />
          <div className="button-row">
            <SubmitButton intent="create">Create the template</SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Plan templates · Admin · Partner Academy" }];
