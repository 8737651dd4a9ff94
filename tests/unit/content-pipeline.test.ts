import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGift } from "~/utils/gift.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { readContentTree, splitLesson } from "~/utils/content-source.server";

describe("renderMarkdown (marked + sanitize-html)", () => {
  it("keeps headings, lists, tables and safe links", () => {
    const html = renderMarkdown(
      "## Margin\n\n- one\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com)",
    );
    assert.match(html, /<h2>Margin<\/h2>/);
    assert.match(html, /<table>/);
    assert.match(html, /<a href="https:\/\/example.com" rel="noopener noreferrer nofollow">docs<\/a>/);
  });
  it("renders stored-XSS payloads inert", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)">\n\n[x](javascript:alert(1))\n\n<iframe src="https://evil"></iframe>\n\n<form action="/x"><input name="a"></form>\n\n<a href="data:text/html,hi" onclick="x()">d</a>\n\n<style>body{}</style>',
    );
    for (const bad of [
      "<script",
      "onerror",
      "javascript:",
      "<iframe",
      "<form",
      "<input",
      "onclick",
      "data:",
      "<style",
    ]) {
      assert.ok(!html.includes(bad), `${bad} survived: ${html}`);
    }
  });
});

describe("parseGift", () => {
  it("reads single, multiple and true/false questions with feedback and explanation", () => {
    const { questions, problems } = parseGift(
      "::A:: Pick one {=right#yes ~wrong#no ####because}\n\n::B:: Pick two {~%50%a ~%50%b ~%-100%c}\n\n::C:: True? {FALSE#wrong-fb#right-fb}\n",
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      questions.map((q) => q.kind),
      ["single", "multiple", "truefalse"],
    );
    assert.equal(questions[0]?.explanation, "because");
    assert.deepEqual(
      questions[1]?.choices.map((c) => c.isCorrect),
      [true, true, false],
    );
    // Moodle's order: first feedback for the wrong answer, second for the right one.
    assert.deepEqual(questions[2]?.choices, [
      { text: "True", isCorrect: false, feedback: "wrong-fb" },
      { text: "False", isCorrect: true, feedback: "right-fb" },
    ]);
  });
  it("reports syntax errors and unsupported types with their line", () => {
    const { problems } = parseGift(
      "// header\n::A:: ok {=a ~b}\n\n::B:: broken {=a: ~b}\n\n::C:: how many? {#3}\n\n::D:: essay {}\n",
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [4, 6, 8],
    );
    assert.match(problems[0]?.message ?? "", /syntax error/);
    assert.match(problems[1]?.message ?? "", /Unsupported question type "Numerical"/);
  });
  it("refuses a question without a correct answer", () => {
    assert.match(parseGift("::A:: none {~a ~b}").problems[0]?.message ?? "", /no correct answer/);
  });
  it("refuses oversized files", () => {
    assert.match(parseGift("x".repeat(1024 * 1024 + 1)).problems[0]?.message ?? "", /larger than/);
  });
});

describe("the content folder", () => {
  it("splits a lesson into title and body", () => {
    assert.deepEqual(splitLesson("\n# Title here\n\nBody"), { title: "Title here", body: "Body" });
    assert.equal(splitLesson("No heading\n\nBody").title, null);
  });
  it("reads the test fixture without problems", () => {
    const { modules, problems } = readContentTree("tests/fixtures/content");
    assert.deepEqual(problems, []);
    assert.deepEqual(
      modules.map((m) => m.slug),
      ["storage-product", "storage-sales-lifecycle"],
    );
  });
  it("the shipped catalog reads without problems", () => {
    const { modules, problems } = readContentTree("content");
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
      [],
    );
    assert.ok(modules.length >= 8);
  });
});
