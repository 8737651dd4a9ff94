import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { benchByCell } from "~/models/bench.server";
import { coverageFacets, getCoverage } from "~/models/coverage.server";
import { getSeatCaps } from "~/models/seat-caps.server";
import { FilterBar, SelectField } from "~/ui/forms";
import { db } from "~/utils/db.server";
import { formatDate } from "~/ui/format";
import { daysLeft } from "~/ui/status";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  const facets = coverageFacets(db());
  // A grid of every territory stops being readable (and cheap) past a few dozen rows: large
  // organisations start on their first region and can still ask for all.
  const requested = params.get("region")?.slice(0, 100);
  const region =
    requested === "all"
      ? undefined
      : requested || (facets.territoryCount > MAX_DEFAULT_TERRITORIES ? facets.regions[0] : undefined);
  const requestedUnit = params.get("businessUnit")?.slice(0, 100);
  const businessUnit =
    requestedUnit === "all"
      ? undefined
      : requestedUnit ||
        (facets.technologyCount > MAX_DEFAULT_TECHNOLOGIES ? facets.businessUnits[0]?.slug : undefined);
  const filters = { region, businessUnit };
  const now = new Date();
  const coverage = getCoverage(db(), filters, now);
  // The bench view (issue #17): eligible backups per cell (certified, below the seat cap),
  // for covered cells without one.
  const view = params.get("view") === "bench" ? "bench" : "status";
  const bench =
    view === "bench"
      ? benchByCell(
          db(),
          coverage.territories.map((t) => t.id),
          coverage.technologies.map((t) => t.id),
          now,
        )
      : null;
  return json({
    filters,
    view,
    bench,
    specialistCap: getSeatCaps(db()).specialist,
    requestedAll: requested === "all",
    requestedAllUnits: requestedUnit === "all",
    facets,
    coverage,
  });
}

const MAX_DEFAULT_TERRITORIES = 40;
const MAX_DEFAULT_TECHNOLOGIES = 12;

/** Cells someone holds today: the bench view asks whether anyone could take over. */
const HELD = new Set(["covered", "at-risk", "in-grace"]);

const LABEL = {
  covered: "Covered",
  "at-risk": "At risk",
  "in-grace": "In grace",
  lapsed: "Lapsed",
  vacant: "Vacant",
} as const;

export default function CoverageHeatmap() {
  const { filters, view, bench, specialistCap, requestedAll, requestedAllUnits, facets, coverage } =
    useLoaderData<typeof loader>();
  const noBackup = (key: string, status: string) => bench !== null && HELD.has(status) && !bench[key];
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">Coverage</p>
        <h1>Specialist coverage</h1>
        <p className="lead">
          Each territory × technology: is there a certified specialist, and for how long? Choose a cell to see
          who covers it and who could.
        </p>
      </header>
      <FilterBar label="Choose the slice" className="filters filters-compact" autoSubmit>
        <SelectField
          name="region"
          label="Region"
          options={[
            { value: facets.territoryCount > MAX_DEFAULT_TERRITORIES ? "all" : "", label: "All regions" },
            ...facets.regions.map((r) => ({ value: r, label: r })),
          ]}
          defaultValue={filters.region ?? (requestedAll ? "all" : "")}
        />
        <SelectField
          name="businessUnit"
          label="Business unit"
          options={[
            {
              value: facets.technologyCount > MAX_DEFAULT_TECHNOLOGIES ? "all" : "",
              label: "All business units",
            },
            ...facets.businessUnits.map((b) => ({ value: b.slug, label: b.name })),
          ]}
          defaultValue={filters.businessUnit ?? (requestedAllUnits ? "all" : "")}
        />
        <SelectField
          name="view"
          label="View"
          options={[
            { value: "status", label: "Status" },
            { value: "bench", label: "Bench (backups)" },
          ]}
          defaultValue={view}
        />
      </FilterBar>
      <ul className="legend" aria-label="Legend">
        {(Object.keys(LABEL) as (keyof typeof LABEL)[]).map((k) => (
          <li key={k}>
            <span className={`swatch cell-${k}`} aria-hidden="true" /> {LABEL[k]}{" "}
            <strong>{coverage.counts[k]}</strong>
          </li>
        ))}
      </ul>
      {bench ? (
        <p className="small" data-testid="bench-summary">
          Bench view:{" "}
          <strong>{Object.entries(coverage.cells).filter(([k, c]) => noBackup(k, c.status)).length}</strong>{" "}
          held cells have no eligible backup (nobody else in the territory holds an active certification
          {specialistCap === null ? "" : ` and fewer than ${specialistCap} specialist seats, the cap`}).
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="heatmap">
          <caption className="visually-hidden">Coverage by territory and technology</caption>
          <thead>
            <tr>
              <th scope="col">Territory</th>
              {coverage.technologies.map((t) => (
                <th key={t.id} scope="col">
                  {t.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {coverage.territories.map((territory) => (
              <tr key={territory.id}>
                <th scope="row">
                  {territory.name}
                  <span className="muted small block">{territory.region}</span>
                </th>
                {coverage.technologies.map((tech) => {
                  const cell = coverage.cells[`${territory.id}:${tech.id}`];
                  if (!cell) return <td key={tech.id} />;
                  const key = `${territory.id}:${tech.id}`;
                  const exposed = noBackup(key, cell.status);
                  return (
                    <td
                      key={tech.id}
                      className={`cell cell-${cell.status}${exposed ? " cell-no-backup" : ""}`}
                    >
                      <Link
                        to={`${territory.id}/${tech.id}`}
                        aria-label={`${territory.name}, ${tech.name}: ${LABEL[cell.status]}${exposed ? ", no backup" : ""}`}
                      >
                        <span className="cell-status">{LABEL[cell.status]}</span>
                        {bench && HELD.has(cell.status) ? (
                          <span className="cell-bench">
                            {exposed
                              ? "No backup"
                              : `${bench[key] ?? 0} backup${bench[key] === 1 ? "" : "s"}`}
                          </span>
                        ) : null}
                        <span className="cell-detail">
                          {cell.specialists > 0 ? `${cell.specialists} certified` : "nobody certified"}
                          {cell.inGrace > 0 ? ` · ${cell.inGrace} in grace` : ""}
                          {cell.lapsed > 0 ? ` · ${cell.lapsed} lapsed` : ""}
                        </span>
                        {cell.coveredUntil ? (
                          <span className="cell-detail">until {formatDate(cell.coveredUntil)}</span>
                        ) : null}
                        {cell.graceEndsAt ? (
                          <span className="cell-detail">
                            lapses {formatDate(cell.graceEndsAt)}
                            {cell.graceDaysLeft !== null ? ` · ${daysLeft(cell.graceDaysLeft)}` : ""}
                          </span>
                        ) : null}
                      </Link>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Coverage · Admin · Partner Academy" }];
