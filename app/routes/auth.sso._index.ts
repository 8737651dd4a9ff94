import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser, homeFor } from "~/auth/auth.server";
import { redirect } from "@remix-run/node";
import { startSso } from "~/auth/sso.server";
import { ssoSettings } from "~/auth/sso-settings.server";

// Public: starting a sign-in. Someone already signed in goes home instead.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = ssoSettings();
  if (!settings) throw new Response("Single sign-on is not configured.", { status: 404 });
  const user = await getUser(request);
  if (user) return redirect(homeFor(user));
  return startSso(request, context, settings);
}
