/**
 * What a message says, rendered once when it is queued: plain text and a simple HTML twin
 * (paragraphs and one link back to the page that acts on it). No images, no tracking, no
 * remote content; every value is escaped.
 */

export interface MessageContent {
  subject: string;
  /** "Hello Sam," */
  greeting: string;
  paragraphs: string[];
  /** The page that acts on the message, as an absolute URL. */
  action?: { label: string; url: string };
  /** Lines shown as a list after the paragraphs (e.g. the digest's entries). */
  list?: string[];
}

const FOOTER = "Partner Academy";

export function renderText(content: MessageContent): string {
  const parts = [content.greeting, ...content.paragraphs];
  if (content.list && content.list.length > 0) parts.push(content.list.map((l) => `- ${l}`).join("\n"));
  if (content.action) parts.push(`${content.action.label}: ${content.action.url}`);
  parts.push(`-- \n${FOOTER}`);
  return parts.join("\n\n") + "\n";
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function renderHtml(content: MessageContent): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const body = [
    p(content.greeting),
    ...content.paragraphs.map(p),
    content.list && content.list.length > 0
      ? `<ul>${content.list.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`
      : "",
    content.action
      ? `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>`
      : "",
    `<p style="color:#666">${FOOTER}</p>`,
  ].join("\n");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>\n<body style="font-family:sans-serif;line-height:1.5;max-width:40em">\n${body}\n</body></html>\n`;
}
