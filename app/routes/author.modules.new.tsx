import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NewModuleSchema } from "~/schemas/author.modules.new.server";
import { requireAuthor } from "~/auth/auth.server";
import { authoringTechnologies } from "~/models/authored-modules.server";
import { createModule } from "~/models/drafts.server";
import { Field, SelectField, SubmitButton } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthor(request);
  return json({ technologies: authoringTechnologies(db()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAuthor(request);
  const values = formValues(await readForm(request));
  const parsed = NewModuleSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  try {
    const id = createModule(db(), { ...parsed.data, ownerId: user.id }, new Date());
    return redirect(`/author/modules/${id}`);
  } catch (error) {
    return refusalFailure(error, { values });
  }
}

export default function NewModule() {
  const { technologies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack-lg narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/author">Authoring</Link>
      </nav>
      <header className="page-header">
        <h1>New module</h1>
        <p className="lead">
          Start with a title and the technology it teaches; you write lessons and questions next.
        </p>
      </header>
      <Form method="post" className="card stack" noValidate>
        <Field name="title" label="Title" result={result} />
        <SelectField
          name="technologyId"
          label="Technology"
          result={result}
          emptyOption="Choose…"
          options={technologies.map((t) => ({ value: t.id, label: t.name }))}
        />
        <div className="button-row">
          <SubmitButton>Create the module</SubmitButton>
          <Link to="/author" className="button">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "New module · Partner Academy" }];
