import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  authenticator,
  getUser,
  homeFor,
  InvalidCredentialsError,
  normalizeEmail,
  signIn,
  SignInSchema,
} from "~/auth/auth.server";
import { safeRedirect } from "~/auth/redirect";
import {
  clearSignInFailures,
  recordSignInFailure,
  signInLockedUntil,
  type ThrottleLimits,
} from "~/models/sign-in-throttle.server";
import { getSessionUser } from "~/models/users.server";
import { Field, Notice, ResultNotice, SubmitButton } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { env } from "~/utils/env.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) {
    const redirectTo = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirect(redirectTo, homeFor(user)));
  }
  return null;
}

function throttleLimits(): ThrottleLimits {
  const config = env();
  return {
    maxFailuresPerAccount: config.SIGN_IN_MAX_FAILURES,
    maxFailuresPerIp: config.SIGN_IN_MAX_FAILURES_PER_IP,
    windowMs: config.SIGN_IN_WINDOW_MINUTES * 60_000,
  };
}

function formatTime(date: Date) {
  return date.toISOString().slice(11, 16) + " UTC";
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request.clone());
  const rawEmail = form.get("email");
  const email = typeof rawEmail === "string" ? rawEmail.slice(0, 320) : "";
  const redirectTo = form.get("redirectTo");
  // The password is never sent back; the email is, so a refused form keeps it.
  const values = { email };
  const fail = (message: string, status: number) => formFailure({ message, values }, status);

  const parsed = SignInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return zodFailure(parsed.error, values);

  const now = new Date();
  const limits = throttleLimits();
  const account = normalizeEmail(parsed.data.email);
  const ip = context.clientIp;
  const lockedUntil = signInLockedUntil(db(), account, ip, limits, now);
  if (lockedUntil) {
    const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
    return fail(
      `Too many failed sign-ins. For your security, signing in is paused: try again at ${formatTime(lockedUntil)} (in ${minutes} minute${minutes === 1 ? "" : "s"}).`,
      429,
    );
  }

  let userId: number;
  try {
    userId = await authenticator.authenticate("password", request);
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    recordSignInFailure(db(), account, ip, now);
    return fail(error.message, 401);
  }
  clearSignInFailures(db(), account, limits, now);
  const user = getSessionUser(db(), userId);
  if (!user) return fail(new InvalidCredentialsError().message, 401);
  return signIn(request, userId, safeRedirect(redirectTo, homeFor(user)));
}

export default function LoginPage() {
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const signedOut = searchParams.get("signedOut") === "1";
  const emailError = Boolean(result?.fieldErrors?.email);

  return (
    <div className="auth-layout">
      <section className="auth-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in</h1>
        <p className="muted">Training and certification for partner managers, trainers and channel admins.</p>
        {signedOut && !result ? <Notice tone="success">You have signed out.</Notice> : null}
        {result && !result.fieldErrors?.email && !result.fieldErrors?.password ? (
          <ResultNotice result={result} />
        ) : null}
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <Field
            name="email"
            label="Email"
            type="email"
            autoComplete="username"
            required
            result={result}
            autoFocus={!result || emailError}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            result={result}
            autoFocus={Boolean(result) && !emailError}
          />
          <SubmitButton className="button button-primary button-block">
            {busy ? "Signing in…" : "Sign in"}
          </SubmitButton>
        </Form>
        <p className="muted small">New here? Your admin sends you an invitation link to set your password.</p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · Partner Academy" }];
