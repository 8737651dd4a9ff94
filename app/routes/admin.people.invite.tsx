import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { INVITATION_DAYS, ROLE_LABELS, ROLES } from "#db/vocabulary";
import { requireRole } from "~/auth/auth.server";
import { InvitationError, invitePerson } from "~/models/invitations.server";
import { peopleFacets } from "~/models/people.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { fieldErrors } from "~/utils/params";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ territories: peopleFacets(db()).territories });
}

const InviteSchema = z.object({
  name: z.string().trim().min(2, "Enter the person's name.").max(120, "Names are at most 120 characters."),
  email: z.string().trim().max(254).pipe(z.email("Enter a valid email address.")),
  territoryId: z.union([z.literal(""), z.coerce.number().int().min(1)]),
  roles: z.array(z.enum(ROLES)).min(1, "Choose at least one role."),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    territoryId: String(form.get("territoryId") ?? ""),
    roles: form.getAll("roles").map(String),
  };
  const parsed = InviteSchema.safeParse(values);
  if (!parsed.success)
    return json({ errors: fieldErrors(parsed.error.issues), values, link: null }, { status: 400 });
  try {
    const { path } = invitePerson(
      db(),
      { ...parsed.data, territoryId: parsed.data.territoryId === "" ? null : parsed.data.territoryId },
      admin.id,
      new Date(),
    );
    return json({
      errors: {} as Record<string, string>,
      values,
      link: new URL(path, request.url).toString(),
    });
  } catch (error) {
    if (error instanceof InvitationError)
      return json({ errors: { email: error.message }, values, link: null }, { status: 409 });
    throw error;
  }
}

export default function Invite() {
  const { territories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values = actionData?.link ? undefined : actionData?.values;
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
      {actionData?.link ? (
        <div className="notice notice-success" role="status">
          <p>
            Invitation created for <strong>{actionData.values.email}</strong>. Send them this link (it is also
            queued in the outbox):
          </p>
          <p className="mono invite-link">{actionData.link}</p>
        </div>
      ) : null}
      <Form method="post" className="card stack" noValidate key={actionData?.link ?? "form"}>
        <div className="field">
          <label htmlFor="name">Name</label>
          <input
            id="name"
            name="name"
            type="text"
            defaultValue={values?.name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "name-error" : undefined}
          />
          {errors.name ? (
            <p className="field-error" id="name-error">
              {errors.name}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            defaultValue={values?.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "email-error" : undefined}
          />
          {errors.email ? (
            <p className="field-error" id="email-error">
              {errors.email}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="territoryId">Territory</label>
          <select id="territoryId" name="territoryId" defaultValue={values?.territoryId ?? ""}>
            <option value="">None</option>
            {territories.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="checkbox-group">
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input
                type="checkbox"
                name="roles"
                value={role}
                defaultChecked={values ? values.roles.includes(role) : role === "learner"}
              />{" "}
              {ROLE_LABELS[role]}
            </label>
          ))}
          {errors.roles ? <p className="field-error">{errors.roles}</p> : null}
        </fieldset>
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            Create the invitation
          </button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Invite · Admin · Partner Academy" }];
