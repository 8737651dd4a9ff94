/**
 * The form kit (issue #12): every labelled input, select, checkbox group, result banner and
 * filter bar in the app comes from here, so that accessibility (label, `aria-invalid`,
 * `aria-describedby`, error text) and "keep what was typed" are written once.
 *
 * Fields read their error and the re-rendered value from a `FormResult` (the one action
 * shape, `~/utils/form-result`): pass the action data as `result`.
 */
import { Form, Link, useNavigation, useSubmit } from "@remix-run/react";
import type { ComponentProps, ReactNode } from "react";
import { type FormResult, valueOf, valuesOf } from "~/utils/form-result";

interface FieldBase {
  name: string;
  label: ReactNode;
  /** The action data; its error and submitted value for `name` are used when it failed. */
  result?: FormResult | undefined;
  /** Shown under the label, tied to the input by `aria-describedby`. */
  hint?: ReactNode;
  /** An error from elsewhere (e.g. a loader); the result's error wins. */
  error?: string | undefined;
  id?: string;
  className?: string;
  /** Keep the label for screen readers only (the context makes it obvious on screen). */
  hideLabel?: boolean;
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** A field's error (the result's wins) and the ARIA attributes that tie it to the control. */
function fieldState({ name, result, error, hint, id }: FieldBase & { id: string }) {
  const message = result?.fieldErrors?.[name] ?? error;
  return {
    message,
    aria: {
      "aria-invalid": message ? true : undefined,
      "aria-describedby": describedBy(id, Boolean(hint), Boolean(message)),
    },
  };
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  className,
  hideLabel,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string | undefined;
  hideLabel?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      {hint ? (
        <p className="muted small" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = Omit<ComponentProps<"input">, "name" | "id" | "className" | "defaultValue"> & {
  defaultValue?: string | number | null | undefined;
};

/** A labelled `<input>` (text, email, number, date, password, file …). */
export function Field({
  name,
  label,
  result,
  hint,
  error,
  id = name,
  className,
  hideLabel,
  defaultValue,
  type = "text",
  ...input
}: FieldBase & InputProps) {
  const { message, aria } = fieldState({ name, label, result, error, hint, id });
  const submitted = type === "password" || type === "file" ? undefined : valueOf(result, name);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={message} className={className} hideLabel={hideLabel}>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={submitted ?? defaultValue ?? undefined}
        {...aria}
        {...input}
      />
    </FieldFrame>
  );
}

/** A whole-number `<input type="number">` between `min` and `max`. */
export function NumberField({
  min,
  max,
  ...field
}: FieldBase & Omit<InputProps, "type" | "min" | "max"> & { min: number; max: number }) {
  return <Field type="number" inputMode="numeric" step={1} min={min} max={max} {...field} />;
}

type TextAreaProps = Omit<ComponentProps<"textarea">, "name" | "id" | "className" | "defaultValue"> & {
  defaultValue?: string | null | undefined;
};

/** A labelled `<textarea>`. */
export function TextAreaField({
  name,
  label,
  result,
  hint,
  error,
  id = name,
  className,
  hideLabel,
  defaultValue,
  ...textarea
}: FieldBase & TextAreaProps) {
  const { message, aria } = fieldState({ name, label, result, error, hint, id });
  return (
    <FieldFrame id={id} label={label} hint={hint} error={message} className={className} hideLabel={hideLabel}>
      <textarea
        id={id}
        name={name}
        defaultValue={valueOf(result, name) ?? defaultValue ?? undefined}
        {...aria}
        {...textarea}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string | number;
  label: string;
}

type SelectProps = Omit<ComponentProps<"select">, "name" | "id" | "className" | "defaultValue"> & {
  options: readonly Option[];
  /** A first option with the empty value ("All", "None", "Choose …"). */
  emptyOption?: string;
  defaultValue?: string | number | null | undefined;
};

/** A labelled `<select>`. */
export function SelectField({
  name,
  label,
  result,
  hint,
  error,
  id = name,
  className,
  hideLabel,
  options,
  emptyOption,
  defaultValue,
  ...select
}: FieldBase & SelectProps) {
  const { message, aria } = fieldState({ name, label, result, error, hint, id });
  const submitted = valueOf(result, name);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={message} className={className} hideLabel={hideLabel}>
      <select
        id={id}
        name={name}
        defaultValue={submitted ?? (defaultValue === null ? undefined : defaultValue?.toString()) ?? ""}
        {...aria}
        {...select}
      >
        {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A `<fieldset>` of checkboxes sharing one name (a list value). */
export function CheckboxGroup({
  name,
  id = name,
  legend,
  options,
  result,
  defaultValues = [],
  hint,
  className,
}: {
  name: string;
  /** Prefix of the hint and error ids, when several groups share a name on one page. */
  id?: string;
  legend: ReactNode;
  options: readonly Option[];
  result?: FormResult | undefined;
  defaultValues?: readonly (string | number)[];
  hint?: ReactNode;
  className?: string;
}) {
  const message = result?.fieldErrors?.[name];
  const checked = valuesOf(result, name) ?? defaultValues.map(String);
  return (
    <fieldset
      className={["checkbox-group", className].filter(Boolean).join(" ")}
      aria-describedby={describedBy(id, Boolean(hint), Boolean(message))}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="muted small" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="checkbox"
            name={name}
            value={o.value}
            defaultChecked={checked.includes(String(o.value))}
          />{" "}
          {o.label}
        </label>
      ))}
      {message ? (
        <p className="field-error" id={`${id}-error`}>
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}

export type NoticeTone = "success" | "error" | "warning" | "info";

/** A banner. Errors are announced at once (`role=alert`), the rest politely (`role=status`). */
export function Notice({
  tone,
  children,
  className,
}: {
  tone: NoticeTone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={["notice", `notice-${tone}`, className].filter(Boolean).join(" ")}
      role={tone === "error" ? "alert" : "status"}
    >
      {children}
    </div>
  );
}

/** The banner for an action's result: its message, green when it worked, red when not. */
export function ResultNotice({ result, intent }: { result: FormResult | undefined; intent?: string }) {
  if (!result?.message) return null;
  if (intent !== undefined && result.intent !== intent) return null;
  return <Notice tone={result.ok ? "success" : "error"}>{result.message}</Notice>;
}

/** A submit button that is disabled while any navigation or submission is under way. */
export function SubmitButton({
  children,
  intent,
  className = "button button-primary",
  disabled,
  ...button
}: Omit<ComponentProps<"button">, "type"> & {
  /** Shorthand for `name="intent" value={intent}`: which of the page's forms this is. */
  intent?: string;
}) {
  const busy = useNavigation().state !== "idle";
  return (
    <button
      type="submit"
      className={className}
      disabled={busy || disabled}
      {...(intent ? { name: "intent", value: intent } : {})}
      {...button}
    >
      {children}
    </button>
  );
}

/** A GET form of filters above a list: fields as children, then Apply (and Clear). */
export function FilterBar({
  label,
  children,
  clearTo,
  autoSubmit = false,
  className = "filters",
}: {
  /** Accessible name of the form, e.g. "Filter people". */
  label: string;
  children: ReactNode;
  /** Where "Clear" goes (usually the page without a query); no Clear link when absent. */
  clearTo?: string;
  /** Apply on every change (Apply stays for keyboard users and for when scripts are off). */
  autoSubmit?: boolean;
  className?: string;
}) {
  const submit = useSubmit();
  return (
    <Form
      method="get"
      className={className}
      aria-label={label}
      role="search"
      onChange={autoSubmit ? (e) => submit(e.currentTarget, { replace: true }) : undefined}
    >
      {children}
      <div className="filters-actions">
        <button type="submit" className="button">
          Apply
        </button>
        {clearTo !== undefined ? (
          <Link to={clearTo} className="button button-quiet">
            Clear
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
