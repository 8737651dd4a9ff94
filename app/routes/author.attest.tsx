import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireAuthor } from "~/auth/auth.server";
import {
  AttestationRefusedError,
  attestFieldCompetency,
  fieldCompetenciesOf,
  searchLearners,
} from "~/models/attainments.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { fieldErrors } from "~/utils/params";
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

const AttestSchema = z.object({
  userId: z.coerce.number().int().min(1, "Choose a person."),
  competencyId: z.coerce
    .number({ error: "Choose the field competency." })
    .int()
    .min(1, "Choose the field competency."),
  evidence: z
    .string()
    .trim()
    .min(20, "Write the evidence: what you saw the person do, where and when (at least 20 characters).")
    .max(4000, "Keep the evidence under 4,000 characters."),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAuthor(request);
  const raw = Object.fromEntries(await readForm(request));
  const values = { competencyId: String(raw.competencyId ?? ""), evidence: String(raw.evidence ?? "") };
  const parsed = AttestSchema.safeParse(raw);
  if (!parsed.success)
    return json(
      { errors: fieldErrors(parsed.error.issues), values, issued: [] as string[], done: false },
      { status: 400 },
    );
  try {
    const issued = attestFieldCompetency(db(), { ...parsed.data, attestedById: user.id, at: new Date() });
    return json({
      errors: {} as Record<string, string>,
      values: { competencyId: "", evidence: "" },
      issued: issued.map((c) => c.credentialId),
      done: true,
    });
  } catch (error) {
    if (error instanceof AttestationRefusedError)
      return json(
        { errors: { form: error.message }, values, issued: [] as string[], done: false },
        { status: 400 },
      );
    throw error;
  }
}

export default function Attest() {
  const { q, results, selected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.errors ?? {};
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
        <div className="field">
          <label htmlFor="q">Find a partner manager</label>
          <input id="q" name="q" type="search" defaultValue={q} placeholder="Name or email" />
        </div>
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
          {actionData?.done ? (
            <p className="notice notice-success" role="status">
              Attested.{" "}
              {actionData.issued.length > 0
                ? `This completed ${actionData.issued.length === 1 ? "a certification" : `${actionData.issued.length} certifications`}, issued now.`
                : "No certification completed yet."}
            </p>
          ) : null}
          {errors.form ? (
            <p className="notice notice-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="userId" value={selected.person.id} />
            <div className="field">
              <label htmlFor="competencyId">Field competency</label>
              <select
                id="competencyId"
                name="competencyId"
                defaultValue={actionData?.values.competencyId ?? ""}
                aria-invalid={errors.competencyId ? true : undefined}
                aria-describedby={errors.competencyId ? "competency-error" : undefined}
              >
                <option value="">Choose…</option>
                {selected.competencies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.heldUntil ? ` (held until ${formatDate(c.heldUntil)})` : ""}
                  </option>
                ))}
              </select>
              {errors.competencyId ? (
                <p className="field-error" id="competency-error">
                  {errors.competencyId}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="evidence">Evidence</label>
              <textarea
                id="evidence"
                name="evidence"
                rows={4}
                defaultValue={actionData?.values.evidence ?? ""}
                key={actionData?.done ? "done" : "typing"}
                aria-invalid={errors.evidence ? true : undefined}
                aria-describedby={errors.evidence ? "evidence-error" : "evidence-help"}
              />
              {errors.evidence ? (
                <p className="field-error" id="evidence-error">
                  {errors.evidence}
                </p>
              ) : (
                <p className="muted small" id="evidence-help">
                  What did they do, with which partner, when? This note is kept in the audit log.
                </p>
              )}
            </div>
            <div>
              <button type="submit" className="button button-primary" disabled={navigation.state !== "idle"}>
                Attest
              </button>
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
