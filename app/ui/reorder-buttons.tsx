import { Form } from "@remix-run/react";
import { SubmitButton } from "~/ui/forms";

/**
 * ↑ / ↓ for one item of an ordered list in a draft (lessons, questions): posts `intent`
 * with the item's id under `idName` and the direction.
 */
export function ReorderButtons({
  intent,
  idName,
  id,
  label,
  index,
  count,
}: {
  intent: string;
  idName: string;
  id: number;
  /** What the item is called for screen readers, e.g. `question 3` or `“Margins”`. */
  label: string;
  index: number;
  count: number;
}) {
  return (
    <Form method="post" className="button-row" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={idName} value={id} />
      <SubmitButton
        name="direction"
        value="up"
        className="button button-quiet"
        disabled={index === 0}
        aria-label={`Move ${label} up`}
      >
        ↑
      </SubmitButton>
      <SubmitButton
        name="direction"
        value="down"
        className="button button-quiet"
        disabled={index === count - 1}
        aria-label={`Move ${label} down`}
      >
        ↓
      </SubmitButton>
    </Form>
  );
}
