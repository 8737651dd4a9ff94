/**
 * Reads the content/ folder into module sources, validating as it goes. Every problem is
 * reported with file:line so a trainer can fix it; nothing is imported while any remain.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { z } from "zod";
import { REVEAL_POLICIES, type RevealPolicy } from "#db/vocabulary";
import { DEFAULT_FORM_SIZE, formSettingsProblems } from "~/domain/publishing";
import { parseGift, type ParsedQuestion } from "./gift.server";

export interface LessonSource {
  /** The file name without `.md` (`02-attach-rates`): question categories name it. */
  stem: string;
  title: string;
  bodyMarkdown: string;
}

export interface ModuleSource {
  slug: string;
  technologySlug: string;
  title: string;
  summary: string;
  introMarkdown: string;
  competencySlugs: string[];
  minutes: number;
  passMarkPercent: number;
  maxAttemptsPerDay: number;
  formSize: number;
  revealPolicy: RevealPolicy;
  timeLimitMinutes: number | null;
  lessons: LessonSource[];
  questions: ParsedQuestion[];
  /** Hash of everything above: an unchanged module is not republished. */
  contentHash: string;
}

export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

export const FrontMatterSchema = z.object({
  title: z.string({ error: "title is required" }).trim().min(1, "title is required").max(200),
  summary: z.string().trim().max(500).default(""),
  competencies: z
    .array(z.string().trim().min(1), { error: "competencies must be a list of competency slugs" })
    .min(1, "list at least one competency"),
  minutes: z.coerce.number({ error: "minutes must be a number" }).int().min(1).max(600),
  passMark: z.coerce.number().int().min(1).max(100).default(80),
  attemptsPerDay: z.coerce.number().int().min(1).max(50).default(3),
  formSize: z.coerce
    .number({ error: "formSize must be a number" })
    .int("formSize must be a whole number")
    .default(DEFAULT_FORM_SIZE),
  reveal: z.enum(REVEAL_POLICIES, { error: "reveal is after-pass or never" }).default("after-pass"),
  timeLimitMinutes: z.coerce
    .number({ error: "timeLimitMinutes must be a number of minutes" })
    .int("timeLimitMinutes must be a whole number")
    .nullable()
    .default(null),
});

export const LESSON_MAX_BYTES = 512 * 1024;

/** `# Title` on the first non-empty line; the rest is the body. */
export function splitLesson(markdown: string): { title: string | null; body: string } {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const first = lines.findIndex((l) => l.trim() !== "");
  const heading = first >= 0 ? /^#\s+(.+?)\s*#*\s*$/.exec(lines[first] ?? "") : null;
  if (!heading?.[1]) return { title: null, body: markdown.trim() };
  return {
    title: heading[1].trim(),
    body: lines
      .slice(first + 1)
      .join("\n")
      .trim(),
  };
}

export function hashModuleSource(source: Omit<ModuleSource, "contentHash">): string {
  return crypto.createHash("sha256").update(JSON.stringify(source)).digest("hex");
}

/** Line of the front-matter key in module.md, so errors point at it. */
function lineOfKey(text: string, key: PropertyKey | undefined): number {
  if (typeof key !== "string") return 1;
  const index = text.split("\n").findIndex((l) => l.startsWith(`${key}:`));
  return index >= 0 ? index + 1 : 1;
}

export function readModuleFolder(
  root: string,
  technologySlug: string,
  folder: string,
): { module?: ModuleSource; problems: ContentProblem[] } {
  const dir = path.join(root, technologySlug, folder);
  const rel = (file: string) => path.relative(process.cwd(), path.join(dir, file));
  const problems: ContentProblem[] = [];

  const moduleFile = path.join(dir, "module.md");
  if (!fs.existsSync(moduleFile)) {
    return { problems: [{ file: rel("module.md"), line: 1, message: "module.md is missing" }] };
  }
  const moduleText = fs.readFileSync(moduleFile, "utf8");
  let front: ReturnType<typeof matter>;
  try {
    front = matter(moduleText);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    return {
      problems: [
        {
          file: rel("module.md"),
          line: (mark?.line ?? 0) + 1,
          message: `front matter is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        },
      ],
    };
  }
  const meta = FrontMatterSchema.safeParse(front.data);
  if (!meta.success) {
    for (const issue of meta.error.issues) {
      problems.push({
        file: rel("module.md"),
        line: lineOfKey(moduleText, issue.path[0]),
        message: `${issue.path.join(".") || "front matter"}: ${issue.message}`,
      });
    }
  }

  const lessonFiles = fs
    .readdirSync(dir)
    .filter((f) => /^\d+.*\.md$/.test(f))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  if (lessonFiles.length === 0) {
    problems.push({ file: rel(""), line: 1, message: "no lessons (expected files like 01-introduction.md)" });
  }
  const lessons: LessonSource[] = [];
  for (const file of lessonFiles) {
    const full = path.join(dir, file);
    if (fs.statSync(full).size > LESSON_MAX_BYTES) {
      problems.push({
        file: rel(file),
        line: 1,
        message: `lesson is larger than ${LESSON_MAX_BYTES / 1024} KB`,
      });
      continue;
    }
    const { title, body } = splitLesson(fs.readFileSync(full, "utf8"));
    if (!title)
      problems.push({ file: rel(file), line: 1, message: "lesson has no title: start it with '# Title'" });
    else lessons.push({ stem: file.replace(/\.md$/, ""), title, bodyMarkdown: body });
  }

  const giftFile = path.join(dir, "assessment.gift");
  let questions: ParsedQuestion[] = [];
  if (!fs.existsSync(giftFile)) {
    problems.push({ file: rel("assessment.gift"), line: 1, message: "assessment.gift is missing" });
  } else {
    const gift = parseGift(fs.readFileSync(giftFile, "utf8"), meta.success ? meta.data.competencies : []);
    questions = gift.questions;
    for (const p of gift.problems)
      problems.push({ file: rel("assessment.gift"), line: p.line, message: p.message });
    if (gift.problems.length === 0 && questions.length === 0) {
      problems.push({ file: rel("assessment.gift"), line: 1, message: "the assessment has no questions" });
    }
  }

  if (meta.success) {
    for (const message of formSettingsProblems({
      passMarkPercent: meta.data.passMark,
      formSize: meta.data.formSize,
      timeLimitMinutes: meta.data.timeLimitMinutes,
    }))
      problems.push({
        file: rel("module.md"),
        line: lineOfKey(moduleText, message.includes("time limit") ? "timeLimitMinutes" : "formSize"),
        message,
      });
  }
  if (!meta.success || problems.length > 0) return { problems };
  const data = meta.data;
  const source = {
    slug: `${technologySlug}-${folder}`,
    technologySlug,
    title: data.title,
    summary: data.summary,
    introMarkdown: front.content.trim(),
    competencySlugs: data.competencies,
    minutes: data.minutes,
    passMarkPercent: data.passMark,
    maxAttemptsPerDay: data.attemptsPerDay,
    formSize: data.formSize,
    revealPolicy: data.reveal,
    timeLimitMinutes: data.timeLimitMinutes,
    lessons,
    questions,
  };
  // Line numbers help report problems; moving a question does not change the module.
  const hashed = { ...source, questions: questions.map((q) => ({ ...q, line: 0 })) };
  return { module: { ...source, contentHash: hashModuleSource(hashed) }, problems };
}

/** Every module folder under `root` (`<technology>/<module>/`). */
export function readContentTree(root: string): { modules: ModuleSource[]; problems: ContentProblem[] } {
  const modules: ModuleSource[] = [];
  const problems: ContentProblem[] = [];
  if (!fs.existsSync(root))
    return { modules, problems: [{ file: root, line: 1, message: "content folder not found" }] };
  for (const technology of fs.readdirSync(root).sort()) {
    const techDir = path.join(root, technology);
    if (!fs.statSync(techDir).isDirectory() || technology.startsWith(".")) continue;
    for (const folder of fs.readdirSync(techDir).sort()) {
      if (!fs.statSync(path.join(techDir, folder)).isDirectory() || folder.startsWith(".")) continue;
      const result = readModuleFolder(root, technology, folder);
      problems.push(...result.problems);
      if (result.module) modules.push(result.module);
    }
  }
  return { modules, problems };
}
