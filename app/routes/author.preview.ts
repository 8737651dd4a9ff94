import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAuthor } from "~/auth/auth.server";
import { LESSON_MAX_CHARS } from "~/domain/publishing";
import { readForm } from "~/utils/forms.server";
import { renderMarkdown } from "~/utils/markdown.server";

/**
 * Live preview for the editors: the exact marked + sanitize-html pipeline learners get.
 * POST because the text can be long; it changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireAuthor(request);
  const markdown = (await readForm(request)).get("markdown");
  if (typeof markdown !== "string") return json({ html: "", error: "Nothing to preview." }, { status: 400 });
  if (markdown.length > LESSON_MAX_CHARS) {
    return json(
      {
        html: "",
        error: `Too long to preview: lessons are limited to ${LESSON_MAX_CHARS.toLocaleString("en-GB")} characters.`,
      },
      { status: 400 },
    );
  }
  return json({ html: renderMarkdown(markdown), error: null });
}
