import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getUser, homeFor } from "~/auth/auth.server";
import { passwordSignIn } from "~/auth/password-sign-in.server";
import { safeRedirect } from "~/auth/redirect";
import { pendingIdpSignOut, ssoErrorMessage } from "~/auth/sso.server";
import { passwordSignInEnabled, ssoSettings } from "~/auth/sso-settings.server";
import { Field, Notice, ResultNotice, SubmitButton } from "~/ui/forms";
import { SsoButton } from "~/ui/sso-button";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const url = new URL(request.url);
  if (user) throw redirect(safeRedirect(url.searchParams.get("redirectTo"), homeFor(user)));
  const sso = ssoSettings();
  return json({
    sso: sso ? { label: sso.label } : null,
    passwordForm: passwordSignInEnabled(),
    ssoError: sso ? ssoErrorMessage(url.searchParams.get("error"), sso.label) : undefined,
    idpSignOut:
      Boolean(sso) && url.searchParams.get("signedOut") === "1" && (await pendingIdpSignOut(request)),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return passwordSignIn(request, context);
}

export default function LoginPage() {
  const { sso, passwordForm, ssoError, idpSignOut } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const signedOut = searchParams.get("signedOut") === "1";
  const busy = useNavigation().state === "submitting";

  return (
    <div className="auth-layout">
      <section className="auth-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in</h1>
        <p className="muted">Training and certification for partner managers, trainers and channel admins.</p>
        {signedOut && !result ? <Notice tone="success">You have signed out.</Notice> : null}
        {idpSignOut && sso ? (
          <Notice tone="info">
            <p>You may still be signed in at {sso.label}, for your other work apps too.</p>
            <p>
              <a href="/auth/sso/sign-out" className="button">
                Sign out of {sso.label} too
              </a>
            </p>
          </Notice>
        ) : null}
        {ssoError && !result ? <Notice tone="error">{ssoError}</Notice> : null}
        {result && !result.fieldErrors?.email && !result.fieldErrors?.password ? (
          <ResultNotice result={result} />
        ) : null}
        {sso ? <SsoButton label={sso.label} redirectTo={redirectTo} primary /> : null}
        {sso && passwordForm ? (
          <p className="auth-divider">
            <span>or with your password</span>
          </p>
        ) : null}
        {passwordForm ? (
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <Field
              name="email"
              label="Email"
              type="email"
              autoComplete="username"
              required
              result={result}
              autoFocus={!sso && (!result || Boolean(result.fieldErrors?.email))}
            />
            <Field
              name="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              required
              result={result}
              autoFocus={Boolean(result) && !result?.fieldErrors?.email}
            />
            <SubmitButton className="button button-primary button-block">
              {busy ? "Signing in…" : "Sign in"}
            </SubmitButton>
          </Form>
        ) : (
          <p className="muted small">
            Keeping an emergency admin account? <Link to="/login/break-glass">Break-glass sign-in</Link>
          </p>
        )}
        {passwordForm ? (
          <p className="muted small">
            {sso
              ? `New here? Sign in with ${sso.label}, or use the invitation link your admin sent you.`
              : "New here? Your admin sends you an invitation link to set your password."}
          </p>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · Partner Academy" }];
