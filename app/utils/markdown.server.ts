/**
 * The one Markdown pipeline, for lessons, module introductions and question text: marked,
 * then sanitize-html with an allowlist. marked does not sanitise (`<img onerror>` and
 * `javascript:` links pass through it), so nothing it outputs is trusted until cleaned here.
 * Run once when a version is saved or published; the HTML is stored. Tables come out
 * wrapped in a keyboard-scrollable region (`scrollableTables`).
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
  return scrollableTables(
    sanitizeHtml(html, {
      ...SANITIZE,
      allowedAttributes: { ...SANITIZE.allowedAttributes, a: ["href", "title", "rel"] },
    }),
  );
}

const WRAPPER_CLASS = "table-scroll";
const TABLE_TAG = /<(\/?)table\b[^>]*>/g;

/**
 * Wraps every top-level table of sanitised HTML in a labelled, focusable region that scrolls
 * sideways: a wide table on a narrow screen can then be scrolled from the keyboard (WCAG
 * 2.1.1; axe `scrollable-region-focusable`). The label is the table's caption, or its column
 * headings, numbered when two would read the same.
 *
 * Runs after sanitising (the wrapper is ours, not the author's) and is idempotent: HTML
 * stored before this existed is wrapped when it is read (see docs/decisions/030).
 */
export function scrollableTables(html: string): string {
  // Authors cannot write a <div> (the sanitiser drops it), so this tag is only ever ours.
  if (!html.includes("<table") || html.includes(`<div class="${WRAPPER_CLASS}" role="region"`)) return html;
  const labels = new Map<string, number>();
  let out = "";
  let depth = 0;
  let start = 0;
  let last = 0;
  for (const match of html.matchAll(TABLE_TAG)) {
    const closing = match[1] === "/";
    if (!closing && depth++ === 0) start = match.index;
    if (closing && depth > 0 && --depth === 0) {
      const end = match.index + match[0].length;
      const table = html.slice(start, end);
      let label = tableLabel(table);
      const seen = (labels.get(label) ?? 0) + 1;
      labels.set(label, seen);
      if (seen > 1) label = `${label} (${seen})`;
      out += `${html.slice(last, start)}<div class="${WRAPPER_CLASS}" role="region" tabindex="0" aria-label="${escapeAttribute(label)}">${table}</div>`;
      last = end;
    }
  }
  return out + html.slice(last);
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function tableLabel(table: string): string {
  const caption = /<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1];
  if (caption && textOf(caption)) return textOf(caption);
  const headings = [...table.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)]
    .map((m) => textOf(m[1] ?? ""))
    .filter(Boolean);
  if (headings.length === 0) return "Table";
  const label = `Table: ${headings.slice(0, 4).join(", ")}${headings.length > 4 ? ", …" : ""}`;
  return label.length > 120 ? `${label.slice(0, 119)}…` : label;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
