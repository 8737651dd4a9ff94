import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FiltersSchema, NominateSchema } from "~/schemas/admin.plans.nominate.server";
import { requireRole } from "~/auth/auth.server";
import { listPeople, peopleFacets } from "~/models/people.server";
import { nominate } from "~/models/plan-nominations.server";
import { resolveEmails } from "~/models/plan-nominees.server";
import { listPlanTemplates } from "~/models/plan-templates.server";
import { planFacets } from "~/models/plans.server";
import { Field, FilterBar, SelectField } from "~/ui/forms";
import { NominateForm } from "~/ui/nominate";
import { db } from "~/utils/db.server";
import { publicOrigin } from "~/utils/env.server";
import { formFailure, formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

/** The bulk page: a filtered list of partner managers to tick, or a pasted list of emails. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filters = FiltersSchema.parse({ page: 1, ...raw });
  const filtered = Object.keys(raw).some((k) => k !== "page");
  const people = filtered ? listPeople(db(), { ...filters, role: "learner" }, new Date()) : null;
  return json({
    filters,
    facets: peopleFacets(db()),
    programs: planFacets(db()).programs,
    territories: planFacets(db()).territories,
    templates: listPlanTemplates(db()),
    people: people
      ? {
          total: people.total,
          list: people.people.map((p) => ({ id: p.id, name: p.name, hint: p.territory ?? "" })),
        }
      : null,
  });
}

/** Nominates the chosen people (from any page's nominate control) or the pasted emails. */
export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const values = formValues(await readForm(request), ["userIds"]);
  const parsed = NominateSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values, "nominate");
  const input = parsed.data;
  const fromEmails = input.emails ? resolveEmails(db(), input.emails) : { userIds: [], unknown: [] };
  if (input.userIds.length === 0 && fromEmails.userIds.length === 0 && fromEmails.unknown.length > 0) {
    const listed = fromEmails.unknown.slice(0, 5).join(", ");
    const more = fromEmails.unknown.length > 5 ? ` and ${fromEmails.unknown.length - 5} more` : "";
    const message = `Nobody here has ${fromEmails.unknown.length === 1 ? "this email" : "these emails"}: ${listed}${more}.`;
    return formFailure({ intent: "nominate", message, fieldErrors: { emails: message }, values });
  }
  try {
    const result = nominate(
      db(),
      {
        userIds: [...input.userIds, ...fromEmails.userIds],
        programId: input.programId ?? null,
        templateId: input.templateId ?? null,
        targetTerritoryId: input.targetTerritoryId ?? null,
        dueOn: input.dueOn ? new Date(`${input.dueOn}T00:00:00Z`) : null,
        note: input.note,
      },
      admin.id,
      publicOrigin(),
      new Date(),
    );
    const skipped = [
      ...result.skipped.map((s) => ({ name: s.name, reason: s.reason })),
      ...fromEmails.unknown.map((email) => ({ name: email, reason: "nobody has this email" })),
    ];
    const n = result.created.length;
    return formSuccess(
      n === 0
        ? "Nobody was nominated."
        : `Nominated ${n === 1 ? (result.created[0]?.name ?? "1 person") : `${n} people`}.`,
      { intent: "nominate", created: result.created, skipped },
    );
  } catch (error) {
    return refusalFailure(error, { values, intent: "nominate" });
  }
}

export default function NominateMany() {
  const { filters, facets, programs, territories, templates, people } = useLoaderData<typeof loader>();
  const territoryOptions = territories.map((t) => ({ value: t.id, label: t.name }));
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/plans">Learning plans</Link> <span aria-hidden="true">/</span> <span>Nominate</span>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Learning plans</p>
        <h1>Nominate many people</h1>
        <p className="lead">
          Filter the partner managers and tick the ones to nominate, or paste a list of emails (a CSV export
          works: every email address in it counts).
        </p>
      </header>

      <section className="card stack" aria-labelledby="filtered-title">
        <h2 id="filtered-title" className="h3">
          From a filtered list
        </h2>
        <FilterBar label="Filter partner managers" clearTo="/admin/plans/nominate">
          <Field name="q" label="Search" defaultValue={filters.q} placeholder="Name or email" />
          <SelectField
            name="territoryId"
            label="Territory"
            options={facets.territories.map((t) => ({ value: t.id, label: t.name }))}
            emptyOption="All"
            defaultValue={filters.territoryId}
          />
          <SelectField
            name="technologyId"
            label="Technology"
            options={facets.technologies.map((t) => ({ value: t.id, label: t.name }))}
            emptyOption="Any"
            defaultValue={filters.technologyId}
          />
          <SelectField
            name="status"
            label="Certification"
            options={[
              { value: "none", label: "Never certified" },
              { value: "expired", label: "Expired" },
              { value: "expiring", label: "Expiring within 30 days" },
              { value: "certified", label: "Certified" },
            ]}
            emptyOption="Any"
            defaultValue={filters.status}
          />
        </FilterBar>
        {people === null ? (
          <p className="empty">Choose a filter to list partner managers.</p>
        ) : people.list.length === 0 ? (
          <p className="empty">Nobody matches.</p>
        ) : (
          <>
            <p className="muted small">
              {people.total > people.list.length
                ? `The first ${people.list.length} of ${people.total}: narrow the filter to reach the others.`
                : `${people.total} partner manager${people.total === 1 ? "" : "s"}, all ticked.`}
            </p>
            <NominateForm
              id="filtered"
              people={people.list}
              checked="all"
              programs={programs}
              templates={templates}
              territories={territoryOptions}
              title="Nominate"
            />
          </>
        )}
      </section>

      <section className="card stack" aria-labelledby="emails-title">
        <h2 id="emails-title" className="h3">
          From a list of emails or a CSV
        </h2>
        <NominateForm
          id="emails"
          people={[]}
          emails
          programs={programs}
          templates={templates}
          territories={territoryOptions}
          title="Nominate"
        />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Nominate · Learning plans · Partner Academy" }];
