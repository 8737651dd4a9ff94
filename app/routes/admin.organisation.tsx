import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/auth.server";
import { addPartner, addTerritory, getOrganisation, regionsList } from "~/models/programs.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ ...getOrganisation(db()), regions: regionsList(db()) });
}

const TerritorySchema = z.object({
  intent: z.literal("territory"),
  regionId: z.coerce.number({ error: "Choose a region." }).int().min(1, "Choose a region."),
  name: z.string().trim().min(2, "Name the territory.").max(80),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{2,6}$/, "Codes are 2–6 letters or digits."),
});
const PartnerSchema = z.object({
  intent: z.literal("partner"),
  territoryId: z.coerce.number({ error: "Choose a territory." }).int().min(1, "Choose a territory."),
  name: z.string().trim().min(2, "Name the partner.").max(120),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const raw = Object.fromEntries(form);
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
  const fail = (message: string, status = 400) => json({ ok: false, message, values }, { status });
  try {
    if (raw.intent === "territory") {
      const parsed = TerritorySchema.safeParse(raw);
      if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Check the values.");
      addTerritory(db(), parsed.data, admin.id, new Date());
      return json({
        ok: true,
        message: `Territory ${parsed.data.name} added.`,
        values: {} as Record<string, string>,
      });
    }
    const parsed = PartnerSchema.safeParse(raw);
    if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Check the values.");
    const mix: { technologyId: number; sharePercent: number }[] = [];
    for (const [key, value] of form.entries()) {
      const match = /^share-(\d+)$/.exec(key);
      if (!match || String(value).trim() === "") continue;
      const share = Number(value);
      if (!Number.isFinite(share) || share < 0 || share > 100)
        return fail("Each share is a percentage from 0 to 100.");
      mix.push({ technologyId: Number(match[1]), sharePercent: share });
    }
    addPartner(db(), { ...parsed.data, mix }, admin.id, new Date());
    return json({
      ok: true,
      message: `Partner ${parsed.data.name} added.`,
      values: {} as Record<string, string>,
    });
  } catch (error) {
    if (error instanceof Response) return fail(await error.text(), error.status);
    throw error;
  }
}

export default function Organisation() {
  const { technologies, territories, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const v = actionData && !actionData.ok ? actionData.values : {};
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/programs">Programs</Link>
      </nav>
      <header className="page-header">
        <h1>Territories and partners</h1>
        <p className="lead">
          Each partner&rsquo;s sales mix: the share of its business per technology. Low shares are a
          specialist&rsquo;s growth targets.
        </p>
      </header>
      {actionData ? (
        <p
          className={`notice ${actionData.ok ? "notice-success" : "notice-error"}`}
          role={actionData.ok ? "status" : "alert"}
        >
          {actionData.message}
        </p>
      ) : null}
      <div className="two-col">
        <Form
          method="post"
          className="card stack"
          key={actionData?.ok ? `t-${actionData.message}` : "territory"}
        >
          <h2 className="h3">Add a territory</h2>
          <input type="hidden" name="intent" value="territory" />
          <div className="field">
            <label htmlFor="t-region">Region</label>
            <select id="t-region" name="regionId" defaultValue={v.regionId ?? ""}>
              <option value="">Choose…</option>
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
          <div className="inline-form">
            <div className="field">
              <label htmlFor="t-name">Name</label>
              <input
                id="t-name"
                name="name"
                type="text"
                defaultValue={v.intent === "territory" ? v.name : ""}
              />
            </div>
            <div className="field field-narrow">
              <label htmlFor="t-code">Code</label>
              <input id="t-code" name="code" type="text" defaultValue={v.code ?? ""} />
            </div>
          </div>
          <div>
            <button type="submit" className="button" disabled={busy}>
              Add territory
            </button>
          </div>
        </Form>
        <Form
          method="post"
          className="card stack"
          key={actionData?.ok ? `p-${actionData.message}` : "partner"}
        >
          <h2 className="h3">Add a partner</h2>
          <input type="hidden" name="intent" value="partner" />
          <div className="inline-form">
            <div className="field">
              <label htmlFor="p-name">Name</label>
              <input
                id="p-name"
                name="name"
                type="text"
                defaultValue={v.intent === "partner" ? v.name : ""}
              />
            </div>
            <div className="field">
              <label htmlFor="p-territory">Territory</label>
              <select id="p-territory" name="territoryId" defaultValue={v.territoryId ?? ""}>
                <option value="">Choose…</option>
                {territories.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset className="checkbox-group mix-inputs">
            <legend>Sales mix (% per technology)</legend>
            {technologies.map((t) => (
              <label key={t.id} className="mix-input">
                <span>{t.name}</span>
                <input
                  type="number"
                  name={`share-${t.id}`}
                  min={0}
                  max={100}
                  step={1}
                  defaultValue={v[`share-${t.id}`] ?? ""}
                />
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit" className="button" disabled={busy}>
              Add partner
            </button>
          </div>
        </Form>
      </div>
      {territories.map((t) => (
        <section key={t.id} className="card stack" aria-labelledby={`territory-${t.id}`}>
          <h2 id={`territory-${t.id}`} className="h3">
            {t.name}{" "}
            <span className="muted small">
              · {t.code} · {t.region}
            </span>
          </h2>
          {t.partners.length === 0 ? (
            <p className="empty">No partners.</p>
          ) : (
            <div className="table-wrap">
              <table className="mix-table">
                <thead>
                  <tr>
                    <th scope="col">Partner</th>
                    {technologies.map((tech) => (
                      <th key={tech.id} scope="col" className="num">
                        {tech.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {t.partners.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.name}</th>
                      {technologies.map((tech) => {
                        const share = p.mix[String(tech.id)] ?? 0;
                        return (
                          <td key={tech.id} className={`num ${share === 0 ? "muted" : ""}`}>
                            {share}%
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Territories and partners · Admin · Partner Academy" }];
