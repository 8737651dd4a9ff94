import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLocation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

const SECTIONS: { to: string; label: string; end?: boolean; alsoUnder?: string[] }[] = [
  { to: "/admin", label: "Overview", end: true },
  { to: "/admin/coverage", label: "Coverage" },
  { to: "/admin/people", label: "People" },
  { to: "/admin/plans", label: "Plans" },
  { to: "/admin/programs", label: "Programs" },
  { to: "/admin/recertification", label: "Recertification" },
  { to: "/admin/reports", label: "Reports" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/admin/outbox", label: "Outbox" },
  { to: "/admin/api-tokens", label: "Integrations", alsoUnder: ["/admin/webhooks"] },
];

export default function AdminLayout() {
  const { pathname } = useLocation();
  return (
    <div className="stack-lg">
      <nav aria-label="Admin" className="subnav">
        {SECTIONS.map((s) => (
          <NavLink
            key={s.to}
            to={s.to}
            end={s.end}
            prefetch="intent"
            className={({ isActive }) =>
              isActive || s.alsoUnder?.some((p) => pathname.startsWith(p)) ? "active" : undefined
            }
          >
            {s.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
