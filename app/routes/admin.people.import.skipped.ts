import type { ActionFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";
import { skippedRowsCsv } from "~/models/people-import.server";
import { db } from "~/utils/db.server";
import { refusalResponse } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

/**
 * POST the previewed CSV text: answers with the rows an import would skip, as a CSV file
 * with the same columns and a `problem` column, to fix and import again.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const form = await readForm(request);
  const text = String(form.get("csv") ?? "");
  try {
    return new Response(skippedRowsCsv(db(), text), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="skipped-rows.csv"',
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    refusalResponse(error);
  }
}
