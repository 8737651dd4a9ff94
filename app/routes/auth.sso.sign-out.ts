import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { ssoSignOut } from "~/auth/sso.server";
import { ssoSettings } from "~/auth/sso-settings.server";

// Public: the "sign out of the IdP too" link on the signed-out page (decision 061).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = ssoSettings();
  if (!settings) return redirect("/login");
  return ssoSignOut(request, context, settings);
}
