/**
 * Single sign-on on an admin's person record: how the person signs in, the roles the IdP's
 * groups decide (shown, not edited), and unlinking their IdP identity.
 */
import { Form } from "@remix-run/react";
import { ROLE_LABELS, type Role } from "#db/vocabulary";
import { SubmitButton } from "~/ui/forms";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";

export interface PersonSsoFacts {
  breakGlass: boolean;
  ssoLinkedAt: string | null;
  hasPassword: number;
  lastSignInAt: string | null;
}

export function SignInMethod({ person, label }: { person: PersonSsoFacts; label: string | undefined }) {
  const method = person.breakGlass ? (
    <Badge tone="warning">Break-glass account</Badge>
  ) : person.ssoLinkedAt ? (
    `signs in with ${label ?? "single sign-on"}`
  ) : person.hasPassword ? (
    "signs in with a password"
  ) : label ? (
    `will sign in with ${label}`
  ) : (
    "has not set a password yet"
  );
  return (
    <>
      {method} ·{" "}
      {person.lastSignInAt ? `last signed in ${formatDate(person.lastSignInAt)}` : "never signed in"}
    </>
  );
}

/** Roles the IdP decides: shown, not editable, and why. */
export function IdpOwnedRoles({ roles, label }: { roles: readonly Role[]; label: string }) {
  return (
    <fieldset className="checkbox-group">
      <legend>Roles</legend>
      <p>
        {roles.map((role) => ROLE_LABELS[role]).join(", ")} <Badge tone="info">from {label}</Badge>
      </p>
      <p className="muted small">
        {label} decides these from the person&apos;s groups at every sign-in, so they are not edited here:
        change the groups there. To take access away at once, disable the account.
      </p>
    </fieldset>
  );
}

export function SsoLink({ linkedAt, label }: { linkedAt: string; label: string | undefined }) {
  return (
    <Form method="post" className="stack">
      <p className="muted small">
        Linked to {label ?? "single sign-on"} since {formatDate(linkedAt)}. Unlink when their identity there
        was replaced: the next sign-in links again by verified email.
      </p>
      <div>
        <SubmitButton intent="unlink-sso" className="button button-quiet">
          Unlink single sign-on
        </SubmitButton>
      </div>
    </Form>
  );
}
