/**
 * What the assessment page submits, read back into answers. The page names nothing: a
 * question is `q<its place on the page>`, a choice is its place in the attempt's own order,
 * a matching item is `q<place>-<item's place>` with the option's place as its value. Only
 * the attempt's stored layout turns places into choices, so nothing a browser sees or sends
 * says which choice is which (DESIGN.md Rule 11). Pure.
 */
import type { AttemptLayout, AttemptResponse, QuestionKind } from "#db/vocabulary";

export const TYPED_ANSWER_MAX = 200;

export interface FormItem {
  position: number;
  kind: QuestionKind;
  layout: AttemptLayout;
}

/** Field name of a question (and of one matching item) on the assessment page. */
export function fieldName(position: number, item?: number): string {
  return item === undefined ? `q${position}` : `q${position}-${item}`;
}

function placeOf(value: string, count: number): number | undefined {
  if (!/^\d{1,3}$/.test(value)) return undefined;
  const place = Number(value);
  return place >= 1 && place <= count ? place : undefined;
}

/**
 * The answers in a submission, by position, and what is wrong with it (tampering or a
 * stale page: values that are no place on this attempt's page). Unanswered questions are
 * simply absent.
 */
export function readResponses(
  items: readonly FormItem[],
  fields: ReadonlyMap<string, readonly string[]>,
): { responses: Map<number, AttemptResponse>; problems: string[] } {
  const responses = new Map<number, AttemptResponse>();
  const problems = new Set<string>();
  const known = new Set<string>();
  for (const item of items) {
    if (item.kind === "matching") {
      const right = item.layout.right ?? [];
      const pairs: Record<string, number> = {};
      item.layout.choices.forEach((leftId, index) => {
        const name = fieldName(item.position, index + 1);
        known.add(name);
        const values = (fields.get(name) ?? []).filter((v) => v !== "");
        if (values.length === 0) return;
        const place = values.length === 1 ? placeOf(values[0] ?? "", right.length) : undefined;
        const option = place === undefined ? undefined : right[place - 1];
        if (option === undefined) problems.add("An answer is not one of the options.");
        else pairs[String(leftId)] = option;
      });
      if (Object.keys(pairs).length > 0) responses.set(item.position, { pairs });
      continue;
    }
    const name = fieldName(item.position);
    known.add(name);
    const values = fields.get(name) ?? [];
    if (item.kind === "numerical" || item.kind === "short") {
      if (values.length > 1) problems.add("A question was answered twice.");
      const text = (values[0] ?? "").trim();
      if (text.length > TYPED_ANSWER_MAX)
        problems.add(`Typed answers are at most ${TYPED_ANSWER_MAX} characters.`);
      else if (text !== "") responses.set(item.position, { text });
      continue;
    }
    const places = values.filter((v) => v !== "").map((v) => placeOf(v, item.layout.choices.length));
    if (places.some((p) => p === undefined)) {
      problems.add("An answer is not one of the choices.");
      continue;
    }
    const chosen = places.map((p) => item.layout.choices[(p ?? 1) - 1] ?? -1);
    if (new Set(chosen).size !== chosen.length) problems.add("The same answer was submitted twice.");
    else if (item.kind !== "multiple" && chosen.length > 1)
      problems.add("A single-answer question was given several answers.");
    else if (chosen.length > 0) responses.set(item.position, { choices: chosen });
  }
  for (const name of fields.keys()) {
    if (/^q\d/.test(name) && !known.has(name))
      problems.add("The submission answers a question that is not part of this attempt.");
  }
  return { responses, problems: [...problems] };
}

/** A stored answer as the page's field values (to show what was saved or typed). */
export function responseFields(item: FormItem, response: AttemptResponse | null): Record<string, string[]> {
  if (!response) return {};
  if ("text" in response) return { [fieldName(item.position)]: [response.text] };
  if ("pairs" in response) {
    const right = item.layout.right ?? [];
    const fields: Record<string, string[]> = {};
    item.layout.choices.forEach((leftId, index) => {
      const option = response.pairs[String(leftId)];
      const place = option === undefined ? -1 : right.indexOf(option);
      if (place >= 0) fields[fieldName(item.position, index + 1)] = [String(place + 1)];
    });
    return fields;
  }
  const places = response.choices
    .map((id) => item.layout.choices.indexOf(id))
    .filter((i) => i >= 0)
    .map((i) => String(i + 1));
  return { [fieldName(item.position)]: places };
}
