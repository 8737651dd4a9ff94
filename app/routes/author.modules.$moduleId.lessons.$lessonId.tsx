import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { LessonSchema } from "~/schemas/author.modules.$moduleId.lessons.$lessonId.server";
import { requireAuthor } from "~/auth/auth.server";
import { LESSON_MAX_CHARS } from "~/domain/publishing";
import { getDraftLesson, saveLesson } from "~/models/draft-lessons.server";
import { Field, ResultNotice, SubmitButton } from "~/ui/forms";
import { useUnsavedChangesWarning } from "~/ui/unsaved-changes";
import { db } from "~/utils/db.server";
import { valueOf } from "~/utils/form-result";
import { formSuccess, formValues, refusalFailure, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";
import { idParam } from "~/utils/params";

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

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAuthor(request);
  const moduleId = idParam(params, "moduleId", "module");
  const lessonId = idParam(params, "lessonId", "lesson");
  const values = formValues(await readForm(request));
  const parsed = LessonSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  try {
    const revision = saveLesson(db(), moduleId, lessonId, parsed.data, new Date());
    return formSuccess("Saved.", { revision });
  } catch (error) {
    return refusalFailure(error, { values });
  }
}

export default function LessonEditor() {
  const { moduleId, lesson } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const preview = useFetcher<{ html: string; error: string | null }>();
  const [body, setBody] = useState(valueOf(result, "bodyMarkdown") ?? lesson.bodyMarkdown);
  const [dirty, setDirty] = useState(result?.ok === false);
  const [tooLong, setTooLong] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useUnsavedChangesWarning(dirty);
  const bodyError = result?.fieldErrors?.bodyMarkdown;
  const revision = result?.ok ? result.revision : lesson.revision;

  useEffect(() => {
    if (result?.ok) setDirty(false);
  }, [result]);

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
        <h1>{valueOf(result, "title") ?? lesson.title}</h1>
      </header>
      <ResultNotice result={result} />
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
        <Field
          name="title"
          label="Lesson title"
          result={result}
          defaultValue={lesson.title}
          onChange={() => setDirty(true)}
        />
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
              aria-invalid={bodyError || tooLong ? true : undefined}
              aria-describedby="body-help"
            />
            <p id="body-help" className={tooLong || bodyError ? "field-error" : "muted small"}>
              {tooLong
                ? `This lesson has ${body.length.toLocaleString("en-GB")} characters; the limit is ${LESSON_MAX_CHARS.toLocaleString("en-GB")}. Split it into two lessons.`
                : (bodyError ??
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
          <SubmitButton>{navigation.state === "submitting" ? "Saving…" : "Save lesson"}</SubmitButton>
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
