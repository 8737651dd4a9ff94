/** The integrations pages' own tabs: one "Integrations" entry in the admin menu opens them. */
import { Link, NavLink } from "@remix-run/react";

export function IntegrationsNav() {
  return (
    <nav aria-label="Integrations" className="tabs">
      <NavLink to="/admin/api-tokens" prefetch="intent">
        API tokens
      </NavLink>
      <NavLink to="/admin/webhooks" prefetch="intent">
        Webhooks
      </NavLink>
      <Link to="/api/v1/reference">API reference</Link>
    </nav>
  );
}
