import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { IntentSchema, Share } from "~/schemas/admin.organisation.server";
import { requireRole } from "~/auth/auth.server";
import { addPartner, addTerritory, getOrganisation, regionsList } from "~/models/programs.server";
import { Field, ResultNotice, SelectField, SubmitButton } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { type FormValues, resultFor, valueOf } from "~/utils/form-result";
import { formFailure, formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ ...getOrganisation(db()), regions: regionsList(db()) });
}

/** The partner form's `share-<technologyId>` fields, blank ones left out. */
function readMix(values: FormValues) {
  const mix: { technologyId: number; sharePercent: number }[] = [];
  for (const [key, value] of Object.entries(values)) {
    const match = /^share-(\d+)$/.exec(key);
    if (!match || typeof value !== "string" || value.trim() === "") continue;
    const share = Share.safeParse(value);
    if (!share.success) return { error: share.error, field: key };
    mix.push({ technologyId: Number(match[1]), sharePercent: share.data });
  }
  return { mix };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const values = formValues(await readForm(request));
  const intent = typeof values.intent === "string" ? values.intent : undefined;
  const parsed = IntentSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, intent);
  const input = parsed.data;
  try {
    if (input.intent === "territory") {
      addTerritory(db(), input, admin.id, new Date());
      return formSuccess(`Territory ${input.name} added.`, { intent });
    }
    const read = readMix(values);
    if ("error" in read)
      return formFailure({
        intent,
        values,
        message: "Each share is a percentage from 0 to 100.",
        fieldErrors: { mix: "Each share is a percentage from 0 to 100." },
      });
    addPartner(db(), { ...input, mix: read.mix }, admin.id, new Date());
    return formSuccess(`Partner ${input.name} added.`, { intent });
  } catch (error) {
    return refusalFailure(error, { values, intent });
  }
}

export default function Organisation() {
  const { technologies, territories, regions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const territoryResult = resultFor(result, "territory");
  const partnerResult = resultFor(result, "partner");
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/programs">Programs</Link>
      </nav>
      <header className="page-header">
        <h1>Territories and partners</h1>
        <p className="lead">
          Each partner&rsquo;s sales mix: the share of its business per technology. Low shares are a
          specialist&rsquo;s growth targets.
        </p>
      </header>
      <ResultNotice result={result} />
      <div className="two-col">
        <Form
          method="post"
          className="card stack"
          key={territoryResult?.ok ? `t-${territoryResult.message}` : "territory"}
        >
          <h2 className="h3">Add a territory</h2>
          <input type="hidden" name="intent" value="territory" />
          <SelectField
            name="regionId"
            id="t-region"
            label="Region"
            result={territoryResult}
            emptyOption="Choose…"
            options={regions.map((r) => ({ value: r.id, label: r.name }))}
          />
          <div className="inline-form">
            <Field name="name" id="t-name" label="Name" result={territoryResult} />
            <Field name="code" id="t-code" label="Code" result={territoryResult} className="field-narrow" />
          </div>
          <div>
            <SubmitButton className="button">Add territory</SubmitButton>
          </div>
        </Form>
        <Form
          method="post"
          className="card stack"
          key={partnerResult?.ok ? `p-${partnerResult.message}` : "partner"}
        >
          <h2 className="h3">Add a partner</h2>
          <input type="hidden" name="intent" value="partner" />
          <div className="inline-form">
            <Field name="name" id="p-name" label="Name" result={partnerResult} />
            <SelectField
              name="territoryId"
              id="p-territory"
              label="Territory"
              result={partnerResult}
              emptyOption="Choose…"
              options={territories.map((t) => ({ value: t.id, label: t.name }))}
            />
          </div>
          <fieldset
            className="checkbox-group mix-inputs"
            aria-describedby={partnerResult?.fieldErrors?.mix ? "mix-error" : undefined}
          >
            <legend>Sales mix (% per technology)</legend>
            {technologies.map((t) => (
              <label key={t.id} className="mix-input">
                <span>{t.name}</span>
                <input
                  type="number"
                  name={`share-${t.id}`}
                  min={0}
                  max={100}
                  step={1}
                  defaultValue={valueOf(partnerResult, `share-${t.id}`) ?? ""}
                />
              </label>
            ))}
            {partnerResult?.fieldErrors?.mix ? (
              <p className="field-error" id="mix-error">
                {partnerResult.fieldErrors.mix}
              </p>
            ) : null}
          </fieldset>
          <div>
            <SubmitButton className="button">Add partner</SubmitButton>
          </div>
        </Form>
      </div>
      {territories.map((t) => (
        <section key={t.id} className="card stack" aria-labelledby={`territory-${t.id}`}>
          <h2 id={`territory-${t.id}`} className="h3">
            {t.name}{" "}
            <span className="muted small">
              · {t.code} · {t.region}
            </span>
          </h2>
          {t.partners.length === 0 ? (
            <p className="empty">No partners.</p>
          ) : (
            <div className="table-wrap">
              <table className="mix-table">
                <thead>
                  <tr>
                    <th scope="col">Partner</th>
                    {technologies.map((tech) => (
                      <th key={tech.id} scope="col" className="num">
                        {tech.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {t.partners.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.name}</th>
                      {technologies.map((tech) => {
                        const share = p.mix[String(tech.id)] ?? 0;
                        return (
                          <td key={tech.id} className={`num ${share === 0 ? "muted" : ""}`}>
                            {share}%
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Territories and partners · Admin · Partner Academy" }];
