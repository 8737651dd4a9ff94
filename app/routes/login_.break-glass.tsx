import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getUser, homeFor } from "~/auth/auth.server";
import { passwordSignIn } from "~/auth/password-sign-in.server";
import { passwordSignInEnabled, ssoSettings } from "~/auth/sso-settings.server";
import { Field, Notice, ResultNotice, SubmitButton } from "~/ui/forms";
import { SsoButton } from "~/ui/sso-button";

// The password form for break-glass accounts while PASSWORD_SIGN_IN=0. The page is only a
// door: the password strategy itself refuses every account that is not break-glass.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
  if (passwordSignInEnabled()) throw redirect("/login");
  return json({ label: ssoSettings()?.label ?? "single sign-on" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return passwordSignIn(request, context);
}

export default function BreakGlassSignIn() {
  const { label } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  return (
    <div className="auth-layout">
      <section className="auth-card" aria-labelledby="break-glass-title">
        <h1 id="break-glass-title">Break-glass sign-in</h1>
        <Notice tone="warning">
          <p>
            Passwords are reserved for emergency admin accounts, for when {label} is unavailable. Every use is
            recorded in the audit log.
          </p>
        </Notice>
        <ResultNotice result={result} />
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field name="email" label="Email" type="email" autoComplete="username" required result={result} />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            result={result}
          />
          <SubmitButton className="button button-danger button-block">Sign in with a password</SubmitButton>
        </Form>
        <p className="muted small">Everyone else:</p>
        <SsoButton label={label} redirectTo={redirectTo} />
        <p className="muted small">
          <Link to="/login">Back to sign in</Link>
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Break-glass sign-in · Partner Academy" }];
