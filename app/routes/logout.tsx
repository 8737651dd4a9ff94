import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getUser, signOut } from "~/auth/auth.server";
import { idpSignOutOffer } from "~/auth/sso.server";
import { ssoSettings } from "~/auth/sso-settings.server";

// Signing out changes state, so it is POST only. A GET goes home, or, for someone signed
// out (the IdP sends people back here after its own sign-out), to "You have signed out".
export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await getUser(request)) ? "/" : "/login?signedOut=1");
}

export async function action({ request }: ActionFunctionArgs) {
  return signOut(request, idpSignOutOffer(ssoSettings()));
}
