import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { completeLesson, getLesson } from "~/models/learning.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { idParam, slugParam } from "~/utils/params";
import { ProgressBar } from "~/ui/status";

function parseParams(params: Record<string, string | undefined>) {
  return { slug: slugParam(params, "slug", "lesson"), position: idParam(params, "position", "lesson") };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "learner");
  const { slug, position } = parseParams(params);
  const page = getLesson(db(), user.id, slug, position);
  if (!page) throw new Response("No such lesson", { status: 404 });
  const index = page.lessons.findIndex((l) => l.position === position);
  return json({
    module: { slug, title: page.version.title },
    technology: page.technology.name,
    lesson: page.lesson,
    completed: page.lessons[index]?.completed ?? false,
    index,
    count: page.lessons.length,
    done: page.lessons.filter((l) => l.completed).length,
    previous: page.lessons[index - 1]?.position ?? null,
    next: page.lessons[index + 1]?.position ?? null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "learner");
  const { slug, position } = parseParams(params);
  const form = await readForm(request);
  if (form.get("intent") !== "complete") return json({ error: "Unknown action." }, { status: 400 });
  const result = completeLesson(db(), user.id, slug, position, new Date());
  if (!result) throw new Response("No such lesson", { status: 404 });
  return redirect(
    result.nextPosition !== null
      ? `/learn/modules/${slug}/lessons/${result.nextPosition}`
      : `/learn/modules/${slug}#assessment-title`,
  );
}

export default function LessonReader() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const isLast = data.next === null;
  return (
    <article className="reader stack-lg" aria-labelledby="lesson-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/learn/catalog">Catalog</Link> <span aria-hidden="true">/</span>{" "}
        <Link to={`/learn/modules/${data.module.slug}`}>{data.module.title}</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">
          {data.technology} · Lesson {data.index + 1} of {data.count} · {data.lesson.minutes} min read
        </p>
        <h1 id="lesson-title">{data.lesson.title}</h1>
        <ProgressBar value={data.done} max={data.count} label="Lessons completed in this module" />
      </header>
      <div className="prose" dangerouslySetInnerHTML={{ __html: data.lesson.bodyHtml }} />
      <footer className="reader-footer">
        {data.previous !== null ? (
          <Link to={`/learn/modules/${data.module.slug}/lessons/${data.previous}`} className="button">
            ← Previous
          </Link>
        ) : (
          <span />
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="complete" />
          <button type="submit" className="button button-primary" disabled={navigation.state !== "idle"}>
            {isLast
              ? data.completed
                ? "Go to the assessment"
                : "Complete and go to the assessment"
              : data.completed
                ? "Next lesson →"
                : "Mark complete and continue →"}
          </button>
        </Form>
      </footer>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.lesson.title ?? "Lesson"} · Partner Academy` },
];
