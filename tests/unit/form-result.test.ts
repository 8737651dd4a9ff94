import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { formValues, refusalFailure, refusalResponse, zodFailure } from "~/utils/form-result.server";
import { conflict, notFound, Refusal } from "~/utils/refusal";

describe("the one action shape", () => {
  it("a model's refusal becomes a failure on its field, with its status and what was typed", async () => {
    const values = { name: "Ada", email: "ada@example.com" };
    const response = refusalFailure(conflict("ada@example.com already has an account.", { field: "email" }), {
      values,
      intent: "invite",
    });
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), {
      ok: false,
      intent: "invite",
      message: "ada@example.com already has an account.",
      fieldErrors: { email: "ada@example.com already has an account." },
      values,
    });
  });

  it("anything that is not a refusal is rethrown: a bug is not a 'no'", () => {
    const bug = new TypeError("undefined is not a function");
    assert.throws(() => refusalFailure(bug), bug);
    assert.throws(() => refusalResponse(bug), bug);
  });

  it("in a loader, a refusal becomes the error page's status", async () => {
    try {
      refusalResponse(notFound("No such lesson."));
      assert.fail("expected a thrown Response");
    } catch (thrown) {
      assert.ok(thrown instanceof Response);
      assert.equal(thrown.status, 404);
      assert.equal(await thrown.text(), "No such lesson.");
    }
  });

  it("zod failures name the one field at fault, or count them", async () => {
    const schema = z.object({
      name: z.string().min(2, "Enter a name."),
      age: z.coerce.number().min(18, "Adults only."),
    });
    const one = schema.safeParse({ name: "x", age: "30" });
    assert.ok(!one.success);
    const single = await zodFailure(one.error, { name: "x", age: "30" }).json();
    assert.equal(single.message, "Enter a name.");
    assert.deepEqual(single.fieldErrors, { name: "Enter a name." });
    assert.deepEqual(single.values, { name: "x", age: "30" });
    const two = schema.safeParse({ name: "x", age: "3" });
    assert.ok(!two.success);
    assert.equal(
      (await zodFailure(two.error, {}).json()).message,
      "2 fields need attention: see the messages below.",
    );
  });

  it("form values keep repeated fields as lists and named list fields as lists even when empty", () => {
    const form = new FormData();
    form.append("roles", "trainer");
    form.append("tags", "a");
    form.append("tags", "b");
    form.append("name", "Ada");
    assert.deepEqual(formValues(form, ["roles", "competencyIds"]), {
      roles: ["trainer"],
      tags: ["a", "b"],
      name: "Ada",
      competencyIds: [],
    });
  });

  it("refusal kinds map onto statuses", () => {
    assert.equal(new Refusal("x").status, 400);
    assert.equal(notFound("x").status, 404);
    assert.equal(conflict("x").status, 409);
    assert.equal(new Refusal("x", { kind: "forbidden" }).status, 403);
    assert.equal(new Refusal("x", { kind: "rate-limited" }).status, 429);
  });
});
