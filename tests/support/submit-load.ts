/**
 * For the group-commit durability test: submits the attempts listed in SUBMIT_ATTEMPTS
 * (`attemptId:userId,…`) with right answers through the group commit, ten at a time, on
 * DATABASE_PATH with `synchronous=FULL`, printing `ack <attemptId>` once each submission is
 * acknowledged (its batch committed), until the list is done or the process is killed.
 */
import { openDatabase } from "#db/client.server";
import { submitAttemptTogether } from "~/models/attempt-submission.server";
import { answerFields } from "./answers";

const db = openDatabase(process.env.DATABASE_PATH ?? "", { synchronous: "FULL" });
const pairs = (process.env.SUBMIT_ATTEMPTS ?? "")
  .split(",")
  .filter(Boolean)
  .map((pair) => pair.split(":").map(Number) as [number, number]);
const at = new Date(process.env.SUBMIT_AT ?? Date.now());

for (let i = 0; i < pairs.length; i += 10) {
  await Promise.all(
    pairs.slice(i, i + 10).map(async ([attemptId, userId]) => {
      const fields = answerFields(db, attemptId, true);
      const result = await submitAttemptTogether(db, attemptId, userId, fields, at);
      if (result.outcome === "graded") process.stdout.write(`ack ${attemptId}\n`);
    }),
  );
}
db.$client.close();
