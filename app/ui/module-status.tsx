import { Badge } from "./status";

export type ModuleStatusView =
  | { state: "not-started" }
  | { state: "in-progress"; percent: number }
  | { state: "passed" }
  | { state: "expired" };

export function ModuleStatusBadge({ status }: { status: ModuleStatusView }) {
  switch (status.state) {
    case "passed":
      return <Badge tone="success">Passed</Badge>;
    case "expired":
      return <Badge tone="danger">Expired — retake to renew</Badge>;
    case "in-progress":
      return <Badge tone="info">In progress · {status.percent}%</Badge>;
    default:
      return <Badge tone="neutral">Not started</Badge>;
  }
}
