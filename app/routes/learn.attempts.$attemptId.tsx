import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { IntentSchema } from "~/schemas/learn.attempts.$attemptId.server";
import { requireRole } from "~/auth/auth.server";
import { getAttemptResult } from "~/models/attempt-results.server";
import { getAttemptForm } from "~/models/attempts.server";
import { findOwnAttempt } from "~/models/attempt-items.server";
import { closeExpiredAttempt, saveAnswers, submitAttemptTogether } from "~/models/attempt-submission.server";
import { AttemptForm } from "~/ui/attempt/attempt-form";
import { AttemptResult } from "~/ui/attempt/attempt-result";
import { db } from "~/utils/db.server";
import { formFailure, formSuccess, refusalFailure, refusalResponse } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  const attemptId = idParam(params, "attemptId", "attempt");
  try {
    const found = findOwnAttempt(db(), attemptId, user.id);
    if (!found.attempt.submittedAt)
      return json({ form: getAttemptForm(db(), attemptId, user.id, new Date()), result: null });
    return json({ form: null, result: getAttemptResult(db(), attemptId, user.id) });
  } catch (error) {
    refusalResponse(error);
  }
}

/** The answer fields of a submission (`q…`), by name; everything else is ignored. */
function answerFields(form: FormData): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [key, value] of form.entries()) {
    if (!/^q\d{1,4}(?:-\d{1,3})?$/.test(key) || typeof value !== "string") continue;
    fields.set(key, [...(fields.get(key) ?? []), value]);
  }
  return fields;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "learner");
  const attemptId = idParam(params, "attemptId", "attempt");
  const form = await readForm(request);
  const parsed = IntentSchema.safeParse({
    intent: form.get("intent") ?? undefined,
    confirmIncomplete: form.get("confirmIncomplete") ?? undefined,
  });
  if (!parsed.success) return formFailure({ message: "Unknown action: please reload the page." });
  const { intent } = parsed.data;
  const now = new Date();
  try {
    if (intent === "save") {
      const { savedAt } = saveAnswers(db(), attemptId, user.id, answerFields(form), now);
      return formSuccess("Saved.", { intent, savedAt: savedAt.toISOString() });
    }
    if (intent === "close") {
      closeExpiredAttempt(db(), attemptId, user.id, now);
      return redirect(`/learn/attempts/${attemptId}`);
    }
    const outcome = await submitAttemptTogether(db(), attemptId, user.id, answerFields(form), now, {
      confirmIncomplete: parsed.data.confirmIncomplete === "1",
    });
    if (outcome.outcome === "incomplete") {
      const n = outcome.unanswered.length;
      return formFailure({
        intent,
        message: `You have not answered ${n === 1 ? "1 question" : `${n} questions`}. Answer ${n === 1 ? "it" : "them"}, or submit anyway: unanswered questions score 0.`,
        unanswered: outcome.unanswered,
      });
    }
    return redirect(`/learn/attempts/${attemptId}`);
  } catch (error) {
    return refusalFailure(error, { intent });
  }
}

export default function AttemptPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const title = data.form?.version.title ?? data.result?.version.title ?? "";
  const slug = data.form?.module.slug ?? data.result?.module.slug ?? "";
  return (
    <div className="stack-lg reader">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/learn/modules/${slug}`}>{title}</Link>
      </nav>
      {data.form ? (
        <>
          <header className="page-header">
            <p className="eyebrow">
              Assessment · {data.form.questions.length} questions · pass mark{" "}
              {data.form.version.passMarkPercent}%
            </p>
            <h1>{title}</h1>
            <p className="muted">
              Answer every question, then submit. Your answers are graded on the server when you submit.
            </p>
          </header>
          <AttemptForm
            form={data.form}
            result={
              result && result.intent !== "save"
                ? {
                    message: result.message,
                    unanswered:
                      "unanswered" in result && Array.isArray(result.unanswered)
                        ? result.unanswered.filter((n): n is number => typeof n === "number")
                        : [],
                  }
                : undefined
            }
          />
        </>
      ) : data.result ? (
        <AttemptResult result={data.result} />
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Assessment · Partner Academy" }];
