import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";
import {
  ASSIGNMENT_HEADER,
  assignmentRows,
  CERTIFICATION_HEADER,
  certificationRows,
  COVERAGE_HEADER,
  coverageRows,
} from "~/models/reports.server";
import { csvResponse } from "~/utils/csv-response.server";
import { db } from "~/utils/db.server";

const REPORTS = {
  "certifications.csv": { header: CERTIFICATION_HEADER, rows: certificationRows },
  "assignments.csv": { header: ASSIGNMENT_HEADER, rows: assignmentRows },
  "coverage.csv": { header: COVERAGE_HEADER, rows: coverageRows },
} as const;

function isReport(name: string): name is keyof typeof REPORTS {
  return name in REPORTS;
}

/** Streamed CSV exports; statuses are computed for the moment of the download. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const name = params.report ?? "";
  if (!isReport(name)) throw new Response("No such report", { status: 404 });
  const now = new Date();
  const report = REPORTS[name];
  const stamp = now.toISOString().slice(0, 10);
  return csvResponse(report.header, report.rows(db(), now), {
    acceptEncoding: request.headers.get("Accept-Encoding"),
    drained: context.responseDrained,
    headers: {
      "Content-Disposition": `attachment; filename="${name.replace(".csv", "")}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
