/**
 * The planning sections of a coverage cell (DESIGN.md Rule 17): when the cell would lapse,
 * its bench (eligible backups and the next people to train, one row per person) and the
 * partners to grow with the candidate in view.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { getCellBench } from "~/models/bench.server";
import type { getCellLapse } from "~/models/forecast.server";
import { capUsage } from "~/domain/seat-caps";
import { formatDate, formatMonth } from "~/ui/format";
import { Badge } from "~/ui/status";

type Bench = SerializeFrom<ReturnType<typeof getCellBench>>;
type Lapse = SerializeFrom<NonNullable<ReturnType<typeof getCellLapse>>>;
export type BenchSuggestion = Bench["suggestions"][number];

export function CellLapse({ lapse }: { lapse: Lapse | null }) {
  if (!lapse) return null;
  return (
    <p className="small" data-testid="cell-lapse">
      <strong>Forecast: </strong>
      {!lapse.heldNow
        ? "not held now — a gap until someone is assigned."
        : lapse.monthStart && lapse.lapsesAt
          ? `would lapse in ${formatMonth(lapse.monthStart)} (${formatDate(lapse.lapsesAt)}) if nobody renews or certifies.`
          : `held beyond the 12-month forecast${lapse.lapsesAt ? ` (until ${formatDate(lapse.lapsesAt)})` : ""}.`}
    </p>
  );
}

/** One suggestion row; `actions` is where a row's buttons go (e.g. nominate, issue #18). */
export function BenchSection({
  bench,
  technology,
  actions,
  children,
}: {
  bench: Bench;
  technology: string;
  actions?: (person: BenchSuggestion) => React.ReactNode;
  /** Below the list: e.g. the nominate control over the suggestions (issue #18). */
  children?: React.ReactNode;
}) {
  return (
    <section className="card stack" aria-labelledby="bench-title">
      <h2 id="bench-title" className="h3">
        Bench
      </h2>
      {bench.backups.length === 0 ? (
        <p>
          <Badge tone="warning">No eligible backup</Badge>{" "}
          <span className="small">
            {bench.atCap.length === 0
              ? `Nobody else here holds an active ${technology} certification.`
              : `Nobody else here can take the seat: everyone else certified in ${technology} is at the seat cap.`}
          </span>
        </p>
      ) : (
        <p className="small">
          <Badge tone="success">
            {bench.backups.length} eligible backup{bench.backups.length === 1 ? "" : "s"}
          </Badge>{" "}
          {bench.backups.slice(0, 5).map((b, i) => (
            <span key={b.id}>
              {i > 0 ? ", " : ""}
              <Link to={`/admin/people/${b.id}`}>{b.name}</Link> (until {formatDate(b.validUntil)})
            </span>
          ))}
        </p>
      )}
      {bench.atCap.length > 0 ? (
        <p className="small" data-testid="bench-at-cap">
          <Badge tone="warning">At the seat cap</Badge>{" "}
          {bench.atCap.map((b, i) => (
            <span key={b.id}>
              {i > 0 ? ", " : ""}
              <Link to={`/admin/people/${b.id}`}>{b.name}</Link> ({capUsage("specialist", b.cap, b.held)})
            </span>
          ))}{" "}
          — certified, but the gate refuses them another specialist seat until one of theirs ends.
        </p>
      ) : null}
      <h3 className="h4">Next to train</h3>
      <p className="muted small">
        Smallest path to the specialist seat first (Rule 9); people at the seat cap last.
      </p>
      {bench.suggestions.length === 0 ? (
        <p className="empty">Nobody else in this territory to train.</p>
      ) : (
        <ol className="list bench-list" aria-label="Next to train">
          {bench.suggestions.map((s) => (
            <li key={s.id} data-person-id={s.id}>
              <span>
                <Link to={`/admin/people/${s.id}`}>
                  <strong>{s.name}</strong>
                </Link>
                <span className="muted small block">
                  {s.missing.length === 0
                    ? "Holds every competency: needs renewing."
                    : `Missing: ${s.missing.join(", ")}`}
                </span>
                {s.modules.length > 0 ? (
                  <span className="small block">
                    Path: {s.modules.map((m) => `${m.title} (${m.minutes} min)`).join("; ")}
                  </span>
                ) : null}
              </span>
              <span className="button-row">
                {s.atCap ? <Badge tone="warning">At the seat cap</Badge> : null}
                <Badge tone="info">~{s.totalMinutes} min</Badge>
                {s.untaught > 0 ? (
                  <Badge tone="neutral">
                    + {s.untaught} field attestation{s.untaught === 1 ? "" : "s"}
                  </Badge>
                ) : null}
                {actions ? actions(s) : null}
              </span>
            </li>
          ))}
        </ol>
      )}
      {children}
    </section>
  );
}

/** A partner selling less than this share of the technology is one to grow. */
const LOW_SHARE = 25;

/** Who would grow the low-share partners: a backup if there is one, else the next to train. */
function growthCandidate(bench: Bench) {
  const backup = bench.backups[0];
  if (backup) return { id: backup.id, name: backup.name, note: "certified: can be assigned now" };
  const next = bench.suggestions[0];
  return next ? { id: next.id, name: next.name, note: `~${next.totalMinutes} min of training away` } : null;
}

/** A person's seats against the caps (their record): over a cap is flagged, never ended. */
export function SeatUsage({
  usage,
}: {
  usage: { role: "specialist" | "lead"; held: number; cap: number | null; over: boolean }[];
}) {
  if (usage.length === 0) return null;
  return (
    <p className="small badge-row" aria-label="Seats held">
      {usage.map((u) => (
        <Badge key={u.role} tone={u.over ? "warning" : "neutral"}>
          {u.over ? "Over the cap: " : ""}
          {capUsage(u.role, u.cap, u.held)}
        </Badge>
      ))}
    </p>
  );
}

/**
 * The territory's partners selling least of the technology, each low-share one linked to the
 * candidate who would grow it, so the admin assigns with that goal in view.
 */
export function GrowthTargets({
  partners,
  technology,
  bench,
}: {
  partners: { id: number; name: string; share: number }[];
  technology: string;
  bench: Bench;
}) {
  const grower = growthCandidate(bench);
  return (
    <section className="card stack" aria-labelledby="growth-title">
      <h2 id="growth-title" className="h3">
        Growth targets: partners selling little {technology}
      </h2>
      {partners.length === 0 ? (
        <p className="empty">No partners in this territory.</p>
      ) : (
        <ul className="bars">
          {partners.map((p) => (
            <li key={p.id}>
              <span className="bar-label">
                {p.name}
                {grower && p.share < LOW_SHARE ? (
                  <span className="muted small block">
                    grow with <Link to={`/admin/people/${grower.id}`}>{grower.name}</Link> ({grower.note})
                  </span>
                ) : null}
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill bar-correct" style={{ width: `${Math.min(100, p.share)}%` }} />
              </span>
              <span className="bar-value">{p.share}%</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
