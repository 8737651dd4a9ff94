/**
 * Seat caps on the Programs page (DESIGN.md Rule 17): per level, how many territory ×
 * technology seats one person may hold at once. Empty means no cap.
 */
import { Form, Link } from "@remix-run/react";
import { SEAT_CAP_MAX, type SeatCaps } from "~/domain/seat-caps";
import { NumberField, ResultNotice, SubmitButton } from "~/ui/forms";
import { Badge } from "~/ui/status";
import { type FormResult, resultFor } from "~/utils/form-result";

export function SeatCapsForm({
  caps,
  overCap,
  result,
}: {
  caps: SeatCaps;
  overCap: { userId: number; name: string; role: string; held: number; cap: number }[];
  result: FormResult | undefined;
}) {
  const mine = resultFor(result, "seat-caps-");
  return (
    <section className="card stack" aria-labelledby="seat-caps-title">
      <h2 id="seat-caps-title" className="h3">
        Seat caps
      </h2>
      <p className="muted small">
        How many territory × technology seats one person may hold at once. Assignments over a cap are refused;
        people already over a cap set later keep their seats and are flagged.
      </p>
      <Form method="post" className="inline-form" preventScrollReset noValidate aria-label="Seat caps">
        <NumberField
          name="specialistCap"
          id="specialistCap"
          label="Specialist seats per person"
          hint="Empty: no cap."
          min={1}
          max={SEAT_CAP_MAX}
          result={mine}
          defaultValue={caps.specialist ?? ""}
        />
        <NumberField
          name="leadCap"
          id="leadCap"
          label="Lead seats per person"
          hint="Empty: no cap."
          min={1}
          max={SEAT_CAP_MAX}
          result={mine}
          defaultValue={caps.lead ?? ""}
        />
        <SubmitButton intent="seat-caps" className="button">
          Save seat caps
        </SubmitButton>
      </Form>
      <ResultNotice result={mine} />
      {overCap.length > 0 ? (
        <div className="stack">
          <h3 className="h4">Over a cap now</h3>
          <ul className="list">
            {overCap.map((p) => (
              <li key={`${p.userId}:${p.role}`}>
                <Link to={`/admin/people/${p.userId}`}>{p.name}</Link>
                <Badge tone="warning">
                  Over the cap: {p.held} {p.role} seats, cap {p.cap}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
