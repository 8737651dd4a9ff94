import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireAuthor } from "~/auth/auth.server";
import { LESSON_MAX_CHARS } from "~/domain/publishing";
import { getDraftLesson, saveLesson, StaleEditError } from "~/models/authoring.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { fieldErrors, idParam } from "~/utils/params";
import { useUnsavedChangesWarning } from "~/ui/unsaved-changes";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const lessonId = idParam(params, "lessonId", "lesson");
  const lesson = getDraftLesson(db(), moduleId, lessonId);
  if (!lesson) throw new Response("No such lesson in this module's draft", { status: 404 });
  return json({
    moduleId,
    lesson: {
      id: lesson.id,
      title: lesson.title,
      bodyMarkdown: lesson.bodyMarkdown,
      bodyHtml: lesson.bodyHtml,
      revision: lesson.revision,
      position: lesson.position,
    },
  });
}

const LessonSchema = z.object({
  revision: z.coerce.number().int().min(1),
  title: z.string().trim().min(1, "Give the lesson a title.").max(200, "Titles are at most 200 characters."),
  bodyMarkdown: z
    .string()
    .max(
      LESSON_MAX_CHARS,
      `Lessons are limited to ${LESSON_MAX_CHARS.toLocaleString("en-GB")} characters: split this one into two lessons.`,
    ),
});

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const lessonId = idParam(params, "lessonId", "lesson");
  const raw = Object.fromEntries(await readForm(request));
  const values = { title: String(raw.title ?? ""), bodyMarkdown: String(raw.bodyMarkdown ?? "") };
  const parsed = LessonSchema.safeParse(raw);
  if (!parsed.success)
    return json(
      { errors: fieldErrors(parsed.error.issues), values, revision: null, saved: false },
      { status: 400 },
    );
  try {
    const revision = saveLesson(db(), moduleId, lessonId, parsed.data, new Date());
    return json({ errors: {} as Record<string, string>, values, revision, saved: true });
  } catch (error) {
    if (error instanceof StaleEditError)
      return json({ errors: { form: error.message }, values, revision: null, saved: false }, { status: 409 });
    throw error;
  }
}

export default function LessonEditor() {
  const { moduleId, lesson } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const preview = useFetcher<{ html: string; error: string | null }>();
  const [body, setBody] = useState(actionData?.values.bodyMarkdown ?? lesson.bodyMarkdown);
  const [dirty, setDirty] = useState(Boolean(actionData && !actionData.saved));
  const [tooLong, setTooLong] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useUnsavedChangesWarning(dirty);
  const errors: Record<string, string> = actionData?.errors ?? {};
  const revision = actionData?.saved && actionData.revision ? actionData.revision : lesson.revision;

  useEffect(() => {
    if (actionData?.saved) setDirty(false);
  }, [actionData]);

  const requestPreview = (markdown: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      preview.submit({ markdown }, { method: "post", action: "/author/preview" });
    }, 350);
  };

  const html = preview.data?.html ?? lesson.bodyHtml;
  return (
    <div className="stack-lg">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/author">Authoring</Link> <span aria-hidden="true">/</span>{" "}
        <Link to={`/author/modules/${moduleId}`}>Module</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Lesson {lesson.position} · draft</p>
        <h1>{actionData?.values.title ?? lesson.title}</h1>
      </header>
      {errors.form ? (
        <p className="notice notice-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      {actionData?.saved ? (
        <p className="notice notice-success" role="status">
          Saved.
        </p>
      ) : null}
      <Form
        method="post"
        className="stack"
        onSubmit={(event) => {
          if (body.length > LESSON_MAX_CHARS) {
            event.preventDefault();
            setTooLong(true);
          }
        }}
      >
        <input type="hidden" name="revision" value={revision} />
        <div className="field">
          <label htmlFor="title">Lesson title</label>
          <input
            id="title"
            name="title"
            type="text"
            defaultValue={actionData?.values.title ?? lesson.title}
            onChange={() => setDirty(true)}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? "title-error" : undefined}
          />
          {errors.title ? (
            <p className="field-error" id="title-error">
              {errors.title}
            </p>
          ) : null}
        </div>
        <div className="editor-split">
          <div className="field">
            <label htmlFor="bodyMarkdown">Lesson text (Markdown)</label>
            <textarea
              id="bodyMarkdown"
              name="bodyMarkdown"
              className="markdown-input"
              rows={24}
              value={body}
              onChange={(e) => {
                setBody(e.target.value);
                setDirty(true);
                setTooLong(e.target.value.length > LESSON_MAX_CHARS);
                requestPreview(e.target.value);
              }}
              aria-invalid={errors.bodyMarkdown || tooLong ? true : undefined}
              aria-describedby="body-help"
            />
            <p id="body-help" className={tooLong || errors.bodyMarkdown ? "field-error" : "muted small"}>
              {tooLong
                ? `This lesson has ${body.length.toLocaleString("en-GB")} characters; the limit is ${LESSON_MAX_CHARS.toLocaleString("en-GB")}. Split it into two lessons.`
                : (errors.bodyMarkdown ??
                  `${body.split(/\s+/).filter(Boolean).length} words. Headings (##), lists, tables and links; raw HTML is removed.`)}
            </p>
          </div>
          <section className="preview" aria-labelledby="preview-title" aria-live="polite">
            <p id="preview-title" className="eyebrow">
              Preview {preview.state !== "idle" ? "· updating…" : ""}
            </p>
            {preview.data?.error ? <p className="field-error">{preview.data.error}</p> : null}
            <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
          </section>
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={navigation.state !== "idle"}>
            {navigation.state === "submitting" ? "Saving…" : "Save lesson"}
          </button>
          <Link to={`/author/modules/${moduleId}`} className="button">
            Back to the module
          </Link>
          {dirty ? <span className="muted small">Unsaved changes</span> : null}
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit lesson · Partner Academy" }];
