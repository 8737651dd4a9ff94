import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { importPeople, previewPeopleCsv } from "~/models/people-import.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

async function csvText(form: FormData): Promise<string> {
  const file = form.get("file");
  if (file && typeof file !== "string" && file.size > 0)
    return new TextDecoder("utf-8", { fatal: false }).decode(await file.arrayBuffer());
  return String(form.get("csv") ?? "");
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const text = await csvText(form);
  if (text.trim() === "")
    return json(
      {
        csv: "",
        fileErrors: ["Choose a CSV file or paste its contents."],
        rowErrors: [],
        newCount: 0,
        updateCount: 0,
        valid: 0,
        imported: null,
      },
      { status: 400 },
    );
  const preview = previewPeopleCsv(db(), text);
  const summary = {
    csv: text,
    fileErrors: preview.fileErrors,
    rowErrors: preview.rowErrors.slice(0, 200),
    newCount: preview.newCount,
    updateCount: preview.updateCount,
    valid: preview.rows.length,
  };
  if (form.get("intent") !== "import" || preview.fileErrors.length > 0) {
    return json({ ...summary, imported: null }, { status: preview.fileErrors.length > 0 ? 400 : 200 });
  }
  const imported = importPeople(db(), preview.rows, admin.id, new Date());
  return json({ ...summary, csv: "", imported });
}

export default function ImportPeople() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className="stack-lg narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/people">People</Link>
      </nav>
      <header className="page-header">
        <h1>Import people from CSV</h1>
        <p className="lead">
          Columns: <code>name</code>, <code>email</code> (required), <code>territory</code> (name or code),{" "}
          <code>roles</code> (learner; trainer; admin), <code>job_title</code>. Rows are matched by email: new
          people are created, existing ones updated. Nothing is imported until you confirm.
        </p>
      </header>
      {data?.imported ? (
        <p className="notice notice-success" role="status">
          Imported: {data.imported.created} created, {data.imported.updated} updated.
          {data.rowErrors.length > 0 ? ` ${data.rowErrors.length} rows with errors were skipped.` : ""}
        </p>
      ) : null}
      <Form
        method="post"
        encType="multipart/form-data"
        className="card stack"
        key={data?.imported ? "done" : "form"}
      >
        <div className="field">
          <label htmlFor="file">CSV file (UTF-8)</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="csv">…or paste the CSV</label>
          <textarea
            id="csv"
            name="csv"
            rows={6}
            className="markdown-input"
            defaultValue={data?.csv ?? ""}
            key={`csv-${data?.csv.length ?? 0}`}
          />
        </div>
        {data && data.fileErrors.length > 0 ? (
          <div className="notice notice-error" role="alert">
            {data.fileErrors.map((e) => (
              <p key={e}>{e}</p>
            ))}
            <p>Nothing was imported.</p>
          </div>
        ) : null}
        {data && !data.imported && data.fileErrors.length === 0 ? (
          <div className="stack" aria-live="polite">
            <p>
              <strong>{data.valid}</strong> valid rows: {data.newCount} new, {data.updateCount} updates.{" "}
              {data.rowErrors.length > 0 ? (
                <strong>{data.rowErrors.length} rows have errors and will be skipped.</strong>
              ) : null}
            </p>
            {data.rowErrors.length > 0 ? (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Email</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rowErrors.map((e) => (
                      <tr key={e.line}>
                        <td>{e.line}</td>
                        <td>{e.email}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {data.valid > 0 ? (
              <button
                type="submit"
                name="intent"
                value="import"
                className="button button-primary"
                disabled={busy}
              >
                Import {data.valid} rows
              </button>
            ) : null}
          </div>
        ) : null}
        {busy ? <progress aria-label="Importing" className="import-progress" /> : null}
        <div>
          <button type="submit" name="intent" value="preview" className="button" disabled={busy}>
            Check the file
          </button>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Import people · Admin · Partner Academy" }];
