import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { CheckSchema } from "~/schemas/verify._index.server";
import { MAX_CREDENTIAL_BYTES, type CredentialCheck } from "~/domain/open-badge";
import { credentialOrigin } from "~/credentials/issuer.server";
import { checkPresentedCredential } from "~/models/open-badge-verification.server";
import { CredentialCheckResult } from "~/ui/credential-check";
import { Field, ResultNotice, SubmitButton, TextAreaField } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formFailure, formSuccess, formValues, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

// Public, no loader: anyone may check a credential file, signed in or not.

const MAX_KB = MAX_CREDENTIAL_BYTES / 1024;

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const entry = form.get("file");
  // A form entry is a string or a file; an empty file input sends an empty file.
  const upload = entry === null || typeof entry === "string" || entry.size === 0 ? undefined : entry;
  const values = formValues(form);
  delete values.file;
  const parsed = CheckSchema.safeParse({ credential: values.credential, fileSize: upload?.size ?? 0 });
  if (!parsed.success) {
    const failure = zodFailure(parsed.error, values);
    return parsed.error.issues.some((i) => i.path[0] === "fileSize")
      ? formFailure(
          {
            message: parsed.error.issues[0]?.message,
            fieldErrors: { file: parsed.error.issues[0]?.message ?? "" },
            values,
          },
          413,
        )
      : failure;
  }
  const bytes = upload
    ? Buffer.from(await upload.arrayBuffer())
    : Buffer.from(parsed.data.credential.trim(), "utf8");
  const check: CredentialCheck = await checkPresentedCredential(
    db(),
    bytes,
    credentialOrigin(request.url),
    new Date(),
  );
  if (check.outcome !== "checked") {
    const field = upload ? "file" : "credential";
    return formFailure({ message: check.message, fieldErrors: { [field]: check.message }, values }, 422);
  }
  return formSuccess(
    check.signatureValid ? "Checked: the signature is valid." : "Checked: this credential does not verify.",
    { check },
  );
}

export default function VerifyFile() {
  const result = useActionData<typeof action>();
  const check = result?.ok ? result.check : undefined;
  return (
    <div className="stack-lg narrow">
      <header className="page-header">
        <p className="eyebrow">Credential verification</p>
        <h1>Check a credential</h1>
        <p className="lead">
          Upload a credential file (JSON) or badge image (SVG or PNG) from Partner Academy, or paste the
          credential&rsquo;s JSON. We check its signature and whether it has been revoked. Nothing you upload
          is kept.
        </p>
      </header>
      {check ? <CredentialCheckResult check={check} /> : <ResultNotice result={result} />}
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
        <Field
          name="file"
          label="Credential file or badge image"
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json,image/svg+xml,image/png"
          hint={`JSON, SVG or PNG, at most ${MAX_KB} KB.`}
          result={result}
        />
        <TextAreaField
          name="credential"
          label="Or paste the credential (JSON)"
          rows={8}
          spellCheck={false}
          className="mono-input"
          result={result}
        />
        <div className="button-row">
          <SubmitButton>Check credential</SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [
  { title: "Check a credential · Partner Academy" },
  { name: "robots", content: "noindex" },
];
