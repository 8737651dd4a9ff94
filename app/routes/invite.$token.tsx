import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { signIn } from "~/auth/auth.server";
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
} from "~/auth/password.server";
import { acceptInvitation, invitationState } from "~/models/invitations.server";
import { passwordSignInEnabled, ssoSettings } from "~/auth/sso-settings.server";
import { Field, Notice, ResultNotice, SubmitButton } from "~/ui/forms";
import { SsoButton } from "~/ui/sso-button";
import { formFailure, refusalFailure } from "~/utils/form-result.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";

// Public: the token is the credential. It is checked again, atomically, when used.
export async function loader({ params }: LoaderFunctionArgs) {
  const sso = ssoSettings();
  return json({
    // PASSWORD_SIGN_IN=0: nobody sets a password; the invitation points to single sign-on.
    ssoOnly: passwordSignInEnabled() ? null : { label: sso?.label ?? "single sign-on" },
    invitation: invitationState(db(), params.token ?? "", new Date()),
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (!passwordSignInEnabled()) {
    return formFailure(
      { message: "Passwords are turned off here: sign in with single sign-on instead." },
      403,
    );
  }
  const form = await readForm(request);
  const password = String(form.get("password") ?? "");
  const confirm = String(form.get("confirm") ?? "");
  const problem = passwordProblem(password);
  if (problem) return formFailure({ fieldErrors: { password: problem } });
  if (password !== confirm)
    return formFailure({ fieldErrors: { confirm: "The two passwords are not the same." } });
  try {
    const userId = acceptInvitation(db(), params.token ?? "", await hashPassword(password), new Date());
    return signIn(request, userId, "/", { method: "invitation" });
  } catch (error) {
    return refusalFailure(error);
  }
}

export default function AcceptInvitation() {
  const { invitation, minLength, ssoOnly } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (ssoOnly && invitation.state === "valid") {
    return (
      <div className="auth-layout">
        <section className="auth-card" aria-labelledby="invite-title">
          <h1 id="invite-title">Welcome, {invitation.name.split(" ")[0]}</h1>
          <p className="muted">
            Partner Academy signs you in with {ssoOnly.label}: no new password needed. Use your work account
            for {invitation.email}.
          </p>
          <SsoButton label={ssoOnly.label} primary />
        </section>
      </div>
    );
  }
  if (invitation.state !== "valid") {
    const message = {
      used: "This invitation has already been used. Sign in with the password you set, or ask your admin for a new link.",
      expired: "This invitation has expired. Ask your admin to send a new one.",
      unknown:
        "This invitation link is not valid. Check that you copied all of it, or ask your admin for a new one.",
    }[invitation.state];
    return (
      <div className="auth-layout">
        <section className="auth-card" aria-labelledby="invite-title">
          <h1 id="invite-title">Invitation not usable</h1>
          <Notice tone="warning">{message}</Notice>
          <p>
            <Link to="/login">Go to sign in</Link>
          </p>
        </section>
      </div>
    );
  }
  return (
    <div className="auth-layout">
      <section className="auth-card" aria-labelledby="invite-title">
        <h1 id="invite-title">Welcome, {invitation.name.split(" ")[0]}</h1>
        <p className="muted">
          Set a password for {invitation.email}. Use at least {minLength} characters; a few words together
          make a good one.
        </p>
        <ResultNotice result={result} />
        <Form method="post" className="stack" noValidate>
          <Field
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            minLength={minLength}
            required
            result={result}
          />
          <Field
            name="confirm"
            label="Repeat the password"
            type="password"
            autoComplete="new-password"
            required
            result={result}
          />
          <SubmitButton className="button button-primary button-block">Set password and sign in</SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [
  { title: "Accept your invitation · Partner Academy" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];
