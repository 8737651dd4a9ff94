import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionSchema, BeforeSchema } from "~/schemas/notifications.server";
import { requireUser } from "~/auth/auth.server";
import { listNotifications, markAllRead, markNotification } from "~/models/notifications.server";
import { formatDateTime } from "~/ui/format";
import { ResultNotice, SubmitButton } from "~/ui/forms";
import { Badge } from "~/ui/status";
import { db } from "~/utils/db.server";
import { formFailure, formSuccess, formValues, zodFailure } from "~/utils/form-result.server";
import { readForm } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const before = BeforeSchema.parse(new URL(request.url).searchParams.get("before") ?? undefined);
  return json(listNotifications(db(), user.id, before));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formValues(await readForm(request));
  const parsed = ActionSchema.safeParse(values);
  if (!parsed.success) return zodFailure(parsed.error, values);
  const now = new Date();
  const input = parsed.data;
  if (input.intent === "all-read") {
    const n = markAllRead(db(), user.id, now);
    return formSuccess(n === 0 ? "Nothing was unread." : `Marked ${n} as read.`);
  }
  // Ownership is in the query: someone else's notification is simply not found.
  if (!markNotification(db(), user.id, input.id, input.intent === "read", now))
    return formFailure({ message: "That notification was not found." }, 404);
  return formSuccess(input.intent === "read" ? "Marked as read." : "Marked as unread.");
}

export default function Notifications() {
  const { notifications, nextBefore } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const unread = notifications.filter((n) => n.readAt === null).length;
  return (
    <div className="stack-lg narrow">
      <header className="page-header with-actions">
        <div>
          <p className="eyebrow">Notifications</p>
          <h1>Notifications</h1>
          <p className="lead">Reminders and updates about your certifications, newest first.</p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            <SubmitButton intent="all-read" className="button">
              Mark all as read
            </SubmitButton>
          </Form>
        ) : null}
      </header>
      <ResultNotice result={result} />
      {notifications.length === 0 ? (
        <p className="empty">Nothing yet. Reminders about your certifications will appear here.</p>
      ) : (
        <ul className="notification-list" aria-label="Notifications">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt === null ? "notification-unread" : undefined}>
              <span className="stack-sm">
                <span>
                  {n.readAt === null ? <Badge tone="info">Unread</Badge> : null}{" "}
                  {n.link ? (
                    <Link to={n.link}>
                      <strong>{n.title}</strong>
                    </Link>
                  ) : (
                    <strong>{n.title}</strong>
                  )}
                </span>
                <span className="small">{n.body}</span>
                <span className="muted small">{formatDateTime(n.createdAt)}</span>
              </span>
              <Form method="post">
                <input type="hidden" name="id" value={n.id} />
                <SubmitButton
                  intent={n.readAt === null ? "read" : "unread"}
                  className="button button-quiet"
                  aria-label={`Mark “${n.title}” as ${n.readAt === null ? "read" : "unread"}`}
                >
                  {n.readAt === null ? "Mark as read" : "Mark as unread"}
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
      {nextBefore ? (
        <p>
          <Link to={`?before=${nextBefore}`}>Older notifications →</Link>
        </p>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Notifications · Partner Academy" }];
