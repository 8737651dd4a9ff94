/**
 * Client JavaScript per page, measured from what the served HTML makes the browser load:
 * every `/build/…` module named by a `<link rel="modulepreload">`, a `<script src>` or an
 * `import` in the inline module script, plus everything those modules import statically
 * (followed through the files in public/build). Sizes are gzip (level 6, what the
 * `compression` middleware sends) of the built files on disk.
 *
 * `node --import tsx bench/client-js.ts <base url> <cookie> <path>…` prints one line per page.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const publicDir = path.join(root, "public");

export interface ClientJs {
  label: string;
  page: string;
  status: number;
  files: number;
  rawKb: number;
  gzipKb: number;
  /** The largest files, gzip kB, to see what a page pays for. */
  largest: { file: string; gzipKb: number }[];
}

const gzipCache = new Map<string, { raw: number; gzip: number; text: string }>();

function sizeOf(url: string) {
  let known = gzipCache.get(url);
  if (!known) {
    const text = fs.readFileSync(path.join(publicDir, url), "utf8");
    known = { raw: Buffer.byteLength(text), gzip: zlib.gzipSync(text, { level: 6 }).length, text };
    gzipCache.set(url, known);
  }
  return known;
}

/** Static imports only: a dynamic `import()` loads on navigation, not with the page. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']((?:\/build\/|\.{1,2}\/)[^"']+\.js)["']/g;

/** The modules a page's HTML references, and their static imports, transitively. */
export function modulesOfHtml(html: string): string[] {
  const queue = [
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] as string),
    ...[...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] as string),
    ...[...html.matchAll(STATIC_IMPORT)].map((m) => m[1] as string),
  ].filter((url) => url.startsWith("/build/"));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const url = queue.pop() as string;
    if (seen.has(url) || !fs.existsSync(path.join(publicDir, url))) continue;
    seen.add(url);
    const { text } = sizeOf(url);
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const target = m[1] as string;
      queue.push(target.startsWith("/") ? target : path.posix.join(path.posix.dirname(url), target));
    }
  }
  return [...seen].sort();
}

export async function clientJsOfPage(
  base: string,
  page: string,
  cookie?: string,
  label = page,
): Promise<ClientJs> {
  const res = await fetch(`${base}${page}`, { headers: cookie ? { cookie } : {} });
  const html = await res.text();
  const files = modulesOfHtml(html);
  const sized = files.map((file) => ({ file, ...sizeOf(file) }));
  const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
  return {
    label,
    page,
    status: res.status,
    files: files.length,
    rawKb: kb(sized.reduce((n, f) => n + f.raw, 0)),
    gzipKb: kb(sized.reduce((n, f) => n + f.gzip, 0)),
    largest: sized
      .sort((a, b) => b.gzip - a.gzip)
      .slice(0, 3)
      .map((f) => ({ file: f.file, gzipKb: kb(f.gzip) })),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [base, cookie, ...pages] = process.argv.slice(2);
  for (const page of pages) {
    const r = await clientJsOfPage(base as string, page, cookie || undefined);
    console.log(
      `${r.page} ${r.status}: ${r.gzipKb} kB gzip (${r.rawKb} kB raw, ${r.files} files); largest ${r.largest.map((f) => `${path.basename(f.file)} ${f.gzipKb}`).join(", ")}`,
    );
  }
}

/** Every learner page of the bench's large run, as the learner sees it. */
export async function learnerPagesClientJs(
  base: string,
  cookie: string,
  pages: { label: string; path: string }[],
): Promise<ClientJs[]> {
  const out: ClientJs[] = [];
  for (const p of pages) out.push(await clientJsOfPage(base, p.path, cookie, p.label));
  return out;
}
