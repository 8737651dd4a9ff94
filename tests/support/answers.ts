/**
 * The test oracle: for an attempt, the page's field values that answer every question right
 * (or wrong), read from the stored layouts and the answer key on the server side, the way
 * the grading reads them. Used by model tests and browser journeys alike.
 */
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { attempts } from "#db/schema";
import { fieldName } from "~/domain/attempt-input";
import { parseNumericAnswer } from "~/domain/answers";
import { matchingRightOptions } from "~/domain/grading";
import { attemptItems } from "~/models/attempt-items.server";

export function answerFields(db: Database, attemptId: number, correct: boolean): Map<string, string[]> {
  const attempt = db.select().from(attempts).where(eq(attempts.id, attemptId)).get();
  if (!attempt) throw new Error(`no attempt ${attemptId}`);
  const fields = new Map<string, string[]>();
  for (const item of attemptItems(db, attemptId, attempt.moduleVersionId)) {
    const q = item.question;
    const name = fieldName(item.position);
    const byId = new Map(q.choices.map((c) => [c.id, c]));
    if (q.kind === "numerical") {
      const best = q.choices.find((c) => c.isCorrect && (c.weight ?? 1) === 1) ?? q.choices[0];
      const range = best ? parseNumericAnswer(best.text) : undefined;
      fields.set(name, [correct && range ? String((range.min + range.max) / 2) : "-987654321"]);
    } else if (q.kind === "short") {
      const best = q.choices.find((c) => c.isCorrect && (c.weight ?? 1) === 1);
      fields.set(name, [correct && best ? best.text : "certainly not the answer"]);
    } else if (q.kind === "matching") {
      const options = item.layout.right ?? [];
      const rightOptions = matchingRightOptions(q);
      item.layout.choices.forEach((leftId, i) => {
        const left = byId.get(leftId);
        const place = options.findIndex((id) => {
          const option = rightOptions.find((o) => o.id === id);
          return (option?.matchText === left?.matchText) === correct;
        });
        fields.set(fieldName(item.position, i + 1), [String(place + 1)]);
      });
    } else {
      const places = item.layout.choices
        .map((id, i) => ({ choice: byId.get(id), place: String(i + 1) }))
        .filter((c) => c.choice?.isCorrect === correct)
        .map((c) => c.place);
      fields.set(name, q.kind === "multiple" ? places : places.slice(0, 1));
    }
  }
  return fields;
}
