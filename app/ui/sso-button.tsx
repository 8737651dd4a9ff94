/**
 * "Sign in with <label>": a link, not a form. The redirect to the IdP must not follow a form
 * submission, because the CSP's `form-action 'self'` (rightly) blocks a form whose redirect
 * leaves the site; starting a sign-in changes nothing on the server (decision 061).
 */
export function SsoButton({
  label,
  redirectTo,
  primary = false,
}: {
  label: string;
  redirectTo?: string;
  primary?: boolean;
}) {
  const href = redirectTo ? `/auth/sso?${new URLSearchParams({ redirectTo })}` : "/auth/sso";
  return (
    <a href={href} className={`button button-block${primary ? " button-primary" : ""}`}>
      Sign in with {label}
    </a>
  );
}
