import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InviteSchema } from "~/schemas/admin.people.invite.server";
import { INVITATION_DAYS, ROLE_LABELS, ROLES } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { invitePerson } from "~/models/invitations.server";
import { peopleFacets } from "~/models/people.server";
import { CheckboxGroup, Field, Notice, ResultNotice, SelectField, SubmitButton } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ territories: peopleFacets(db()).territories });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const values = formValues(await readForm(request), ["roles"]);
  const parsed = InviteSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  try {
    const { path } = invitePerson(db(), parsed.data, admin.id, new Date());
    return formSuccess(`Invitation created for ${parsed.data.email}.`, {
      email: parsed.data.email,
      link: new URL(path, request.url).toString(),
    });
  } catch (error) {
    return refusalFailure(error, { values });
  }
}

export default function Invite() {
  const { territories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const created = result?.ok ? result : undefined;
  return (
    <div className="stack-lg narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/people">People</Link>
      </nav>
      <header className="page-header">
        <h1>Invite someone</h1>
        <p className="lead">
          They get a one-time link to set their password, valid for {INVITATION_DAYS} days.
        </p>
      </header>
      {created ? (
        <Notice tone="success">
          <p>
            Invitation created for <strong>{created.email}</strong>. Send them this link (it is also queued in
            the outbox):
          </p>
          <p className="mono invite-link">{created.link}</p>
        </Notice>
      ) : (
        <ResultNotice result={result} />
      )}
      <Form method="post" className="card stack" noValidate key={created?.link ?? "form"}>
        <Field name="name" label="Name" result={result} />
        <Field name="email" label="Email" type="email" result={result} />
        <SelectField
          name="territoryId"
          label="Territory"
          result={result}
          emptyOption="None"
          options={territories.map((t) => ({ value: t.id, label: t.name }))}
        />
        <CheckboxGroup
          name="roles"
          legend="Roles"
          result={result}
          options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          defaultValues={["learner"]}
        />
        <div>
          <SubmitButton>Create the invitation</SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Invite · Admin · Partner Academy" }];
