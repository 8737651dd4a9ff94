import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

const REPORTS = [
  {
    file: "certifications.csv",
    title: "Certification status",
    description:
      "One row per person and program they have been certified in: status today, issue and expiry dates, credential id.",
  },
  {
    file: "assignments.csv",
    title: "Specialist assignments",
    description: "Every assignment, current and ended, with whether it is covered, at risk or lapsed today.",
  },
  {
    file: "coverage.csv",
    title: "Coverage",
    description: "Each territory × technology: covered, at risk, lapsed or vacant, and until when.",
  },
];

export default function Reports() {
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Reports</p>
        <h1>Reports</h1>
        <p className="lead">
          CSV exports, computed at the moment you download them. Open them in any spreadsheet.
        </p>
      </header>
      <ul className="card-grid plain-list">
        {REPORTS.map((r) => (
          <li key={r.file} className="card module-card">
            <h2 className="h3">{r.title}</h2>
            <p className="muted small">{r.description}</p>
            <a className="button" href={`/admin/reports/${r.file}`} download>
              Download {r.file}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Reports · Admin · Partner Academy" }];
