import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  cloneElement,
  useState,
  type InputHTMLAttributes,
  type ReactElement,
  type TextareaHTMLAttributes,
} from "react";
import { z } from "zod";
import { requireAuthor } from "~/auth/auth.server";
import {
  addLesson,
  deleteLesson,
  draftPublishProblems,
  getEditor,
  moveLesson,
  openDraft,
  PublishRefusedError,
  publishDraft,
  saveSettings,
  setArchived,
  StaleEditError,
} from "~/models/authoring.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { fieldErrors, idParam } from "~/utils/params";
import { formatDate } from "~/ui/format";
import { Badge } from "~/ui/status";
import { useUnsavedChangesWarning } from "~/ui/unsaved-changes";

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
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("unarchive") }),
]);

type ActionData = {
  intent: string;
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
  problems?: string[];
  message?: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const form = await readForm(request);
  const raw = Object.fromEntries(form);
  const parsed = IntentSchema.safeParse(raw);
  if (!parsed.success) {
    return json<ActionData>(
      {
        intent: String(raw.intent ?? ""),
        errors: fieldErrors(parsed.error.issues),
        values: { title: String(raw.title ?? "") },
      },
      { status: 400 },
    );
  }
  const now = new Date();
  const input = parsed.data;
  switch (input.intent) {
    case "open-draft":
      if (openDraft(db(), moduleId, now) === undefined) throw new Response("No such module", { status: 404 });
      return redirect(`/author/modules/${moduleId}`);
    case "save-settings": {
      const values = { ...raw, competencyIds: form.getAll("competencyIds").map(String) } as Record<
        string,
        string | string[]
      >;
      const settings = SettingsSchema.safeParse(values);
      if (!settings.success)
        return json<ActionData>(
          { intent: input.intent, errors: fieldErrors(settings.error.issues), values },
          { status: 400 },
        );
      try {
        saveSettings(db(), moduleId, settings.data.revision, settings.data, now);
      } catch (error) {
        if (error instanceof StaleEditError)
          return json<ActionData>(
            { intent: input.intent, errors: { form: error.message }, values },
            { status: 409 },
          );
        throw error;
      }
      return json<ActionData>({ intent: input.intent, message: "Settings saved." });
    }
    case "add-lesson": {
      const lessonId = addLesson(db(), moduleId, input.title, now);
      return redirect(`/author/modules/${moduleId}/lessons/${lessonId}`);
    }
    case "move-lesson":
      moveLesson(db(), moduleId, input.lessonId, input.direction, now);
      return json<ActionData>({ intent: input.intent });
    case "delete-lesson":
      deleteLesson(db(), moduleId, input.lessonId, now);
      return json<ActionData>({ intent: input.intent, message: "Lesson deleted." });
    case "publish":
      try {
        const published = publishDraft(db(), moduleId, user.id, now);
        return json<ActionData>({
          intent: input.intent,
          message: `Published version ${published.versionNumber}. Learners starting now get it; those mid-way keep theirs.`,
        });
      } catch (error) {
        if (error instanceof PublishRefusedError)
          return json<ActionData>({ intent: input.intent, problems: error.problems }, { status: 400 });
        throw error;
      }
    case "archive":
    case "unarchive":
      setArchived(db(), moduleId, input.intent === "archive", user.id, now);
      return json<ActionData>({
        intent: input.intent,
        message:
          input.intent === "archive"
            ? "Module archived: it is no longer in the catalog."
            : "Module restored to the catalog.",
      });
  }
}

export default function ModuleEditor() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [dirty, setDirty] = useState(false);
  useUnsavedChangesWarning(dirty);
  const settingsErrors: Record<string, string> =
    actionData?.intent === "save-settings" ? (actionData.errors ?? {}) : {};
  const typed = actionData?.intent === "save-settings" ? actionData.values : undefined;
  const value = (key: string, fallback: string | number) =>
    typed && typeof typed[key] === "string" ? String(typed[key]) : String(fallback);
  const typedCompetencies: unknown = typed?.competencyIds;
  const checked = (id: number) =>
    typed
      ? Array.isArray(typedCompetencies) && typedCompetencies.some((v) => v === String(id))
      : data.taught.includes(id);
  const latest = data.versions[0];

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

      {actionData?.message ? (
        <p className="notice notice-success" role="status">
          {actionData.message}
        </p>
      ) : null}

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
            <button
              type="submit"
              name="intent"
              value="open-draft"
              className="button button-primary"
              disabled={busy}
            >
              Edit a new draft
            </button>
          </Form>
        </section>
      ) : (
        <>
          <section className="card stack" aria-labelledby="settings-title">
            <h2 id="settings-title" className="h3">
              Module settings
            </h2>
            {settingsErrors.form ? (
              <p className="notice notice-error" role="alert">
                {settingsErrors.form}
              </p>
            ) : null}
            <Form
              method="post"
              className="stack"
              onChange={() => setDirty(true)}
              onSubmit={() => setDirty(false)}
              noValidate
            >
              <input type="hidden" name="revision" value={data.draft.revision} />
              <div className="form-grid">
                <Field label="Title" name="title" error={settingsErrors.title} wide>
                  <input type="text" defaultValue={value("title", data.draft.title)} />
                </Field>
                <Field label="Summary" name="summary" error={settingsErrors.summary} wide>
                  <input type="text" defaultValue={value("summary", data.draft.summary)} />
                </Field>
                <Field label="Minutes" name="minutes" error={settingsErrors.minutes}>
                  <input
                    type="number"
                    min={1}
                    max={600}
                    defaultValue={value("minutes", data.draft.minutes)}
                  />
                </Field>
                <Field label="Pass mark (%)" name="passMarkPercent" error={settingsErrors.passMarkPercent}>
                  <input
                    type="number"
                    min={1}
                    max={100}
                    defaultValue={value("passMarkPercent", data.draft.passMarkPercent)}
                  />
                </Field>
                <Field
                  label="Attempts per 24 hours"
                  name="maxAttemptsPerDay"
                  error={settingsErrors.maxAttemptsPerDay}
                >
                  <input
                    type="number"
                    min={1}
                    max={50}
                    defaultValue={value("maxAttemptsPerDay", data.draft.maxAttemptsPerDay)}
                  />
                </Field>
                <Field
                  label="Introduction (Markdown)"
                  name="introMarkdown"
                  error={settingsErrors.introMarkdown}
                  wide
                >
                  <textarea rows={4} defaultValue={value("introMarkdown", data.draft.introMarkdown)} />
                </Field>
              </div>
              <fieldset className="checkbox-group">
                <legend>Competencies taught</legend>
                {data.available.map((c) => (
                  <label key={c.id} className="checkbox">
                    <input type="checkbox" name="competencyIds" value={c.id} defaultChecked={checked(c.id)} />{" "}
                    {c.name}
                  </label>
                ))}
                {settingsErrors.competencyIds ? (
                  <p className="field-error">{settingsErrors.competencyIds}</p>
                ) : null}
              </fieldset>
              <div>
                <button
                  type="submit"
                  name="intent"
                  value="save-settings"
                  className="button button-primary"
                  disabled={busy}
                >
                  Save settings
                </button>
                {dirty ? <span className="muted small"> Unsaved changes</span> : null}
              </div>
            </Form>
          </section>

          <section className="card stack" aria-labelledby="lessons-title">
            <h2 id="lessons-title" className="h3">
              Lessons
            </h2>
            {data.lessons.length === 0 ? (
              <p className="empty">No lessons yet. Add the first one below.</p>
            ) : null}
            <ol className="editor-list">
              {data.lessons.map((l, i) => (
                <li key={l.id}>
                  <span className="editor-list-title">
                    <Link to={`lessons/${l.id}`}>{l.title}</Link>
                    <span className="muted small"> · {l.words} words</span>
                  </span>
                  <Form method="post" className="button-row" preventScrollReset>
                    <input type="hidden" name="lessonId" value={l.id} />
                    <input type="hidden" name="intent" value="move-lesson" />
                    <button
                      type="submit"
                      name="direction"
                      value="up"
                      className="button button-quiet"
                      disabled={i === 0 || busy}
                      aria-label={`Move “${l.title}” up`}
                    >
                      ↑
                    </button>
                    <button
                      type="submit"
                      name="direction"
                      value="down"
                      className="button button-quiet"
                      disabled={i === data.lessons.length - 1 || busy}
                      aria-label={`Move “${l.title}” down`}
                    >
                      ↓
                    </button>
                  </Form>
                  <Form
                    method="post"
                    preventScrollReset
                    onSubmit={(e) => {
                      if (!window.confirm(`Delete the lesson “${l.title}” from the draft?`))
                        e.preventDefault();
                    }}
                  >
                    <input type="hidden" name="lessonId" value={l.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="delete-lesson"
                      className="button button-quiet button-danger"
                      aria-label={`Delete “${l.title}”`}
                    >
                      Delete
                    </button>
                  </Form>
                </li>
              ))}
            </ol>
            <Form method="post" className="inline-form">
              <div className="field">
                <label htmlFor="new-lesson">New lesson title</label>
                <input
                  id="new-lesson"
                  name="title"
                  type="text"
                  defaultValue={
                    actionData?.intent === "add-lesson" ? String(actionData.values?.title ?? "") : ""
                  }
                  aria-invalid={
                    actionData?.intent === "add-lesson" && actionData.errors?.title ? true : undefined
                  }
                />
                {actionData?.intent === "add-lesson" && actionData.errors?.title ? (
                  <p className="field-error">{actionData.errors.title}</p>
                ) : null}
              </div>
              <button type="submit" name="intent" value="add-lesson" className="button" disabled={busy}>
                Add lesson
              </button>
            </Form>
          </section>

          <section className="card stack" aria-labelledby="publish-title">
            <h2 id="publish-title" className="h3">
              Publish
            </h2>
            {(actionData?.problems ?? data.problems).length > 0 ? (
              <div className="notice notice-warning" role={actionData?.problems ? "alert" : undefined}>
                <p>Before this draft can be published:</p>
                <ul>
                  {(actionData?.problems ?? data.problems).map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p>
                Ready to publish as version {(latest?.versionNumber ?? 0) + 1}. Learners mid-way through an
                earlier version keep theirs.
              </p>
            )}
            <Form method="post">
              <button
                type="submit"
                name="intent"
                value="publish"
                className="button button-primary"
                disabled={busy}
              >
                Publish version {(latest?.versionNumber ?? 0) + 1}
              </button>
            </Form>
          </section>
        </>
      )}

      <section className="card stack" aria-labelledby="versions-title">
        <h2 id="versions-title" className="h3">
          Versions
        </h2>
        {data.versions.length === 0 ? (
          <p className="muted">Not published yet.</p>
        ) : (
          <ul className="list">
            {data.versions.map((v) => (
              <li key={v.id}>
                <span>
                  Version {v.versionNumber} · {v.title}
                </span>
                <span className="muted small">{v.publishedAt ? formatDate(v.publishedAt) : ""}</span>
              </li>
            ))}
          </ul>
        )}
        {latest ? (
          <Form method="post">
            {data.module.archivedAt ? (
              <button type="submit" name="intent" value="unarchive" className="button">
                Restore to the catalog
              </button>
            ) : (
              <button type="submit" name="intent" value="archive" className="button button-danger">
                Archive (remove from the catalog)
              </button>
            )}
          </Form>
        ) : null}
      </section>
    </div>
  );
}

function Field({
  label,
  name,
  error,
  wide,
  children,
}: {
  label: string;
  name: string;
  error?: string;
  wide?: boolean;
  children: ReactElement<InputHTMLAttributes<HTMLInputElement> | TextareaHTMLAttributes<HTMLTextAreaElement>>;
}) {
  const id = `field-${name}`;
  return (
    <div className={`field${wide ? " field-wide" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error ? `${id}-error` : undefined,
      })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit module · Partner Academy" }];
