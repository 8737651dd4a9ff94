import { Form, NavLink } from "@remix-run/react";
import type { Role } from "#db/vocabulary";

interface HeaderUser {
  name: string;
  email: string;
  roles: Role[];
  /** Unread in-app notifications. */
  unread: number;
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
            <NavLink
              to="/notifications"
              className={`bell${user.unread > 0 ? " bell-unread" : ""}`}
              aria-label={
                user.unread > 0 ? `Notifications, ${user.unread} unread` : "Notifications, none unread"
              }
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
                <path
                  fill="currentColor"
                  d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
                />
              </svg>
              {user.unread > 0 ? (
                <span className="bell-count" aria-hidden="true">
                  {user.unread > 99 ? "99+" : user.unread}
                </span>
              ) : null}
            </NavLink>
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
