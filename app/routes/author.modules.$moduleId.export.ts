import type { LoaderFunctionArgs } from "@remix-run/node";
import { strToU8, zipSync } from "fflate";
import { requireAuthor } from "~/auth/auth.server";
import { exportModuleFiles } from "~/models/module-export.server";
import { db } from "~/utils/db.server";
import { idParam } from "~/utils/params";

/**
 * The module in the content/ format, zipped: unzip it into content/ and `npm run
 * content:import` loads the same module.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const files = exportModuleFiles(db(), idParam(params, "moduleId", "module"));
  if (!files) throw new Response("Nothing to export: the module has no content yet.", { status: 404 });
  const zip = zipSync(Object.fromEntries([...files].map(([name, text]) => [name, strToU8(text)])));
  const first = [...files.keys()][0] ?? "module/";
  const name = first.split("/").slice(0, 2).join("-");
  return new Response(zip, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${name}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}
