/**
 * The one way forms are read (app/forms/parse-form.ts): a real Request body through readForm,
 * then parseStep / parseIntent / parseForm / formFields.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formFields, formFile, parseForm, parseIntent, parseStep, readForm } from "~/forms/parse-form";

const post = (body: URLSearchParams | FormData | string, contentType?: string) =>
  new Request("http://localhost/x", { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : undefined });

const refusal = async (work: () => unknown) => {
  try {
    await work();
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
  throw new Error("expected a refusal");
};

describe("readForm", () => {
  it("answers a body that is not a form with a 400 that says so", async () => {
    const refused = await refusal(() => readForm(post('{"intent":"SUBMIT"}', "application/json")));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("请求内容不是有效的表单");
  });
});

describe("parseStep", () => {
  it("reads the intent, the comment (at most 2000 characters) and the page's seq", async () => {
    const form = await readForm(post(new URLSearchParams({ intent: "ACCEPT", comment: "好".repeat(2500), seq: "7", items: "材料" })));
    const step = parseStep(form, ["ACCEPT", "DENY"]);
    expect(step).toMatchObject({ intent: "ACCEPT", seq: 7, fields: { items: "材料" } });
    expect(step.comment).toHaveLength(2000);
  });

  it("takes a seq that is not a whole number as none", () => {
    for (const seq of ["", "1.5", "七", "1e3x"]) expect(parseStep({ intent: "DENY", seq }, ["DENY"]).seq).toBeUndefined();
  });

  it("refuses an intent the page cannot send with a 400, inherited names included", async () => {
    for (const intent of ["", "NOPE", "toString", "__proto__", "constructor"]) {
      const refused = await refusal(() => parseStep({ intent }, ["ACCEPT"]));
      expect(refused.status, intent).toBe(400);
      expect(refused.text).toContain("此页面没有这个操作");
    }
  });

  it("uses the fallback only when no intent was sent", async () => {
    expect(parseIntent({}, ["SAVE", "SUBMIT"], "SAVE")).toBe("SAVE");
    expect((await refusal(() => parseIntent({ intent: "save" }, ["SAVE", "SUBMIT"], "SAVE"))).status).toBe(400);
  });
});

describe("formFields and parseForm", () => {
  it("keep the first value of a field, join the repeated ones asked for, and leave files out", async () => {
    const body = new FormData();
    body.append("title", "第一");
    body.append("title", "第二");
    body.append("partner", "a");
    body.append("partner", "b");
    body.append("file", new File(["%PDF"], "a.pdf", { type: "application/pdf" }));
    body.append("toString", "x");
    body.append("__proto__", "polluted");
    const form = await readForm(post(body));
    const fields = formFields(form, { repeated: ["partner"] });
    expect(fields).toEqual({ title: "第一", partner: "a,b", toString: "x" });
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(formFile(form, "file")?.size).toBe(4);
    expect(formFile(form, "title")).toBeNull();
  });

  it("return per-field message keys and what was typed, secrets kept out", () => {
    const schema = z.object({ amount: z.string().regex(/^\d+$/, "funding.error.amount"), password: z.string().min(8) });
    expect(parseForm(schema, { amount: "一万", password: "short" }, { keepOut: ["password"] })).toEqual({
      ok: false,
      errors: { amount: "funding.error.amount", password: "validation.invalid" },
      values: { amount: "一万" },
    });
  });
});
