import type { ReactNode } from "react";
import { formatDate } from "./format";

type Tone = "success" | "warning" | "grace" | "danger" | "neutral" | "info";

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A certification status as computed by app/domain (serialised from a loader). */
export type SerializedCertificationStatus =
  | { status: "active"; daysLeft: number; expiringSoon: boolean }
  | { status: "expired"; since: string }
  | { status: "revoked"; since: string }
  | { status: "not-yet-valid" };

export function CertificationBadge({
  certification,
}: {
  certification: { status: SerializedCertificationStatus; expiresAt: string } | null;
}) {
  if (!certification) return <Badge tone="neutral">Not certified</Badge>;
  const s = certification.status;
  switch (s.status) {
    case "active":
      return s.expiringSoon ? (
        <Badge tone="warning">
          Expires in {s.daysLeft} day{s.daysLeft === 1 ? "" : "s"}
        </Badge>
      ) : (
        <Badge tone="success">Certified until {formatDate(certification.expiresAt)}</Badge>
      );
    case "expired":
      return <Badge tone="danger">Expired {formatDate(s.since)}</Badge>;
    case "revoked":
      return <Badge tone="danger">Revoked {formatDate(s.since)}</Badge>;
    case "not-yet-valid":
      return <Badge tone="info">Not yet valid</Badge>;
  }
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max === 0 ? 0 : Math.round((value / max) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={`${value} of ${max}`}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

export function Stat({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: number;
  hint?: ReactNode;
  tone?: Tone;
}) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ""}`}>
      <p className="stat-label">{label}</p>
      <p className="stat-value">{value.toLocaleString("en-GB")}</p>
      {hint ? <p className="stat-hint">{hint}</p> : null}
    </div>
  );
}

export const COVERAGE_STATE = {
  covered: { tone: "success", label: "Covered" },
  "at-risk": { tone: "warning", label: "At risk" },
  "in-grace": { tone: "grace", label: "In grace" },
  lapsed: { tone: "danger", label: "Lapsed" },
  vacant: { tone: "neutral", label: "Vacant" },
  ended: { tone: "neutral", label: "Ended" },
} as const;

/** "12 days left" / "1 day left". */
export function daysLeft(days: number): string {
  return `${days} day${days === 1 ? "" : "s"} left`;
}

/**
 * An assignment's or a coverage cell's state, as computed by app/domain/coverage; in grace
 * with the days left before it lapses.
 */
export function CoverageBadge({
  state,
  graceDaysLeft,
}: {
  state: keyof typeof COVERAGE_STATE;
  graceDaysLeft?: number | null;
}) {
  const { tone, label } = COVERAGE_STATE[state];
  return (
    <Badge tone={tone}>
      {state === "in-grace" && graceDaysLeft != null ? `${label} · ${daysLeft(graceDaysLeft)}` : label}
    </Badge>
  );
}
