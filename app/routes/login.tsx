import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
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
import { db } from "~/utils/db.server";
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

type FieldErrors = Partial<Record<"email" | "password" | "form", string>>;

function formatTime(date: Date) {
  return date.toISOString().slice(11, 16) + " UTC";
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request.clone());
  const rawEmail = form.get("email");
  const email = typeof rawEmail === "string" ? rawEmail.slice(0, 320) : "";
  const redirectTo = form.get("redirectTo");
  const fail = (errors: FieldErrors, status = 400) => json({ errors, values: { email } }, { status });

  const parsed = SignInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "email" || field === "password") && !errors[field]) errors[field] = issue.message;
    }
    return fail(errors);
  }

  const now = new Date();
  const limits = throttleLimits();
  const account = normalizeEmail(parsed.data.email);
  const ip = context.clientIp;
  const lockedUntil = signInLockedUntil(db(), account, ip, limits, now);
  if (lockedUntil) {
    const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
    return fail(
      {
        form: `Too many failed sign-ins. For your security, signing in is paused: try again at ${formatTime(lockedUntil)} (in ${minutes} minute${minutes === 1 ? "" : "s"}).`,
      },
      429,
    );
  }

  let userId: number;
  try {
    userId = await authenticator.authenticate("password", request);
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    recordSignInFailure(db(), account, ip, now);
    return fail({ form: error.message }, 401);
  }
  clearSignInFailures(db(), account, limits, now);
  const user = getSessionUser(db(), userId);
  if (!user) return fail({ form: new InvalidCredentialsError().message }, 401);
  return signIn(request, userId, safeRedirect(redirectTo, homeFor(user)));
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors: FieldErrors = actionData?.errors ?? {};
  const signedOut = searchParams.get("signedOut") === "1";

  return (
    <div className="auth-layout">
      <section className="auth-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in</h1>
        <p className="muted">Training and certification for partner managers, trainers and channel admins.</p>
        {signedOut && !actionData ? (
          <p className="notice notice-success" role="status">
            You have signed out.
          </p>
        ) : null}
        {errors.form ? (
          <p className="notice notice-error" role="alert" id="form-error">
            {errors.form}
          </p>
        ) : null}
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              defaultValue={actionData?.values.email ?? ""}
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={errors.email ? "email-error" : undefined}
              autoFocus={!actionData || Boolean(errors.email)}
            />
            {errors.email ? (
              <p className="field-error" id="email-error">
                {errors.email}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? "password-error" : undefined}
              autoFocus={Boolean(actionData) && !errors.email}
            />
            {errors.password ? (
              <p className="field-error" id="password-error">
                {errors.password}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </Form>
        <p className="muted small">New here? Your admin sends you an invitation link to set your password.</p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · Partner Academy" }];
