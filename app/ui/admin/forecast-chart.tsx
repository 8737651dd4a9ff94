/**
 * The 12-month coverage forecast (issue #17) as a server-rendered SVG of stacked bars, one
 * per month (covered / at risk / lapsed cells), readable without JavaScript, with the same
 * figures as a table for screen readers and for anyone who prefers numbers.
 */
import type { SerializeFrom } from "@remix-run/node";
import type { getForecast } from "~/models/forecast.server";
import { formatMonth } from "~/ui/format";

type Forecast = SerializeFrom<ReturnType<typeof getForecast>>;

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 40;
const BOTTOM = 24;
const TOP = 8;
const SERIES = [
  { key: "covered", label: "Covered", className: "forecast-covered" },
  { key: "atRisk", label: "At risk or in grace", className: "forecast-at-risk" },
  { key: "lapsed", label: "Lapsed or vacant", className: "forecast-lapsed" },
] as const;

const shortMonth = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { month: "short", timeZone: "UTC" });

export function ForecastChart({ forecast }: { forecast: Forecast }) {
  const total = Math.max(1, forecast.totalCells);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, forecast.points.length);
  const bar = slot * 0.7;
  const first = forecast.points[0];
  const last = forecast.points[forecast.points.length - 1];
  const summary =
    first && last
      ? `Covered cells go from ${first.covered} at the end of ${formatMonth(first.start)} to ${last.covered} at the end of ${formatMonth(last.start)}, out of ${forecast.totalCells}, if nobody else certifies.`
      : "No forecast.";
  return (
    <figure className="stack" aria-labelledby="forecast-caption">
      <svg
        className="forecast-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="forecast-caption"
      >
        {[0, 0.5, 1].map((f) => {
          const y = TOP + plotHeight * (1 - f);
          return (
            <g key={f}>
              <line x1={LEFT} x2={WIDTH} y1={y} y2={y} stroke="#dde3ee" />
              <text x={LEFT - 6} y={y + 4} textAnchor="end">
                {Math.round(total * f)}
              </text>
            </g>
          );
        })}
        {forecast.points.map((p, i) => {
          let y = TOP + plotHeight;
          const x = LEFT + i * slot + (slot - bar) / 2;
          return (
            <g key={p.start}>
              {SERIES.map((s) => {
                const h = (p[s.key] / total) * plotHeight;
                y -= h;
                return (
                  <rect key={s.key} className={s.className} x={x} y={y} width={bar} height={h}>
                    <title>{`${formatMonth(p.start)}: ${p[s.key]} ${s.label.toLowerCase()}`}</title>
                  </rect>
                );
              })}
              <text x={x + bar / 2} y={HEIGHT - 6} textAnchor="middle">
                {shortMonth(p.start)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="forecast-caption" className="small">
        {summary} {forecast.lapsingThisYear} held cell{forecast.lapsingThisYear === 1 ? "" : "s"} would lapse
        within the 12 months.
      </figcaption>
      <ul className="legend" aria-hidden="true">
        {SERIES.map((s) => (
          <li key={s.key}>
            <span className={`swatch ${s.className}`} /> {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>The forecast as a table</summary>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Cells by state at the end of each month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {SERIES.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {forecast.points.map((p) => (
                <tr key={p.start}>
                  <th scope="row">{formatMonth(p.start)}</th>
                  {SERIES.map((s) => (
                    <td key={s.key}>{p[s.key]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
