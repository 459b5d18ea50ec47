import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkToolFiles } from "../../compiler/emit/tool-check.ts";
import type { Declaration, Program, Span, ToolDef, Type } from "../../compiler/plan/ir.ts";
import { removeDir, scratchDir, writeText } from "./harness.ts";
import { field, module, param, t } from "./ir.ts";

function lineSpan(file: string, line: number): Span {
  return { file, start: { offset: 0, line, column: 1 }, end: { offset: 10, line, column: 11 } };
}

const TOOLS = `
import type { ToolContext } from "@flowc/runtime";
export function plain(input: { sector: string }, ctx: ToolContext): number { return input.sector.length + ctx.depth; }
export async function asyncOne(input: { sector: string }) { return input.sector.length; }
export const inputOnly = (input: { sector: string }) => input.sector.length;
export const noArgs = () => 42;
export const factory = {
  create: async (_ctx: ToolContext) => ({ call: (input: { sector: string }) => input.sector.length, dispose() {} }),
};
interface Eval { company: string; score: number; verdict: "invest" | "pass"; notes?: string }
export function rank(input: { evaluations: Eval[] }): Eval[] { return [...input.evaluations]; }
export async function save(input: { path: string; markdown: string }): Promise<void> { void input; }
export async function wrongReturn(input: { sector: string }) { return input.sector; }
export function wrongInput(input: { sector: number }) { return input.sector; }
export const notAFunction = 3;
`;

describe("checkToolFiles", () => {
  let dir: string;
  let flowFile: string;
  let tools: string;
  beforeAll(() => {
    dir = scratchDir("tools");
    flowFile = `${dir}/app.flow`;
    tools = `${dir}/tools/impl.ts`;
    writeText(tools, TOOLS);
  });
  afterAll(() => removeDir(dir));

  let line = 0;
  function tool(name: string, params: [string, Type][], returns: Type, implementation = tools): ToolDef {
    return {
      kind: "tool",
      name,
      signature: { params: params.map(([n, ty]) => param(n, ty)), returns },
      from: "./tools/impl.ts",
      implementation,
      needsApproval: false,
      span: lineSpan(flowFile, ++line),
    };
  }

  function program(decls: Declaration[]): Program {
    return { modules: [module(flowFile, decls)] };
  }

  test("matching implementations pass: function, async, (input) only, no arguments, factory, records, void", async () => {
    const Evaluation = t.record("Evaluation", flowFile);
    const sector: [string, Type][] = [["sector", t.string]];
    const decls: Declaration[] = [
      {
        kind: "record",
        name: "Evaluation",
        fields: [
          field("company", t.string),
          field("score", t.int),
          field("verdict", t.enum("Verdict", flowFile)),
          field("notes", t.string, { optional: true }),
        ],
        span: lineSpan(flowFile, 100),
      },
      { kind: "enum", name: "Verdict", members: [{ name: "invest" }, { name: "pass" }], span: lineSpan(flowFile, 101) },
      tool("plain", sector, t.number),
      tool("asyncOne", sector, t.int),
      tool("inputOnly", sector, t.number),
      tool("noArgs", sector, t.number),
      tool("factory", sector, t.number),
      tool("rank", [["evaluations", t.array(Evaluation)]], t.array(Evaluation)),
      tool(
        "save",
        [
          ["path", t.string],
          ["markdown", t.string],
        ],
        t.void,
      ),
    ];
    expect(await checkToolFiles(program(decls), { rootDir: dir, outDir: `${dir}/gen` })).toEqual([]);
  });

  test("a missing export is FLW450 at the tool declaration", async () => {
    const missing = tool("market_size", [["sector", t.string]], t.number);
    const diagnostics = await checkToolFiles(program([missing]), { rootDir: dir, outDir: `${dir}/gen` });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: "FLW450",
      severity: "error",
      message: 'tool file "./tools/impl.ts" does not export a function named `market_size`',
      span: missing.span,
    });
  });

  test("a wrong return type is FLW451 naming both types, with the expected signature as hint", async () => {
    const wrong = tool("wrongReturn", [["sector", t.string]], t.number);
    const diagnostics = await checkToolFiles(program([wrong]), { rootDir: dir, outDir: `${dir}/gen` });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: "FLW451",
      message:
        'tool `wrongReturn` in "./tools/impl.ts" does not match its declaration: returns `Promise<string>` but the declaration says `number`',
      hint: "the export should be `(input: { sector: string }, ctx: ToolContext) => number | Promise<number>` (`ctx` may be left out)",
      span: wrong.span,
    });
  });

  test("a wrong input type and a non-function are FLW451 too", async () => {
    const wrongInput = tool("wrongInput", [["sector", t.string]], t.number);
    const notFn = tool("notAFunction", [["sector", t.string]], t.number);
    const diagnostics = await checkToolFiles(program([wrongInput, notFn]), { rootDir: dir, outDir: `${dir}/gen` });
    expect(diagnostics.map((d) => [d.code, d.span.start.line])).toEqual([
      ["FLW451", wrongInput.span.start.line],
      ["FLW451", notFn.span.start.line],
    ]);
    expect(diagnostics[0]!.message).toContain("its `input` parameter does not accept `{ sector: string }`");
    expect(diagnostics[0]!.message).toContain("Type 'string' is not assignable to type 'number'");
    expect(diagnostics[1]!.message).toContain("it is `number`, not a function");
  });

  test("a missing tool file is reported, not thrown", async () => {
    const gone = tool("plain", [["sector", t.string]], t.number, `${dir}/tools/gone.ts`);
    const diagnostics = await checkToolFiles(program([gone]), { rootDir: dir, outDir: `${dir}/gen` });
    expect(diagnostics.map((d) => d.code)).toEqual(["FLW223"]);
  });
});

describe("compile() reports tool files in .flow terms", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("tools-compile");
  });
  afterAll(() => removeDir(dir));

  test("missing export and wrong return type point at the tool lines", async () => {
    const { compile } = await import("../../compiler/index.ts");
    writeText(
      `${dir}/app.flow`,
      [
        "/// Estimates a market's size in USD.",
        'tool market_size(sector: string) -> number from "./tools/market.ts"',
        "",
        'tool missing(sector: string) -> number from "./tools/market.ts"',
        'tool ok_tool(sector: string) -> number from "./tools/market.ts"',
        "",
      ].join("\n"),
    );
    writeText(
      `${dir}/tools/market.ts`,
      [
        "export async function market_size(input: { sector: string }) { return input.sector; }",
        "export const ok_tool = { create: () => ({ call: (input: { sector: string }) => input.sector.length }) };",
        "",
      ].join("\n"),
    );
    const result = await compile([`${dir}/app.flow`], { rootDir: dir, outDir: `${dir}/gen` });
    expect(result.ok).toBe(false);
    expect(result.files).toEqual([]);
    const found = result.diagnostics.map((d) => [d.code, d.span.file, d.span.start.line, d.message]);
    expect(found).toEqual([
      [
        "FLW451",
        `${dir}/app.flow`,
        2,
        'tool `market_size` in "./tools/market.ts" does not match its declaration: returns `Promise<string>` but the declaration says `number`',
      ],
      ["FLW450", `${dir}/app.flow`, 4, 'tool file "./tools/market.ts" does not export a function named `missing`'],
    ]);
  });
});

describe("the tool check cache", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("tools-cache");
  });
  afterAll(() => removeDir(dir));

  const GOOD = "export async function market_size(input: { sector: string }) { return input.sector.length; }\n";
  const WRONG = "export async function market_size(input: { sector: string }) { return input.sector; }\n";

  /** Writes the tool file with an mtime in the past (the cache skips files changed while tsc runs). */
  function writeTool(text: string, secondsAgo: number): void {
    writeText(`${dir}/tools/market.ts`, text);
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(`${dir}/tools/market.ts`, when, when);
    utimesSync(`${dir}/tools`, when, when);
  }

  function entries(): Map<string, bigint> {
    const folder = `${dir}/cache/tool-check`;
    if (!existsSync(folder)) return new Map();
    return new Map(readdirSync(folder).map((f) => [f, statSync(`${folder}/${f}`, { bigint: true }).mtimeNs]));
  }

  test("pass, edit to a wrong return type: FLW451, fix: pass; unchanged files are answered from the cache", async () => {
    const { check, checkTools } = await import("../../compiler/index.ts");
    writeText(`${dir}/app.flow`, 'tool market_size(sector: string) -> number from "./tools/market.ts"\n');
    const options = { rootDir: dir, outDir: `${dir}/gen`, cacheDir: `${dir}/cache` };
    const codes = async () => (await checkTools(check([`${dir}/app.flow`]), options)).map((d) => d.code);

    writeTool(GOOD, 60);
    expect(await codes()).toEqual([]);
    const first = entries();
    expect(first.size).toBe(1);
    // Nothing changed: answered from the cache (the entry is not written again).
    expect(await codes()).toEqual([]);
    expect(entries()).toEqual(first);

    writeTool(WRONG, 50);
    expect(await codes()).toEqual(["FLW451"]);
    expect(await codes()).toEqual(["FLW451"]);

    writeTool(GOOD, 40);
    expect(await codes()).toEqual([]);
    const fixed = entries();
    expect([...fixed.keys()]).toEqual([...first.keys()]);
    expect(await codes()).toEqual([]);
    expect(entries()).toEqual(fixed);

    // Edited just before a check (mtime now): checked, and the result is cached.
    writeText(`${dir}/tools/market.ts`, WRONG);
    expect(await codes()).toEqual(["FLW451"]);
    const edited = entries();
    expect(await codes()).toEqual(["FLW451"]);
    expect(entries()).toEqual(edited);

    // Edited while tsc runs: whatever that run saw, it is not cached under the new stamp.
    writeText(`${dir}/tools/market.ts`, GOOD);
    const during = codes();
    await new Promise((resolve) => setTimeout(resolve, 30));
    writeText(`${dir}/tools/market.ts`, `${WRONG}\n`);
    await during;
    expect(await codes()).toEqual(["FLW451"]);
  });
});
