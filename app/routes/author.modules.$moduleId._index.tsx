import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { REVISION_KINDS } from "#db/vocabulary";
import { requireAuthor } from "~/auth/auth.server";
import { CHANGE_NOTE_MAX } from "~/domain/lifecycle";
import { deleteLesson, addLesson, moveLesson } from "~/models/draft-lessons.server";
import { getEditor, openDraft, saveSettings } from "~/models/drafts.server";
import { REVEAL_POLICIES } from "#db/vocabulary";
import { FORM_SIZE_MAX, TIME_LIMIT_MAX_MINUTES } from "~/domain/publishing";
import { draftBank, draftPublishProblems, publishDraft, setArchived } from "~/models/publishing.server";
import { DraftSettingsForm, LessonList } from "~/ui/authoring/module-editor";
import { PublishPanel, VersionsPanel } from "~/ui/authoring/publish-panel";
import { ResultNotice, SubmitButton } from "~/ui/forms";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";
import { db } from "~/utils/db.server";
import { formFailure, formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const editor = getEditor(db(), moduleId);
  if (!editor) throw new Response("No such module", { status: 404 });
  return json({
    module: editor.module,
    versions: editor.versions,
    available: editor.available,
    taught: editor.taught,
    draft: editor.draft
      ? {
          revision: editor.draft.revision,
          title: editor.draft.title,
          summary: editor.draft.summary,
          introMarkdown: editor.draft.introMarkdown,
          minutes: editor.draft.minutes,
          passMarkPercent: editor.draft.passMarkPercent,
          maxAttemptsPerDay: editor.draft.maxAttemptsPerDay,
          formSize: editor.draft.formSize,
          revealPolicy: editor.draft.revealPolicy,
          timeLimitMinutes: editor.draft.timeLimitMinutes,
          updatedAt: editor.draft.updatedAt,
        }
      : null,
    lessons: editor.lessons.map((l) => ({
      id: l.id,
      position: l.position,
      title: l.title,
      words: l.bodyMarkdown.split(/\s+/).filter(Boolean).length,
    })),
    questionCount: editor.questions.length,
    bank: editor.draft ? draftBank(db(), moduleId) : null,
    problems: editor.draft ? draftPublishProblems(db(), moduleId) : [],
  });
}

const SettingsSchema = z.object({
  revision: z.coerce.number().int().min(1),
  title: z
    .string()
    .trim()
    .min(3, "Give the module a title of at least 3 characters.")
    .max(200, "Titles are at most 200 characters."),
  summary: z.string().trim().max(500, "Keep the summary under 500 characters."),
  introMarkdown: z.string().max(20_000, "Keep the introduction under 20,000 characters."),
  minutes: z.coerce
    .number({ error: "Minutes must be a number." })
    .int("Minutes must be a whole number.")
    .min(1, "At least 1 minute.")
    .max(600, "At most 600 minutes."),
  passMarkPercent: z.coerce
    .number({ error: "The pass mark must be a number." })
    .int()
    .min(1, "Between 1 and 100.")
    .max(100, "Between 1 and 100."),
  maxAttemptsPerDay: z.coerce
    .number({ error: "Attempts must be a number." })
    .int()
    .min(1, "At least 1.")
    .max(50, "At most 50."),
  formSize: z.coerce
    .number({ error: "The form size must be a number." })
    .int("The form size is a whole number of questions.")
    .min(1, "At least 1 question.")
    .max(FORM_SIZE_MAX, `At most ${FORM_SIZE_MAX} questions.`),
  revealPolicy: z.enum(REVEAL_POLICIES, { error: "Choose when learners see the right answers." }),
  timeLimitMinutes: z.union([
    z.literal("").transform(() => null),
    z.coerce
      .number({ error: "The time limit is a number of minutes (or empty for none)." })
      .int("The time limit is a whole number of minutes.")
      .min(1, "At least 1 minute, or empty for no limit.")
      .max(TIME_LIMIT_MAX_MINUTES, `At most ${TIME_LIMIT_MAX_MINUTES} minutes.`),
  ]),
  competencyIds: z.array(z.coerce.number().int().min(1)).max(20),
});

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open-draft") }),
  z.object({ intent: z.literal("save-settings") }),
  z.object({
    intent: z.literal("add-lesson"),
    title: z.string().trim().min(1, "Give the lesson a title.").max(200, "At most 200 characters."),
  }),
  z.object({
    intent: z.literal("move-lesson"),
    lessonId: z.coerce.number().int().min(1),
    direction: z.enum(["up", "down"]),
  }),
  z.object({ intent: z.literal("delete-lesson"), lessonId: z.coerce.number().int().min(1) }),
  z.object({
    intent: z.literal("publish"),
    changeKind: z.enum(REVISION_KINDS).default("minor"),
    changeNote: z.string().max(CHANGE_NOTE_MAX, `At most ${CHANGE_NOTE_MAX} characters.`).default(""),
  }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("unarchive") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const values = formValues(await readForm(request), ["competencyIds"]);
  const parsed = IntentSchema.safeParse(values);
  const intent = typeof values.intent === "string" ? values.intent : undefined;
  if (!parsed.success) return zodFailure(parsed.error, values, intent);
  const now = new Date();
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "open-draft":
        if (openDraft(db(), moduleId, now) === undefined)
          throw new Response("No such module", { status: 404 });
        return redirect(`/author/modules/${moduleId}`);
      case "save-settings": {
        const settings = SettingsSchema.safeParse(values);
        if (!settings.success) return zodFailure(settings.error, values, input.intent);
        saveSettings(db(), moduleId, settings.data.revision, settings.data, now);
        return formSuccess("Settings saved.", { intent: input.intent });
      }
      case "add-lesson": {
        const lessonId = addLesson(db(), moduleId, input.title, now);
        return redirect(`/author/modules/${moduleId}/lessons/${lessonId}`);
      }
      case "move-lesson":
        moveLesson(db(), moduleId, input.lessonId, input.direction, now);
        return formSuccess("Lesson moved.", { intent: input.intent });
      case "delete-lesson":
        deleteLesson(db(), moduleId, input.lessonId, now);
        return formSuccess("Lesson deleted.", { intent: input.intent });
      case "publish": {
        const problems = draftPublishProblems(db(), moduleId);
        if (problems.length > 0)
          return formFailure({
            intent: input.intent,
            message: "Not published. Before this draft can be published:",
          });
        const published = publishDraft(db(), moduleId, user.id, now, {
          kind: input.changeKind,
          note: input.changeNote,
        });
        return formSuccess(
          published.recertifyBy
            ? `Published version ${published.versionNumber} as a major revision: holders have until ${formatDate(published.recertifyBy)} to take it (${published.superseded} attainments affected). Learners mid-way move to it.`
            : `Published version ${published.versionNumber}. Learners starting now get it; those mid-way keep theirs.`,
          { intent: input.intent },
        );
      }
      case "archive":
      case "unarchive":
        setArchived(db(), moduleId, input.intent === "archive", user.id, now);
        return formSuccess(
          input.intent === "archive"
            ? "Module archived: it is no longer in the catalog."
            : "Module restored to the catalog.",
          { intent: input.intent },
        );
    }
  } catch (error) {
    return refusalFailure(error, { values, intent: input.intent });
  }
}

export default function ModuleEditor() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const latest = data.versions[0];
  const nextVersion = (latest?.versionNumber ?? 0) + 1;
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/author">Authoring</Link> <span aria-hidden="true">/</span>{" "}
        <span>{data.module.technology}</span>
      </nav>
      <header className="page-header with-actions">
        <div>
          <p className="eyebrow">
            {data.module.technology} · {data.module.slug}
          </p>
          <h1>{data.draft?.title ?? latest?.title ?? data.module.slug}</h1>
          <p className="badge-row">
            {data.module.archivedAt ? (
              <Badge tone="neutral">Archived</Badge>
            ) : latest ? (
              <Badge tone="success">Published v{latest.versionNumber}</Badge>
            ) : (
              <Badge tone="neutral">Never published</Badge>
            )}
            {data.draft ? <Badge tone="info">Draft open</Badge> : null}
          </p>
        </div>
        <div className="button-row">
          <Link to="questions" className="button">
            {data.draft ? `Assessment (${data.questionCount})` : "Assessment"}
          </Link>
          {latest ? (
            <Link to="analytics" className="button">
              Analytics
            </Link>
          ) : null}
          <a href={`/author/modules/${data.module.id}/export`} className="button" download>
            Export
          </a>
        </div>
      </header>

      {result?.ok && result.intent !== "save-settings" ? <ResultNotice result={result} /> : null}

      {!data.draft ? (
        <section className="card stack" aria-labelledby="no-draft">
          <h2 id="no-draft" className="h3">
            Learners see version {latest?.versionNumber}
          </h2>
          <p>
            Editing opens a draft copy. Learners keep seeing version {latest?.versionNumber} until you publish
            the draft.
          </p>
          <Form method="post">
            <SubmitButton intent="open-draft">Edit a new draft</SubmitButton>
          </Form>
        </section>
      ) : (
        <>
          <DraftSettingsForm
            draft={data.draft}
            available={data.available}
            taught={data.taught}
            bank={data.bank}
            result={result}
          />
          <LessonList lessons={data.lessons} result={result} />
          <PublishPanel problems={data.problems} nextVersion={nextVersion} result={result} />
        </>
      )}

      <VersionsPanel versions={data.versions} archived={Boolean(data.module.archivedAt)} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit module · Partner Academy" }];
