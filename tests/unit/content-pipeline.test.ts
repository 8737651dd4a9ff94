import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGift } from "~/utils/gift.server";
import { toGift } from "~/utils/gift-writer.server";
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
      { text: "True", isCorrect: false, feedback: "wrong-fb", weight: null, matchText: null },
      { text: "False", isCorrect: true, feedback: "right-fb", weight: null, matchText: null },
    ]);
  });
  it("reads numerical (tolerance, range, partial credit, wrong answers with feedback)", () => {
    const { questions, problems } = parseGift(
      "::N1:: Price? {#100000:500}\n\n::N2:: Range? {#95000..105000}\n\n::N3:: Close? {#\n=100000:0#Exact.\n=%50%100000:5000#Close.\n~97750#Markup.\n####Divide.\n}\n",
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      questions.map((q) => [q.kind, q.choices.map((c) => [c.text, c.isCorrect, c.weight, c.feedback])]),
      [
        ["numerical", [["100000:500", true, null, ""]]],
        ["numerical", [["95000..105000", true, null, ""]]],
        [
          "numerical",
          [
            ["100000", true, null, "Exact."],
            ["100000:5000", true, 0.5, "Close."],
            ["97750", false, null, "Markup."],
          ],
        ],
      ],
    );
  });
  it("reads short answers and matching, categories and competency tags", () => {
    const { questions, problems } = parseGift(
      "$CATEGORY: 02-attach-rates\n\n::S:: Word? {=Attach rate#Yes. =%50%attach}\n\n// [tag:storage-economics]\n::M:: Match. {=a -> 1 =b -> 2 = -> 3}\n\n$CATEGORY: $course$/top/pricing\n::T:: True? {T}\n",
      ["storage-economics"],
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      questions.map((q) => [q.kind, q.category, q.competency]),
      [
        ["short", "02-attach-rates", null],
        ["matching", "02-attach-rates", "storage-economics"],
        ["truefalse", "$course$/top/pricing", null],
      ],
    );
    assert.deepEqual(
      questions[1]?.choices.map((c) => [c.text, c.matchText, c.isCorrect]),
      [
        ["a", "1", true],
        ["b", "2", true],
        ["", "3", false],
      ],
    );
    assert.equal(questions[0]?.choices[1]?.weight, 0.5);
  });
  it("writes every kind back as GIFT that reads the same", () => {
    const source =
      "::A:: One? {=a#yes ~b#no ####why}\n\n$CATEGORY: 01-x\n\n::N:: N? {#\n=10:1#ok\n=%25%5..15\n~3#no\n####n\n}\n\n// [tag:storage-product]\n::S:: S\\: word? {=w\\=x =%50%y}\n\n::M:: M? {=a -> 1 =b -> 2 = -> 3 ####m}\n\n$CATEGORY: other\n\n::T:: T? {FALSE#w#r####e}\n";
    const first = parseGift(source, ["storage-product"]);
    assert.deepEqual(first.problems, []);
    const again = parseGift(toGift(first.questions), ["storage-product"]);
    assert.deepEqual(again.problems, []);
    const strip = (qs: typeof first.questions) => qs.map(({ line: _line, ...q }) => q);
    assert.deepEqual(strip(again.questions), strip(first.questions));
  });
  it("reports syntax errors and unsupported constructs with their line", () => {
    const { problems } = parseGift(
      "// header\n::A:: ok {=a ~b}\n\n::B:: broken {=a: ~b}\n\n::C:: essay {}\n\n::D:: Some {=a ~b} embedded text.\n\n// [tag:nonsense]\n::E:: tagged {=a ~b}\n\n// [id:42]\n::F:: with id {=a ~b}\n\n::G:: no number {#}\n\n::H:: one pair {=a -> 1 =b -> 2}\n",
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [4, 6, 8, 10, 13, 16, 18],
    );
    assert.match(problems[0]?.message ?? "", /syntax error/);
    assert.match(problems[1]?.message ?? "", /Unsupported question type "Essay"/);
    assert.match(problems[2]?.message ?? "", /embedded/);
    assert.match(problems[3]?.message ?? "", /tag:nonsense/);
    assert.match(problems[4]?.message ?? "", /\[id:42\] is not supported/);
    assert.match(problems[6]?.message ?? "", /three different answers/);
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
