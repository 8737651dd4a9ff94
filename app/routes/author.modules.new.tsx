import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireAuthor } from "~/auth/auth.server";
import { authoringTechnologies, createModule } from "~/models/drafts.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { fieldErrors } from "~/utils/params";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthor(request);
  return json({ technologies: authoringTechnologies(db()) });
}

const NewModuleSchema = z.object({
  title: z
    .string()
    .trim()
    .min(3, "Give the module a title of at least 3 characters.")
    .max(200, "Titles are at most 200 characters."),
  technologyId: z.coerce.number({ error: "Choose a technology." }).int().min(1, "Choose a technology."),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAuthor(request);
  const form = Object.fromEntries(await readForm(request));
  const values = { title: String(form.title ?? ""), technologyId: String(form.technologyId ?? "") };
  const parsed = NewModuleSchema.safeParse(values);
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  if (!authoringTechnologies(db()).some((t) => t.id === parsed.data.technologyId)) {
    return json({ errors: { technologyId: "Choose a technology from the list." }, values }, { status: 400 });
  }
  const id = createModule(db(), { ...parsed.data, ownerId: user.id }, new Date());
  return redirect(`/author/modules/${id}`);
}

export default function NewModule() {
  const { technologies } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
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
        <div className="field">
          <label htmlFor="title">Title</label>
          <input
            id="title"
            name="title"
            type="text"
            defaultValue={actionData?.values.title}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? "title-error" : undefined}
          />
          {errors.title ? (
            <p className="field-error" id="title-error">
              {errors.title}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="technologyId">Technology</label>
          <select
            id="technologyId"
            name="technologyId"
            defaultValue={actionData?.values.technologyId ?? ""}
            aria-invalid={errors.technologyId ? true : undefined}
            aria-describedby={errors.technologyId ? "technology-error" : undefined}
          >
            <option value="">Choose…</option>
            {technologies.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          {errors.technologyId ? (
            <p className="field-error" id="technology-error">
              {errors.technologyId}
            </p>
          ) : null}
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary">
            Create the module
          </button>
          <Link to="/author" className="button">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "New module · Partner Academy" }];
