/**
 * A person's revocation blocks on their record (DESIGN.md Rule 12): what is blocked, since
 * when and why, and, for an open block, the admin's form to lift it with a reason.
 */
import { Form } from "@remix-run/react";
import { Field, SubmitButton } from "~/ui/forms";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";
import { type FormResult, resultFor } from "~/utils/form-result";

export interface BlockRow {
  id: number;
  program: string;
  createdAt: string;
  reason: string;
  liftedAt: string | null;
  liftReason: string | null;
  liftedBy: string | null;
}

export function BlocksSection({
  blocks,
  result,
}: {
  blocks: readonly BlockRow[];
  result: FormResult | undefined;
}) {
  if (blocks.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="blocks-title">
      <h2 id="blocks-title" className="h3">
        Revocation blocks
      </h2>
      <p className="muted small">
        A revoked certification is not issued again automatically, however many modules the person passes,
        until an admin lifts the block. Lifting issues nothing by itself: the program is issued again at their
        next pass. A block on a specialist program also holds its lead program.
      </p>
      <ul className="list">
        {blocks.map((b) => (
          <li key={b.id} className="cert-row">
            <span>
              <strong>{b.program}</strong>{" "}
              {b.liftedAt ? <Badge tone="neutral">Lifted</Badge> : <Badge tone="danger">Blocked</Badge>}
              <span className="muted small block">
                Revoked {formatDate(b.createdAt)}: {b.reason}
                {b.liftedAt
                  ? ` · lifted ${formatDate(b.liftedAt)}${b.liftedBy ? ` by ${b.liftedBy}` : ""}: ${b.liftReason ?? ""}`
                  : ""}
              </span>
            </span>
            {!b.liftedAt ? (
              <Form method="post" className="inline-form revoke-form">
                <input type="hidden" name="blockId" value={b.id} />
                <Field
                  name="reason"
                  id={`lift-reason-${b.id}`}
                  label={`Reason for lifting the block on ${b.program}`}
                  hideLabel
                  placeholder="Reason for lifting the block"
                  result={resultFor(result, `lift-block-${b.id}`)}
                />
                <SubmitButton intent="lift-block" className="button button-quiet">
                  Lift the block
                </SubmitButton>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
