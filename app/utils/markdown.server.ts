/**
 * The one Markdown pipeline, for lessons, module introductions and question text: marked,
 * then sanitize-html with an allowlist. marked does not sanitise (`<img onerror>` and
 * `javascript:` links pass through it), so nothing it outputs is trusted until cleaned here.
 * Run once when a version is saved or published; the HTML is stored.
 */
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "s",
    "sup",
    "sub",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "dl",
    "dt",
    "dd",
    "kbd",
    "mark",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "title"],
    th: ["align", "scope"],
    td: ["align"],
    ol: ["start"],
    code: ["class"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  allowedClasses: { code: [/^language-[\w-]+$/] },
  disallowedTagsMode: "discard",
  transformTags: {
    // External links open safely; nothing can reach back through window.opener.
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }),
  },
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, {
    ...SANITIZE,
    allowedAttributes: { ...SANITIZE.allowedAttributes, a: ["href", "title", "rel"] },
  });
}
