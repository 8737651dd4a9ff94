import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionSchema } from "~/schemas/admin.coverage.$territoryId.$technologyId.server";
import { requireRole } from "~/auth/auth.server";
import { assignToCell, endAssignmentInCell } from "~/models/assignments.server";
import { getCellBench } from "~/models/bench.server";
import { cellExists, getCell } from "~/models/cell-detail.server";
import { getCellLapse } from "~/models/forecast.server";
import { cellPlans } from "~/models/plans.server";
import { overCapFlags } from "~/models/seat-caps.server";
import { db } from "~/utils/db.server";
import { formFailure, formSuccess, formValues } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";
import { isRefusal } from "~/utils/refusal";
import { formatDate } from "~/ui/format";
import { ResultNotice } from "~/ui/forms";
import { BenchSection, CellLapse, GrowthTargets } from "~/ui/admin/cell-planning";
import { CellPlans } from "~/ui/cell-plans";
import { NominateForm } from "~/ui/nominate";
import { Badge, CoverageBadge } from "~/ui/status";

const NO_SUCH_CELL = "No such territory or technology";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const territoryId = idParam(params, "territoryId", "territory");
  const technologyId = idParam(params, "technologyId", "technology");
  const now = new Date();
  const cell = getCell(db(), territoryId, technologyId, now);
  if (!cell) throw new Response(NO_SUCH_CELL, { status: 404 });
  // Coverage planning (issue #17): lapse month, bench, and seat caps of the people assigned.
  const overCap = overCapFlags(
    db(),
    cell.current.map((a) => a.userId),
  );
  return json({
    ...cell,
    plans: cellPlans(db(), territoryId, technologyId, now),
    lapse: getCellLapse(db(), territoryId, technologyId, now),
    bench: getCellBench(db(), territoryId, technologyId, now),
    overCap: Object.fromEntries(overCap),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const territoryId = idParam(params, "territoryId", "territory");
  const technologyId = idParam(params, "technologyId", "technology");
  // The cell first: nothing is read from the form, let alone written, for a cell that is not.
  if (!cellExists(db(), territoryId, technologyId)) throw new Response(NO_SUCH_CELL, { status: 404 });
  const form = await readForm(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return formFailure({ message: "The request was not understood. Reload the page and try again." });
  const now = new Date();
  const input = parsed.data;
  try {
    if (input.intent === "assign") {
      assignToCell(
        db(),
        { userId: input.userId, technologyId, territoryId, role: input.role },
        admin.id,
        now,
      );
      return formSuccess(`Assigned as ${input.role}.`);
    }
    endAssignmentInCell(
      db(),
      { assignmentId: input.assignmentId, territoryId, technologyId },
      admin.id,
      input.reason,
      now,
    );
    return formSuccess("Assignment ended.");
  } catch (error) {
    if (!isRefusal(error)) throw error;
    // The gate's refusal reads "Not assigned. <why>".
    const message = input.intent === "assign" ? `Not assigned. ${error.message}` : error.message;
    return formFailure({ message, values: formValues(form), intent: input.intent }, error.status);
  }
}

export default function CoverageCell() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin/coverage">Coverage</Link> <span aria-hidden="true">/</span>{" "}
        <span>{data.territory.name}</span>
      </nav>
      <header className="page-header">
        <p className="eyebrow">{data.territory.name}</p>
        <h1>
          {data.technology.name} in {data.territory.name}
        </h1>
        <p className="badge-row">
          <CoverageBadge state={data.summary.status} graceDaysLeft={data.summary.graceDaysLeft} />
          {data.summary.coveredUntil ? (
            <span className="muted small">covered until {formatDate(data.summary.coveredUntil)}</span>
          ) : null}
          {data.summary.graceEndsAt ? (
            <span className="muted small">
              lapses on {formatDate(data.summary.graceEndsAt)} unless renewed
            </span>
          ) : null}
          <span className="muted small">
            Target: {data.technology.targetSpecialists} specialist
            {data.technology.targetSpecialists === 1 ? "" : "s"}
            {data.technology.targetLeads > 0 ? `, ${data.technology.targetLeads} lead` : ""}
          </span>
        </p>
        <CellLapse lapse={data.lapse} />
      </header>
      <ResultNotice result={actionData} />

      <section className="card stack" aria-labelledby="current-title">
        <h2 id="current-title" className="h3">
          Assigned now
        </h2>
        {data.current.length === 0 ? (
          <p className="empty">Nobody is assigned. Choose a certified person below.</p>
        ) : (
          <ul className="list">
            {data.current.map((a) => (
              <li key={a.id}>
                <span>
                  <Link to={`/admin/people/${a.userId}`}>
                    <strong>{a.person}</strong>
                  </Link>
                  <span className="muted small block">
                    {a.role === "lead" ? "Lead specialist" : "Specialist"} since {formatDate(a.startedAt)}
                    {a.state === "in-grace" && a.validUntil && a.lapsesAt
                      ? ` · certification expired ${formatDate(a.validUntil)}, in grace until ${formatDate(a.lapsesAt)}`
                      : a.validUntil && a.state !== "lapsed"
                        ? ` · certified until ${formatDate(a.validUntil)}`
                        : " · no valid certification"}
                  </span>
                </span>
                <span className="button-row">
                  {(data.overCap[a.userId] ?? []).map((f) => (
                    <Badge key={f.role} tone="warning">
                      Over the {f.role} seat cap ({f.held} of {f.cap})
                    </Badge>
                  ))}
                  <CoverageBadge state={a.state} graceDaysLeft={a.graceDaysLeft} />
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="assignmentId" value={a.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="end"
                      className="button button-quiet"
                      disabled={busy}
                    >
                      End assignment
                    </button>
                  </Form>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <BenchSection bench={data.bench} technology={data.technology.name}>
        {data.bench.suggestions.length > 0 && data.plans.programs.length > 0 ? (
          <details className="nominate-details">
            <summary>Nominate the next to train</summary>
            <NominateForm
              id="bench-nominate"
              people={data.bench.suggestions.map((s) => ({
                id: s.id,
                name: s.name,
                hint: `about ${s.totalMinutes} min to specialist`,
              }))}
              programs={data.plans.programs}
              templates={data.plans.templates}
              target={{
                territoryId: data.territory.id,
                label: `${data.technology.name} in ${data.territory.name}`,
              }}
              title="Nominate for this seat"
            />
          </details>
        ) : null}
      </BenchSection>

      <CellPlans
        plans={data.plans}
        candidates={data.candidates}
        territory={data.territory}
        technology={data.technology.name}
      />

      <section className="card stack" aria-labelledby="candidates-title">
        <h2 id="candidates-title" className="h3">
          Partner managers in {data.territory.name}
        </h2>
        <p className="muted small">
          Most advanced in {data.technology.name} first. Only an active certification at the seat&rsquo;s
          level opens it.
        </p>
        {data.candidates.length === 0 ? (
          <p className="empty">No partner managers work in this territory yet.</p>
        ) : null}
        <ul className="candidate-list">
          {data.candidates.map((c) => (
            <li key={c.id} className="candidate">
              <Link to={`/admin/people/${c.id}`} className="candidate-name">
                {c.name}
              </Link>
              <div className="seats">
                {c.seats.map((seat) => (
                  <div key={seat.role} className="seat">
                    <p className="seat-title">{seat.role === "lead" ? "Lead seat" : "Specialist seat"}</p>
                    {seat.eligible ? (
                      <>
                        <p className="small">
                          <Badge tone="success">Eligible</Badge> certified until{" "}
                          {seat.validUntil ? formatDate(seat.validUntil) : ""}
                        </p>
                        {seat.assigned ? (
                          <p className="small muted">Assigned</p>
                        ) : (
                          <Form method="post" preventScrollReset>
                            <input type="hidden" name="userId" value={c.id} />
                            <input type="hidden" name="role" value={seat.role} />
                            <button
                              type="submit"
                              name="intent"
                              value="assign"
                              className="button button-primary button-quiet"
                              disabled={busy}
                              aria-label={`Assign ${c.name} as ${seat.role}`}
                            >
                              Assign as {seat.role}
                            </button>
                          </Form>
                        )}
                      </>
                    ) : (
                      <>
                        <p className="small">
                          <Badge tone="neutral">Not eligible</Badge>
                        </p>
                        <ul className="reasons">
                          {seat.missing.map((m) => (
                            <li key={m.name}>
                              {m.name}:{" "}
                              {m.state === "expired"
                                ? "expired"
                                : m.attested
                                  ? "needs a field attestation"
                                  : "missing"}
                            </li>
                          ))}
                          {seat.blocked ? (
                            <li>
                              Blocked since a revocation (“{seat.blocked}”): no module leads back until an
                              admin lifts the block on their record.
                            </li>
                          ) : seat.missing.length === 0 ? (
                            <li>Certification expired or revoked: renew it.</li>
                          ) : null}
                        </ul>
                        {seat.path && seat.path.modules.length > 0 ? (
                          <p className="small muted">
                            Path: {seat.path.modules.map((m) => m.title).join("; ")} (~
                            {seat.path.totalMinutes} min)
                          </p>
                        ) : null}
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="userId" value={c.id} />
                          <input type="hidden" name="role" value={seat.role} />
                          <button
                            type="submit"
                            name="intent"
                            value="assign"
                            className="button button-quiet"
                            disabled={busy}
                            aria-label={`Try to assign ${c.name} as ${seat.role}`}
                          >
                            Assign anyway…
                          </button>
                        </Form>
                      </>
                    )}
                  </div>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <GrowthTargets partners={data.growthTargets} technology={data.technology.name} bench={data.bench} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Coverage cell · Admin · Partner Academy" }];
