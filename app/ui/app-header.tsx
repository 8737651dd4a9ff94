import { Form, NavLink } from "@remix-run/react";
import type { Role } from "#db/vocabulary";

interface HeaderUser {
  name: string;
  email: string;
  roles: Role[];
}

const NAV: { role: Role; to: string; label: string; end?: boolean }[] = [
  { role: "learner", to: "/learn", label: "My learning", end: true },
  { role: "learner", to: "/learn/catalog", label: "Catalog" },
  { role: "learner", to: "/learn/certificates", label: "Certificates" },
  { role: "trainer", to: "/author", label: "Authoring" },
  { role: "admin", to: "/admin", label: "Admin" },
];

/** Top bar: product name, the sections the user's roles open, and the account menu. */
export function AppHeader({ user }: { user: HeaderUser | null }) {
  const links = user ? NAV.filter((n) => user.roles.includes(n.role)) : [];
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <a href="/" className="brand" aria-label="Partner Academy home">
          <span className="brand-mark" aria-hidden="true">
            PA
          </span>
          <span className="brand-name">Partner Academy</span>
        </a>
        {links.length > 0 ? (
          <nav aria-label="Main" className="main-nav">
            <ul>
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} prefetch="intent" end={l.end}>
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {user ? (
          <div className="account">
            <span className="account-name" title={user.email}>
              {user.name}
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="button button-quiet">
                Sign out
              </button>
            </Form>
          </div>
        ) : null}
      </div>
    </header>
  );
}
