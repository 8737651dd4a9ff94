/**
 * The "large vendor" dataset of DESIGN.md (Scale), generated straight into SQLite with
 * prepared statements in large transactions: it is test data for the benchmark, not
 * history, so it skips the per-row audit trail (one audit row records the generation).
 * Every count is a parameter; distributions: most people part-way, some certified, some
 * expired, a few leads.
 */
import fs from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { migrateDatabase, openDatabase } from "#db/client.server";
import { hashPassword } from "~/auth/password.server";
import { prng } from "~/domain/exam-forms";
import { addMonths, DAY_MS } from "~/domain/time";
import { readContentTree } from "~/utils/content-source.server";
import { FIRST_NAMES, LAST_NAMES } from "./demo-data";
import { renderMarkdown } from "~/utils/markdown.server";

export interface LargeSeedOptions {
  file: string;
  users: number;
  partners: number;
  territories: number;
  regions: number;
  businessUnits: number;
  technologies: number;
  /** Per technology: economics, business model, sales life-cycle, product, field. */
  competenciesPerTechnology: number;
  modules: number;
  lessonsPerModule: number;
  questionsPerModule: number;
  attempts: number;
  lessonProgress: number;
  certifications: number;
  assignments: number;
  contentDir: string;
  now: Date;
  progress?: (label: string, done: number, total: number) => void;
}

export const LARGE_DEFAULTS = {
  users: 100_000,
  partners: 25_000,
  territories: 200,
  regions: 8,
  businessUnits: 4,
  technologies: 40,
  competenciesPerTechnology: 5,
  modules: 2_000,
  lessonsPerModule: 5,
  questionsPerModule: 10,
  attempts: 1_000_000,
  lessonProgress: 10_000_000,
  certifications: 150_000,
  assignments: 8_000,
};

/** The password of every generated account (a benchmark database only). */
export const LARGE_PASSWORD = "bench-password";

const KINDS = ["economics", "business-model", "sales-lifecycle", "product", "field"] as const;

export async function seedLarge(o: LargeSeedOptions) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(o.file + suffix, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
  const db = openDatabase(o.file, { synchronous: "OFF" });
  migrateDatabase(db);
  const sqlite: BetterSqlite3.Database = db.$client;
  sqlite.pragma("cache_size = -200000");
  const random = prng(20261127);
  const int = (n: number) => Math.floor(random() * n);
  const now = o.now.getTime();
  const report = o.progress ?? (() => {});
  const passwordHash = await hashPassword(LARGE_PASSWORD);

  // ---------------------------------------------------------------- organisation, catalog
  const competencyCount = Math.min(o.competenciesPerTechnology, KINDS.length);
  const catalog = sqlite.transaction(() => {
    const unit = sqlite.prepare("insert into business_units (slug, name) values (?, ?)");
    for (let b = 1; b <= o.businessUnits; b++) unit.run(`unit-${b}`, `Business unit ${b}`);
    const tech = sqlite.prepare(
      "insert into technologies (business_unit_id, slug, name, description, target_specialists, target_leads) values (?, ?, ?, '', 1, 0)",
    );
    const comp = sqlite.prepare(
      "insert into competencies (technology_id, slug, name, kind, validity_months) values (?, ?, ?, ?, 24)",
    );
    const program = sqlite.prepare(
      "insert into certification_programs (technology_id, level, name, validity_months) values (?, ?, ?, 12)",
    );
    const requirement = sqlite.prepare(
      "insert into program_requirements (program_id, competency_id) values (?, ?)",
    );
    const techCompetencies: number[][] = [];
    for (let t = 1; t <= o.technologies; t++) {
      tech.run(1 + ((t - 1) % o.businessUnits), `tech-${t}`, `Technology ${t}`);
      const specialist = Number(program.run(t, "specialist", `Technology ${t} Specialist`).lastInsertRowid);
      const lead = Number(program.run(t, "lead", `Technology ${t} Lead Specialist`).lastInsertRowid);
      const ids: number[] = [];
      for (let k = 0; k < competencyCount; k++) {
        const kind = KINDS[k] ?? "product";
        const id = Number(comp.run(t, `tech-${t}-${kind}`, `Technology ${t} ${kind}`, kind).lastInsertRowid);
        ids.push(id);
        requirement.run(kind === "field" ? lead : specialist, id);
      }
      techCompetencies.push(ids);
    }
    const region = sqlite.prepare("insert into regions (name) values (?)");
    for (let r = 1; r <= o.regions; r++) region.run(`Region ${r}`);
    const territory = sqlite.prepare("insert into territories (region_id, code, name) values (?, ?, ?)");
    for (let t = 1; t <= o.territories; t++)
      territory.run(1 + ((t - 1) % o.regions), `T${t}`, `Territory ${t}`);
    const partner = sqlite.prepare("insert into partners (territory_id, name, city) values (?, ?, '')");
    const mix = sqlite.prepare(
      "insert into partner_technology_mix (partner_id, technology_id, share_percent) values (?, ?, ?)",
    );
    for (let p = 1; p <= o.partners; p++) {
      partner.run(1 + int(o.territories), `Partner ${p}`);
      const first = 1 + int(o.technologies);
      const second = 1 + ((first + int(o.technologies - 1)) % o.technologies);
      mix.run(p, first, 70 + int(20));
      if (second !== first) mix.run(p, second, 5 + int(20));
    }
    return techCompetencies;
  })();
  report("catalog", 1, 1);

  // ---------------------------------------------------------------- modules (published)
  const bodies = readContentTree(o.contentDir)
    .modules.flatMap((m) => m.lessons)
    .map((l) => ({ title: l.title, md: l.bodyMarkdown, html: renderMarkdown(l.bodyMarkdown) }));
  if (bodies.length === 0) bodies.push({ title: "Lesson", md: "Text", html: "<p>Text</p>" });
  const modulesPerTech = Math.max(1, Math.floor(o.modules / o.technologies));
  const moduleVersionOf: number[][] = []; // per technology: version ids
  const versionCompetency = new Map<number, number>();
  const versionLessons = new Map<number, number[]>();
  const versionQuestions = new Map<number, { id: number; choices: number[]; correct: number }[]>();
  sqlite.transaction(() => {
    const mod = sqlite.prepare(
      "insert into modules (slug, technology_id, origin, created_at) values (?, ?, 'authored', ?)",
    );
    const version = sqlite.prepare(
      "insert into module_versions (module_id, status, version_number, title, summary, minutes, pass_mark_percent, max_attempts_per_day, created_at, published_at) values (?, 'published', 1, ?, ?, ?, 80, 1000, ?, ?)",
    );
    const publish = sqlite.prepare("update modules set published_version_id = ? where id = ?");
    const teaches = sqlite.prepare(
      "insert into module_version_competencies (module_version_id, competency_id) values (?, ?)",
    );
    const lesson = sqlite.prepare(
      "insert into lessons (module_version_id, position, title, body_markdown, body_html, minutes) values (?, ?, ?, ?, ?, 4)",
    );
    const question = sqlite.prepare(
      "insert into questions (module_version_id, position, kind, title, prompt_markdown, prompt_html, explanation) values (?, ?, 'single', ?, ?, ?, 'Because.')",
    );
    const choice = sqlite.prepare(
      "insert into choices (question_id, position, text, is_correct, feedback) values (?, ?, ?, ?, '')",
    );
    let n = 0;
    for (let t = 1; t <= o.technologies; t++) {
      const ids: number[] = [];
      for (let m = 1; m <= modulesPerTech; m++, n++) {
        const moduleId = Number(mod.run(`tech-${t}-module-${m}`, t, now - 400 * DAY_MS).lastInsertRowid);
        const versionId = Number(
          version.run(
            moduleId,
            `Technology ${t}: module ${m}`,
            `What a specialist in technology ${t} needs, part ${m}.`,
            20 + int(40),
            now - 400 * DAY_MS,
            now - 400 * DAY_MS,
          ).lastInsertRowid,
        );
        publish.run(versionId, moduleId);
        const competencyId = catalog[t - 1]?.[(m - 1) % Math.max(1, competencyCount - 1)] ?? 1;
        teaches.run(versionId, competencyId);
        versionCompetency.set(versionId, competencyId);
        const lessonIds: number[] = [];
        for (let l = 1; l <= o.lessonsPerModule; l++) {
          const body = bodies[(n * o.lessonsPerModule + l) % bodies.length] ?? bodies[0];
          if (body)
            lessonIds.push(Number(lesson.run(versionId, l, body.title, body.md, body.html).lastInsertRowid));
        }
        versionLessons.set(versionId, lessonIds);
        const qs: { id: number; choices: number[]; correct: number }[] = [];
        for (let q = 1; q <= o.questionsPerModule; q++) {
          const questionId = Number(
            question.run(
              versionId,
              q,
              `Question ${q}`,
              `Question ${q} of module ${m}?`,
              `<p>Question ${q} of module ${m}?</p>`,
            ).lastInsertRowid,
          );
          const correct = int(4);
          const choiceIds: number[] = [];
          for (let c = 0; c < 4; c++)
            choiceIds.push(
              Number(choice.run(questionId, c + 1, `Answer ${c + 1}`, c === correct ? 1 : 0).lastInsertRowid),
            );
          qs.push({ id: questionId, choices: choiceIds, correct: choiceIds[correct] ?? 0 });
        }
        versionQuestions.set(versionId, qs);
        ids.push(versionId);
      }
      moduleVersionOf.push(ids);
      report("modules", t, o.technologies);
    }
  })();

  // ---------------------------------------------------------------- people
  const userTechs: number[][] = [];
  sqlite.transaction(() => {
    const user = sqlite.prepare(
      "insert into users (email, name, password_hash, territory_id, job_title, created_at) values (?, ?, ?, ?, ?, ?)",
    );
    const role = sqlite.prepare("insert into user_roles (user_id, role) values (?, ?)");
    const admin = Number(
      user.run("admin@bench.example.com", "Bench Admin", passwordHash, null, "Admin", now).lastInsertRowid,
    );
    role.run(admin, "admin");
    const trainer = Number(
      user.run("trainer@bench.example.com", "Bench Trainer", passwordHash, null, "Trainer", now)
        .lastInsertRowid,
    );
    role.run(trainer, "trainer");
    for (let u = 1; u <= o.users; u++) {
      // Names as a real directory has them: common first and last names, repeating.
      const name = `${FIRST_NAMES[int(FIRST_NAMES.length)]} ${String.fromCharCode(65 + int(26))}. ${LAST_NAMES[int(LAST_NAMES.length)]}`;
      const id = Number(
        user.run(
          `learner${u}@bench.example.com`,
          name,
          passwordHash,
          1 + int(o.territories),
          "Partner manager",
          now - int(700) * DAY_MS,
        ).lastInsertRowid,
      );
      role.run(id, "learner");
      const first = 1 + int(o.technologies);
      const techs = [first];
      if (random() < 0.6) techs.push(1 + ((first + int(o.technologies - 1)) % o.technologies));
      userTechs[id] = techs;
      if (u % 5000 === 0) report("people", u, o.users);
    }
    sqlite
      .prepare("insert into audit_events (at, action, details) values (?, 'large-seed.generated', ?)")
      .run(now, JSON.stringify({ users: o.users }));
  })();

  // ---------------------------------------------------------------- learning records
  const firstLearner = 3;
  const lastLearner = o.users + 2;
  const progressPerUser = Math.max(1, Math.round(o.lessonProgress / o.users));
  // About 82% of a started module's lessons are done on average (see below).
  const modulesPerUser = Math.max(1, Math.ceil(progressPerUser / (o.lessonsPerModule * 0.82)));
  const attemptsPerUser = o.attempts / o.users;
  const certTarget = o.certifications;
  let certsIssued = 0;
  let progressRows = 0;
  let attemptRows = 0;
  const certified: {
    userId: number;
    tech: number;
    level: "specialist" | "lead";
    expiresAt: number;
    territory: number;
  }[] = [];
  const territoryOf = sqlite.prepare("select territory_id as t from users where id = ?");
  const batch = 2_000;
  for (let start = firstLearner; start <= lastLearner; start += batch) {
    sqlite.transaction(() => {
      const enrol = sqlite.prepare(
        "insert into enrollments (user_id, module_id, module_version_id, started_at, last_activity_at, completed_at) values (?, (select module_id from module_versions where id = ?), ?, ?, ?, ?)",
      );
      const progress = sqlite.prepare(
        "insert or ignore into lesson_progress (user_id, lesson_id, completed_at) values (?, ?, ?)",
      );
      const attempt = sqlite.prepare(
        "insert into attempts (user_id, module_version_id, started_at, submitted_at, score_percent, passed) values (?, ?, ?, ?, ?, ?)",
      );
      const attain = sqlite.prepare(
        "insert into attainments (user_id, competency_id, source, attempt_id, attained_at, expires_at) values (?, ?, ?, ?, ?, ?)",
      );
      const cert = sqlite.prepare(
        "insert into certifications (credential_id, user_id, program_id, issued_at, expires_at) values (?, ?, ?, ?, ?)",
      );
      for (let userId = start; userId < Math.min(start + batch, lastLearner + 1); userId++) {
        const techs = userTechs[userId] ?? [1];
        const pool = techs.flatMap((t) => moduleVersionOf[t - 1] ?? []);
        const chosen = new Set<number>();
        const want = Math.min(pool.length, Math.max(1, Math.round(modulesPerUser * (0.5 + random()))));
        while (chosen.size < want) chosen.add(pool[int(pool.length)] ?? 0);
        for (const versionId of chosen) {
          const startedAt = now - (30 + int(600)) * DAY_MS;
          const lessons = versionLessons.get(versionId) ?? [];
          const doneCount = random() < 0.7 ? lessons.length : int(lessons.length);
          const completed = doneCount === lessons.length && random() < 0.8;
          enrol.run(
            userId,
            versionId,
            versionId,
            startedAt,
            startedAt + DAY_MS,
            completed ? startedAt + 2 * DAY_MS : null,
          );
          for (let l = 0; l < doneCount; l++)
            progressRows += progress.run(userId, lessons[l], startedAt + l * 3600_000).changes;
          const tries = Math.floor(attemptsPerUser / want + random());
          for (let a = 0; a < tries; a++) {
            const at = startedAt + (a + 1) * DAY_MS;
            const passed = a === tries - 1 && random() < 0.85;
            const attemptId = Number(
              attempt.run(
                userId,
                versionId,
                at,
                at + 600_000,
                passed ? 80 + int(21) : 30 + int(49),
                passed ? 1 : 0,
              ).lastInsertRowid,
            );
            attemptRows++;
            if (passed)
              attain.run(
                userId,
                versionCompetency.get(versionId) ?? 1,
                "assessment",
                attemptId,
                at,
                addMonths(new Date(at), 24).getTime(),
              );
          }
        }
        // Certifications: most people part-way, some certified (a few expired), few leads.
        for (const t of techs) {
          if (certsIssued >= certTarget || random() > certTarget / (o.users * 1.6)) continue;
          const comps = catalog[t - 1] ?? [];
          const expired = random() < 0.15;
          const issuedAt = now - (expired ? 400 + int(200) : 20 + int(300)) * DAY_MS;
          for (const c of comps.slice(0, Math.max(1, comps.length - 1)))
            attain.run(
              userId,
              c,
              "import",
              null,
              issuedAt - DAY_MS,
              addMonths(new Date(issuedAt), 24).getTime(),
            );
          const expiresAt = addMonths(new Date(issuedAt), 12).getTime();
          cert.run(`bench${userId}x${t}s`.padEnd(22, "0"), userId, (t - 1) * 2 + 1, issuedAt, expiresAt);
          certsIssued++;
          const territory = Number((territoryOf.get(userId) as { t: number } | undefined)?.t ?? 1);
          certified.push({ userId, tech: t, level: "specialist", expiresAt, territory });
          if (!expired && random() < 0.08 && comps.length > 0) {
            attain.run(
              userId,
              comps[comps.length - 1] ?? 1,
              "attestation",
              null,
              issuedAt,
              addMonths(new Date(issuedAt), 36).getTime(),
            );
            cert.run(`bench${userId}x${t}l`.padEnd(22, "0"), userId, (t - 1) * 2 + 2, issuedAt, expiresAt);
            certsIssued++;
            certified.push({ userId, tech: t, level: "lead", expiresAt, territory });
          }
        }
      }
    })();
    report("learning records", Math.min(start + batch - 1, lastLearner) - 2, o.users);
  }

  // ---------------------------------------------------------------- assignments
  sqlite.transaction(() => {
    const assign = sqlite.prepare(
      "insert or ignore into specialist_assignments (user_id, technology_id, territory_id, role, started_at, assigned_by_id) values (?, ?, ?, ?, ?, 1)",
    );
    let made = 0;
    for (const c of certified) {
      if (made >= o.assignments) break;
      made += assign.run(c.userId, c.tech, c.territory, c.level, c.expiresAt - 300 * DAY_MS).changes;
    }
  })();
  report("assignments", 1, 1);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("analyze");
  const counts = Object.fromEntries(
    [
      "users",
      "partners",
      "modules",
      "lessons",
      "enrollments",
      "lesson_progress",
      "attempts",
      "attainments",
      "certifications",
      "specialist_assignments",
    ].map((t) => [t, Number((sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n)]),
  );
  sqlite.close();
  return { counts, progressRows, attemptRows };
}
