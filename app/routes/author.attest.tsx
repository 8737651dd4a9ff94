import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AttestSchema } from "~/schemas/author.attest.server";
import { requireAuthor } from "~/auth/auth.server";
import { attestFieldCompetency, fieldCompetenciesOf, searchLearners } from "~/models/attainments.server";
import { Field, ResultNotice, SelectField, SubmitButton, TextAreaField } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const userId = Number(url.searchParams.get("userId"));
  return json({
    q,
    results: q.length >= 2 ? searchLearners(db(), q) : [],
    selected:
      Number.isSafeInteger(userId) && userId > 0
        ? (fieldCompetenciesOf(db(), userId, new Date()) ?? null)
        : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAuthor(request);
  const values = formValues(await readForm(request));
  const parsed = AttestSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  try {
    const issued = attestFieldCompetency(db(), { ...parsed.data, attestedById: user.id, at: new Date() });
    return formSuccess(
      `Attested. ${
        issued.length > 0
          ? `This completed ${issued.length === 1 ? "a certification" : `${issued.length} certifications`}, issued now.`
          : "No certification completed yet."
      }`,
    );
  } catch (error) {
    return refusalFailure(error, { values });
  }
}

export default function Attest() {
  const { q, results, selected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack-lg narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/author">Authoring</Link>
      </nav>
      <header className="page-header">
        <h1>Attest a field competency</h1>
        <p className="lead">
          Field competencies are shown in the field, not in a quiz. Attest what you saw, with a note as
          evidence; it counts as an attainment and may complete a certification.
        </p>
      </header>

      <Form method="get" className="card inline-form" role="search">
        <Field
          name="q"
          label="Find a partner manager"
          type="search"
          defaultValue={q}
          placeholder="Name or email"
        />
        <button type="submit" className="button">
          Search
        </button>
      </Form>
      {q.length >= 2 && !selected ? (
        results.length === 0 ? (
          <p className="empty">Nobody matches “{q}”.</p>
        ) : (
          <ul className="list card">
            {results.map((r) => (
              <li key={r.id}>
                <span>
                  <strong>{r.name}</strong>
                  <span className="muted small block">
                    {r.email}
                    {r.territory ? ` · ${r.territory}` : ""}
                  </span>
                </span>
                <Link to={`?q=${encodeURIComponent(q)}&userId=${r.id}`} className="button button-quiet">
                  Choose
                </Link>
              </li>
            ))}
          </ul>
        )
      ) : null}

      {selected ? (
        <section className="card stack" aria-labelledby="attest-title">
          <h2 id="attest-title" className="h3">
            {selected.person.name}
          </h2>
          <ResultNotice result={result} />
          <Form method="post" className="stack" noValidate key={result?.ok ? result.message : "form"}>
            <input type="hidden" name="userId" value={selected.person.id} />
            <SelectField
              name="competencyId"
              label="Field competency"
              result={result}
              emptyOption="Choose…"
              options={selected.competencies.map((c) => ({
                value: c.id,
                label: `${c.name}${c.heldUntil ? ` (held until ${formatDate(c.heldUntil)})` : ""}`,
              }))}
            />
            <TextAreaField
              name="evidence"
              label="Evidence"
              rows={4}
              result={result}
              hint="What did they do, with which partner, when? This note is kept in the audit log."
            />
            <div>
              <SubmitButton>Attest</SubmitButton>
            </div>
          </Form>
          <ul className="checklist">
            {selected.competencies.map((c) => (
              <li key={c.id}>
                <span>{c.name}</span>
                {c.heldUntil ? (
                  <Badge tone="success">held until {formatDate(c.heldUntil)}</Badge>
                ) : (
                  <Badge tone="neutral">not held</Badge>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Attest a field competency · Partner Academy" }];
