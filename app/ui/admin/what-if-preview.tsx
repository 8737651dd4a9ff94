/**
 * The what-if of a program change (issue #17), shown under the program's form after
 * "Preview the change": holders affected at renewal, cells that would lapse and when,
 * training minutes to close the gap, territories hit most.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { ProgramChangePreview } from "~/models/program-what-if.server";
import { formatDate } from "~/ui/format";

type Preview = SerializeFrom<ProgramChangePreview>;

const hours = (minutes: number) =>
  minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60).toLocaleString("en-GB")} h`;

export function WhatIfPreview({ preview }: { preview: Preview }) {
  return (
    <section className="what-if stack" aria-label={`What-if: ${preview.program}`} data-testid="what-if">
      <h4 className="h4">If you save this change</h4>
      <p className="small">
        {preview.added.length > 0 ? `Adds ${preview.added.join(", ")}. ` : ""}
        {preview.removed.length > 0 ? `Removes ${preview.removed.join(", ")}. ` : ""}
        {preview.validityMonths.from !== preview.validityMonths.to
          ? `New certifications last ${preview.validityMonths.to} months (was ${preview.validityMonths.from}). `
          : ""}
        No certification is revoked: holders keep theirs to its expiry and renew against the new requirements.
      </p>
      <dl className="facts">
        <div>
          <dt>Holders who would not meet it at renewal</dt>
          <dd>
            <strong>{preview.affectedCount}</strong> of {preview.holders}
          </dd>
        </div>
        <div>
          <dt>Training to close the gap</dt>
          <dd>
            <strong>{hours(preview.trainingMinutes)}</strong> (sum of their paths)
          </dd>
        </div>
        <div>
          <dt>Cells that would lapse</dt>
          <dd>
            <strong>{preview.cellCount}</strong>
          </dd>
        </div>
      </dl>
      {preview.affected.length > 0 ? (
        <table>
          <caption className="small">Holders affected (soonest renewal first)</caption>
          <thead>
            <tr>
              <th scope="col">Holder</th>
              <th scope="col">Renews by</th>
              <th scope="col">Would need</th>
              <th scope="col">Path</th>
            </tr>
          </thead>
          <tbody>
            {preview.affected.map((a) => (
              <tr key={a.userId}>
                <td>
                  <Link to={`/admin/people/${a.userId}`}>{a.name}</Link>
                </td>
                <td>{formatDate(a.expiresAt)}</td>
                <td>{a.missing.join(", ")}</td>
                <td>{a.minutes} min</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {preview.cells.length > 0 ? (
        <p className="small">
          Lapsing: {preview.cells.map((c) => `${c.territory} on ${formatDate(c.lapsesAt)}`).join("; ")}
          {preview.cellCount > preview.cells.length ? " …" : ""}
        </p>
      ) : null}
      {preview.territories.length > 0 ? (
        <p className="small">
          Most affected territories: {preview.territories.map((t) => `${t.name} (${t.cells})`).join(", ")}
        </p>
      ) : null}
    </section>
  );
}

/** Whether an action's answer carries a preview (it arrives as untyped extra data). */
export function isPreview(value: unknown): value is Preview {
  return (
    typeof value === "object" &&
    value !== null &&
    "affected" in value &&
    Array.isArray(value.affected) &&
    "requirementIds" in value &&
    Array.isArray(value.requirementIds)
  );
}
