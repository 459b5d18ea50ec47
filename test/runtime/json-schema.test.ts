import { describe, expect, it } from "vitest";
import { z } from "../../runtime/index.ts";
import { plainJsonSchema } from "../../runtime/json-schema.ts";
import { strictJsonSchema as strictOf } from "../../runtime/models/openai-strict.ts";
import { fromStrictValue } from "../../runtime/models/openai-strict-values.ts";

const strictJsonSchema = (schema: z.ZodType) => strictOf(plainJsonSchema(schema));

const Tag = z.object({ label: z.string(), weight: z.number().optional() });
const Item = z.object({
  name: z.string(),
  kind: z.enum(["a", "b"]).optional(),
  maybe: z.string().nullable().optional(),
  tags: z.array(Tag),
  best: Tag.optional(),
});

describe("strict JSON schema", () => {
  it("requires every property, makes optional ones nullable and closes objects", () => {
    expect(strictJsonSchema(Item)).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        kind: { anyOf: [{ type: "string", enum: ["a", "b"] }, { type: "null" }] },
        maybe: { type: ["string", "null"] }, // already nullable: left as zod wrote it
        tags: {
          type: "array",
          items: {
            type: "object",
            properties: { label: { type: "string" }, weight: { type: ["number", "null"] } },
            required: ["label", "weight"],
            additionalProperties: false,
          },
        },
        best: {
          anyOf: [
            {
              type: "object",
              properties: { label: { type: "string" }, weight: { type: ["number", "null"] } },
              required: ["label", "weight"],
              additionalProperties: false,
            },
            { type: "null" },
          ],
        },
      },
      required: ["name", "kind", "maybe", "tags", "best"],
      additionalProperties: false,
    });
  });

  it("turns nulls of optional fields back into absent fields, keeping nulls a field allows", () => {
    const fromModel = { name: "n", kind: null, maybe: null, tags: [{ label: "l", weight: null }], best: { label: "b", weight: 2 } };
    const cleaned = fromStrictValue(fromModel, plainJsonSchema(Item));
    expect(cleaned).toEqual({ name: "n", maybe: null, tags: [{ label: "l" }], best: { label: "b", weight: 2 } });
    expect(Item.parse(cleaned)).toEqual(cleaned);
  });

  it("handles recursive records through $defs", () => {
    interface Node {
      name: string;
      note?: string;
      children: Node[];
    }
    const Node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), note: z.string().optional(), children: z.array(Node) }));
    const strict = strictJsonSchema(z.object({ root: Node }));
    expect(JSON.stringify(strict)).toContain('"required":["name","note","children"]');
    const cleaned = fromStrictValue({ root: { name: "a", note: null, children: [{ name: "b", note: null, children: [] }] } }, plainJsonSchema(z.object({ root: Node })));
    expect(cleaned).toEqual({ root: { name: "a", children: [{ name: "b", children: [] }] } });
  });
});

describe("free-form values in strict mode", () => {
  const Report = z.object({ title: z.string(), data: z.json(), counts: z.record(z.string(), z.number()), extra: z.json().optional() });

  it("are requested as JSON text", () => {
    const strict = strictJsonSchema(Report);
    const properties = strict.properties as Record<string, unknown>;
    const text = { type: "string", description: "A JSON value, written as JSON text." };
    expect(properties.data).toEqual(text);
    expect(properties.counts).toEqual(text);
    expect(properties.extra).toEqual(text);
    expect(strict.required).toEqual(["title", "data", "counts", "extra"]);
    expect(JSON.stringify(strict)).not.toContain("propertyNames");
  });

  it("are parsed back before validation", () => {
    const fromModel = { title: "t", data: '{"a":[1,null]}', counts: '{"x":2}', extra: "null" };
    const value = fromStrictValue(fromModel, plainJsonSchema(Report));
    expect(value).toEqual({ title: "t", data: { a: [1, null] }, counts: { x: 2 }, extra: null });
    expect(Report.parse(value)).toEqual(value);
  });
});
