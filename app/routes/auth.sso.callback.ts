import type { LoaderFunctionArgs } from "@remix-run/node";
import { finishSso } from "~/auth/sso.server";
import { ssoSettings } from "~/auth/sso-settings.server";

// Public: the IdP sends the browser back here. The state, PKCE verifier and nonce in the
// transaction cookie are what make this GET safe; any failure lands on the login page.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = ssoSettings();
  if (!settings) throw new Response("Single sign-on is not configured.", { status: 404 });
  return finishSso(request, context, settings);
}
