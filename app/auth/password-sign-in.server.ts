/**
 * The password sign-in action, shared by the login page and the break-glass page:
 * validation, throttling per account and per IP, the one message for a wrong pair, and a
 * fresh session. With PASSWORD_SIGN_IN=0 the strategy accepts break-glass accounts only.
 */
import type { AppLoadContext } from "@remix-run/node";
import {
  clearSignInFailures,
  recordSignInFailure,
  signInLockedUntil,
  type ThrottleLimits,
} from "~/models/sign-in-throttle.server";
import { getSessionUser } from "~/models/users.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formFailure, formValues, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import {
  authenticator,
  homeFor,
  InvalidCredentialsError,
  normalizeEmail,
  signIn,
  SignInSchema,
} from "./auth.server";
import { safeRedirect } from "./redirect";
import { logSso, requestIdOf } from "./sso-log.server";
import { passwordSignInEnabled } from "./sso-settings.server";

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

export async function passwordSignIn(request: Request, context: AppLoadContext) {
  const form = await readForm(request.clone());
  const submitted = formValues(form);
  // Never send the password back; cap what is echoed.
  const values = { email: String(submitted.email ?? "").slice(0, 320) };
  const parsed = SignInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return zodFailure(parsed.error, values);

  const now = new Date();
  const limits = throttleLimits();
  const account = normalizeEmail(parsed.data.email);
  const ip = context.clientIp;
  const lockedUntil = signInLockedUntil(db(), account, ip, limits, now);
  if (lockedUntil) {
    const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
    return formFailure(
      {
        message: `Too many failed sign-ins. For your security, signing in is paused: try again at ${formatTime(lockedUntil)} (in ${minutes} minute${minutes === 1 ? "" : "s"}).`,
        values,
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
    const message = passwordSignInEnabled()
      ? error.message
      : "That email and password do not match a break-glass account.";
    return formFailure({ message, values }, 401);
  }
  clearSignInFailures(db(), account, limits, now);
  const user = getSessionUser(db(), userId);
  if (!user) return formFailure({ message: new InvalidCredentialsError().message, values }, 401);
  const breakGlass = !passwordSignInEnabled();
  if (breakGlass) {
    // Someone used the emergency door: worth a line an operator will see.
    logSso("warn", "sign-in.break-glass", { reqId: requestIdOf(request, context), userId });
  }
  const redirectTo = form.get("redirectTo");
  return signIn(request, userId, safeRedirect(redirectTo, homeFor(user)), {
    method: breakGlass ? "break-glass" : "password",
  });
}
