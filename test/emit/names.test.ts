// Generated helper names never collide with a user's declarations, and
// types reached through another module get an alias when their name is taken.
import { afterAll, beforeAll, expect, test } from "vitest";
import { emitProgram } from "../../compiler/emit/index.ts";
import { camelCase, pascalCase, safeIdent } from "../../compiler/emit/names.ts";
import type { Program } from "../../compiler/plan/ir.ts";
import { removeDir, scratchDir, typecheck, writeAll, writeText } from "./harness.ts";
import { e, field, module, param, s, span, t } from "./ir.ts";

let dir: string;
beforeAll(() => {
  dir = scratchDir("names");
});
afterAll(() => removeDir(dir));

export function collisionProgram(root: string): Program {
  const A = `${root}/a.flow`;
  const B = `${root}/b.flow`;
  const ItemA = t.record("Item", A);
  const ItemB = t.record("Item", B);
  return {
    modules: [
      module(A, [
        { kind: "record", name: "Item", fields: [field("id", t.int)], span },
        {
          kind: "worker",
          name: "make",
          signature: { params: [], returns: t.array(ItemA) },
          instructions: { text: "make", paths: [] },
          uses: [],
          span,
        },
      ]),
      module(
        B,
        [
          // Names that the generated code would like to use itself.
          { kind: "record", name: "Item", fields: [field("label", t.string)], span },
          { kind: "record", name: "Worker", fields: [field("x", t.int)], span },
          { kind: "record", name: "Flow", fields: [field("x", t.int)], span },
          {
            kind: "tool",
            name: "tool_market",
            signature: { params: [param("w", t.record("Worker", B))], returns: t.record("Flow", B) },
            from: "./market.ts",
            implementation: `${root}/market.ts`,
            needsApproval: false,
            span,
          },
          {
            kind: "worker",
            name: "uses_tool",
            signature: { params: [param("item", ItemB)], returns: t.string },
            instructions: { text: "x", paths: [] },
            uses: [{ kind: "tool", name: "tool_market", module: B }],
            span,
          },
          {
            kind: "flow",
            name: "collect",
            signature: { params: [], returns: t.int },
            body: [
              s.let("acc", e.array([], t.array(t.never)), true, t.array(ItemA)),
              s.assign("acc", e.call({ kind: "worker", name: "make", module: A }, {}, t.array(ItemA))),
              s.ret(e.builtin("len", [e.let("acc", t.array(ItemA))], t.int)),
            ],
            span,
          },
        ],
        [{ names: ["make"], module: A, specifier: "./a.flow", span }],
      ),
    ],
  };
}

test("collisions get aliases and the result still type-checks", async () => {
  const files = await emitProgram(collisionProgram(dir), { rootDir: dir, outDir: `${dir}/gen` });
  writeAll(files);
  writeText(`${dir}/market.ts`, "export const tool_market = (input: { w: { x: number } }) => ({ x: input.w.x });\n");
  const b = files[1]!.text;
  expect(b).toContain(
    'import type {\n  Flow as Flow_2,\n  FlowContext,\n  RunOptions,\n  Tool,\n  Worker as Worker_2,\n} from "@flowc/runtime";',
  );
  expect(b).toContain('import { make, Item as Item_2 } from "./a.js";');
  expect(b).toContain('import * as tool_market_2 from "../market.js";');
  expect(b).toContain("export const tool_market: Tool<{ w: Worker }, Flow> = defineTool({");
  expect(b).toContain("implementation: tool_market_2.tool_market,");
  expect(b).toContain("export const collect: Flow_2<CollectInput, number> = defineFlow({");
  expect(b).toContain("let acc: Item_2[] = [];");
  expect(typecheck(dir)).toBe("");
});

test("name helpers", () => {
  expect(pascalCase("evaluate_decks")).toBe("EvaluateDecks");
  expect(pascalCase("fetch__url_")).toBe("FetchUrl");
  expect(camelCase("max_chars")).toBe("maxChars");
  expect(safeIdent("delete")).toBe("delete_");
  expect(safeIdent("deck")).toBe("deck");
});

test("contextual keywords stay as they are; reserved words and used globals get an underscore", async () => {
  const file = `${dir}/kw.flow`;
  const program: Program = {
    modules: [
      module(file, [
        { kind: "record", name: "object", fields: [field("type", t.string)], span },
        {
          kind: "worker",
          name: "Promise",
          signature: { params: [param("type", t.record("object", file))], returns: t.int },
          instructions: { text: "x", paths: [] },
          context: e.member(e.param("type", t.record("object", file)), "type", t.string),
          uses: [],
          span,
        },
        {
          kind: "flow",
          name: "module",
          signature: { params: [param("type", t.int), param("Math", t.int)], returns: t.int },
          body: [
            s.let("as", e.bin("/", e.param("type", t.int), e.param("Math", t.int), t.int)),
            s.let(
              "Error",
              e.call(
                { kind: "worker", name: "Promise", module: file },
                { type: e.object({ type: e.str("t") }) },
                t.int,
              ),
            ),
            s.ret(e.bin("+", e.let("as", t.int), e.let("Error", t.int), t.int)),
          ],
          span,
        },
      ]),
    ],
  };
  const [generated] = await emitProgram(program, { rootDir: dir, outDir: `${dir}/kw` });
  writeAll([generated!]);
  const text = generated!.text;
  expect(text).toContain("export type object_ = {");
  expect(text).toContain("export const Promise_: Worker<{ type: object_ }, number> = defineWorker({");
  expect(text).toContain("context: ({ type }) => type.type,");
  expect(text).toContain(
    "async function module_plan(ctx: FlowContext, { type, Math: Math_ }: ModuleInput): Promise<number> {",
  );
  expect(text).toContain("const as: number = Math.trunc(type / Math_);");
  expect(text).toContain('const Error_: number = await ctx.call(Promise_, { type: { type: "t" } });');
  expect(typecheck(`${dir}/kw`)).toBe("");
});
