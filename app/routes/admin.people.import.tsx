import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ConfirmSchema } from "~/schemas/admin.people.import.server";
import { requireRole } from "~/auth/auth.server";
import { importPeopleCsv, previewPeopleCsv } from "~/models/people-import.server";
import { Field, Notice, ResultNotice, SubmitButton, TextAreaField } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formFailure, formSuccess, refusalFailure } from "~/utils/form-result.server";
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

const ROW_ERRORS_SHOWN = 200;

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const text = await csvText(form);
  if (text.trim() === "") {
    const message = "Choose a CSV file or paste its contents.";
    return formFailure({ message, fieldErrors: { file: message }, intent: "preview" });
  }
  if (form.get("intent") === "import") {
    const confirmed = ConfirmSchema.safeParse(Object.fromEntries(form));
    if (!confirmed.success)
      return formFailure({
        message: "Check the file first, then confirm the import: nothing was imported.",
        values: { csv: text },
        intent: "import",
      });
    try {
      const imported = importPeopleCsv(db(), text, confirmed.data, admin.id, new Date());
      const skipped = imported.skipped > 0 ? ` ${imported.skipped} rows with errors were skipped.` : "";
      return formSuccess(`Imported: ${imported.created} created, ${imported.updated} updated.${skipped}`, {
        intent: "import" as const,
      });
    } catch (error) {
      return refusalFailure(error, { values: { csv: text }, intent: "import" as const });
    }
  }
  const preview = previewPeopleCsv(db(), text);
  if (preview.fileErrors.length > 0) {
    const message = `${preview.fileErrors.join(" ")} Nothing was imported.`;
    return formFailure({
      message,
      fieldErrors: { csv: preview.fileErrors.join(" ") },
      values: { csv: text },
    });
  }
  return formSuccess("", {
    intent: "preview" as const,
    csv: text,
    preview: {
      valid: preview.rows.length,
      newCount: preview.newCount,
      updateCount: preview.updateCount,
      skipped: preview.rowErrors.length,
      rowErrors: preview.rowErrors.slice(0, ROW_ERRORS_SHOWN),
      digest: preview.digest,
    },
  });
}

export default function ImportPeople() {
  const result = useActionData<typeof action>();
  const checked = result && "preview" in result ? result : undefined;
  const imported = result?.ok && result.intent === "import";
  const busy = useNavigation().state !== "idle";
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
          people are created, existing ones updated. Nothing is imported until you have checked the file and
          confirmed.
        </p>
      </header>
      <ResultNotice result={result} />
      <Form
        method="post"
        encType="multipart/form-data"
        className="card stack"
        key={imported ? "done" : "form"}
      >
        <Field name="file" label="CSV file (UTF-8)" type="file" accept=".csv,text/csv" result={result} />
        <TextAreaField
          name="csv"
          label="…or paste the CSV"
          rows={6}
          className="field-markdown"
          result={result}
          defaultValue={checked?.csv}
          key={`csv-${checked?.preview.digest ?? ""}`}
        />
        <div>
          <SubmitButton intent="preview" className="button">
            Check the file
          </SubmitButton>
        </div>
      </Form>
      {checked ? <Preview csv={checked.csv} preview={checked.preview} /> : null}
      {busy ? <progress aria-label="Working" className="import-progress" /> : null}
    </div>
  );
}

interface PreviewData {
  valid: number;
  newCount: number;
  updateCount: number;
  skipped: number;
  rowErrors: { line: number; email: string; message: string }[];
  digest: string;
}

function Preview({ csv, preview }: { csv: string; preview: PreviewData }) {
  const { valid, skipped } = preview;
  return (
    <section className="card stack" aria-labelledby="preview-title">
      <h2 id="preview-title" className="h3">
        What the import would do
      </h2>
      <p>
        <strong>{valid}</strong> {valid === 1 ? "row" : "rows"} can be imported: {preview.newCount} new,{" "}
        {preview.updateCount} {preview.updateCount === 1 ? "update" : "updates"}.
      </p>
      {skipped > 0 ? (
        <>
          <Notice tone="warning">
            <p>
              <strong>
                {skipped} {skipped === 1 ? "row has" : "rows have"} errors
              </strong>{" "}
              and would be skipped. Download them to fix and import again, or correct the file and check it
              again.
            </p>
          </Notice>
          <div className="table-wrap" role="region" aria-label="Rows with errors" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Email</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {preview.rowErrors.map((e) => (
                  <tr key={e.line}>
                    <td>{e.line}</td>
                    <td>{e.email}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {skipped > preview.rowErrors.length ? (
            <p className="muted small">
              The first {preview.rowErrors.length} are shown; the download has all {skipped}.
            </p>
          ) : null}
          <Form method="post" action="/admin/people/import/skipped" reloadDocument>
            <input type="hidden" name="csv" value={csv} />
            <button type="submit" className="button">
              Download the {skipped} skipped {skipped === 1 ? "row" : "rows"} (CSV)
            </button>
          </Form>
        </>
      ) : null}
      {valid > 0 ? (
        <Form method="post" className="button-row">
          <input type="hidden" name="csv" value={csv} />
          <input type="hidden" name="digest" value={preview.digest} />
          <input type="hidden" name="skip" value={skipped} />
          <SubmitButton intent="import">
            {skipped > 0
              ? `Import ${valid} valid ${valid === 1 ? "row" : "rows"}, skip ${skipped}`
              : `Import ${valid} ${valid === 1 ? "row" : "rows"}`}
          </SubmitButton>
        </Form>
      ) : (
        <p>No row can be imported yet: fix the rows with errors and check the file again.</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Import people · Admin · Partner Academy" }];
