/**
 * Turning what happened in an action into the one `FormResult` shape: success, a zod
 * failure with field errors, or a model's `Refusal`. Everything keeps what the user typed.
 */
import { json } from "@remix-run/node";
import type { z } from "zod";
import type { FormFailure, FormResult, FormSuccess, FormValues } from "./form-result";
import { fieldErrors } from "./params";
import { isRefusal } from "./refusal";

export type { FormResult, FormValues } from "./form-result";

type Extra = Record<string, unknown> & { intent?: string };

export function formSuccess<E extends Extra>(message: string, extra?: E, status = 200) {
  return json<FormSuccess & E>({ ok: true, message, ...(extra as E) }, { status });
}

export function formFailure<E extends Extra = Extra>(failure: Omit<FormResult, "ok"> & E, status = 400) {
  return json<FormFailure & E>({ fieldErrors: {}, values: {}, ...failure, ok: false }, { status });
}

/** Field errors from a zod parse, with the submitted values. */
export function zodFailure(error: z.ZodError, values: FormValues, intent?: string) {
  const errors = fieldErrors(error.issues);
  const messages = Object.values(errors);
  // One problem is announced as itself; several send the reader to the fields.
  return formFailure({
    message:
      messages.length === 1
        ? messages[0]
        : `${messages.length} fields need attention: see the messages below.`,
    fieldErrors: errors,
    values,
    intent,
  });
}

/**
 * A model's `Refusal` as form data (its field gets the message, else the banner does), with
 * the refusal's status; `context` carries what was typed, the intent, and any extra data the
 * form needs to re-render. Anything that is not a refusal is rethrown: it is a bug, not a "no".
 */
export function refusalFailure<E extends Extra>(
  error: unknown,
  context: { values?: FormValues } & E = {} as E,
) {
  if (!isRefusal(error)) throw error;
  return formFailure(
    {
      ...context,
      message: error.message,
      fieldErrors: error.field ? { [error.field]: error.message } : {},
      values: context.values ?? {},
    },
    error.status,
  );
}

/**
 * In a loader: a model's `Refusal` becomes the route's error page with its status and
 * message (a thrown Response, rendered by the ErrorBoundary). Anything else is rethrown.
 */
export function refusalResponse(error: unknown): never {
  if (!isRefusal(error)) throw error;
  throw new Response(error.message, { status: error.status });
}

/** FormData as plain values; `arrays` names fields that are lists even with one value. */
export function formValues(form: FormData, arrays: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map((v) => (typeof v === "string" ? v : v.name));
    values[key] = arrays.includes(key) || all.length > 1 ? all : (all[0] ?? "");
  }
  for (const key of arrays) values[key] ??= [];
  return values;
}
