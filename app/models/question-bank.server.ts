/**
 * A module version's questions with their choices and the key, in authored order: what
 * authoring edits and publishes, and what attempts are drawn and graded from. Never for the
 * browser as it is.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import { choices, questions } from "#db/schema";

export function loadBank(db: Database | Transaction, versionId: number) {
  const qs = db
    .select()
    .from(questions)
    .where(eq(questions.moduleVersionId, versionId))
    .orderBy(asc(questions.position))
    .all();
  const cs =
    qs.length === 0
      ? []
      : db
          .select()
          .from(choices)
          .where(
            inArray(
              choices.questionId,
              qs.map((q) => q.id),
            ),
          )
          .orderBy(asc(choices.position))
          .all();
  return qs.map((q) => ({ ...q, choices: cs.filter((c) => c.questionId === q.id) }));
}
