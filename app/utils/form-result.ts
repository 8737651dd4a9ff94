/**
 * The one shape every form action answers with (issue #12), safe to import in components.
 * Build it on the server with `formSuccess` / `formFailure` / `refusalFailure`
 * (`form-result.server.ts`); render it with the kit in `app/ui/forms.tsx`.
 */

/** What the user typed, by field name; repeated fields (checkbox groups) as arrays. */
export type FormValues = Record<string, string | string[]>;

export interface FormResult {
  ok: boolean;
  /** One sentence for the banner above the form. */
  message?: string;
  /** Which of the page's forms answered, when a page has several (the submitted `intent`). */
  intent?: string;
  /** One message per field, keyed by the field's name. */
  fieldErrors?: Record<string, string>;
  /** What was submitted, so a refused form re-renders with it. */
  values?: FormValues;
}

/** Narrowed shapes, so `result.ok` tells a success's own fields apart from a failure. */
export interface FormSuccess extends FormResult {
  ok: true;
}
export interface FormFailure extends FormResult {
  ok: false;
}

/** The result, if it answers the form with this `intent` (or any form when none is given). */
export function resultFor<R extends FormResult>(result: R | undefined, intent?: string): R | undefined {
  if (!result) return undefined;
  if (intent !== undefined && result.intent !== intent) return undefined;
  return result;
}

/** A submitted value as one string (the first, for repeated fields). */
export function valueOf(result: FormResult | undefined, name: string): string | undefined {
  const value = result?.ok === false ? result.values?.[name] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

/** A submitted value as a list (checkbox groups). */
export function valuesOf(result: FormResult | undefined, name: string): string[] | undefined {
  if (result?.ok !== false || !result.values) return undefined;
  const value = result.values[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
