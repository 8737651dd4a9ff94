/**
 * A program's lifecycle settings on the Programs page: renewal window, grace period and
 * delta deadline, in days (DESIGN.md Rules 8, 13, 14).
 */
import { Form } from "@remix-run/react";
import { LIFECYCLE_LIMITS, type LifecycleSettings } from "~/domain/lifecycle";
import { NumberField, ResultNotice, SubmitButton } from "~/ui/forms";
import { type FormResult, resultFor } from "~/utils/form-result";

export function LifecycleForm({
  program,
  result,
}: {
  program: LifecycleSettings & { id: number; name: string };
  result: FormResult | undefined;
}) {
  const mine = resultFor(result, `lifecycle-${program.id}`);
  const field = (name: keyof LifecycleSettings, label: string, hint: string) => (
    <NumberField
      name={name}
      id={`${name}-${program.id}`}
      label={label}
      hint={hint}
      min={LIFECYCLE_LIMITS[name].min}
      max={LIFECYCLE_LIMITS[name].max}
      result={mine}
      defaultValue={program[name]}
    />
  );
  return (
    <Form
      method="post"
      className="stack"
      preventScrollReset
      noValidate
      aria-label={`${program.name} lifecycle`}
    >
      <input type="hidden" name="programId" value={program.id} />
      <fieldset className="checkbox-group stack">
        <legend className="h4">Renewal, grace and delta deadline</legend>
        <div className="inline-form">
          {field("renewalWindowDays", "Renewal window (days)", "Renewal opens this long before expiry.")}
          {field(
            "graceDays",
            "Grace period (days)",
            "Assignments stay in grace this long; 0 lapses at once.",
          )}
          {field("deltaDeadlineDays", "Delta deadline (days)", "Time to take a major revision of a module.")}
          <SubmitButton intent="lifecycle" className="button">
            Save lifecycle
          </SubmitButton>
        </div>
      </fieldset>
      <ResultNotice result={mine} />
    </Form>
  );
}
