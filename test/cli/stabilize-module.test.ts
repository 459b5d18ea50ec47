// The texts `flowc stabilize` writes, from a recorded call made up here: the
// `await` rule for host calls, a failed cell left out, no model, an enum output.
import { describe, expect, test } from "vitest";
import { awaitHostCalls, toolModule } from "../../cli/stabilize-module.ts";

describe("awaitHostCalls", () => {
  test.each([
    ["const a = llm(p, t);", "const a = await llm(p, t);"],
    ["const b = llm_batch (items);", "const b = await llm_batch (items);"],
    ["const c = await llm(p);", "const c = await llm(p);"],
    ["obj.llm(p); my_llm(p);", "obj.llm(p); my_llm(p);"],
    ["console.log(x);", "print(x);"],
  ])("%s", (code, expected) => {
    expect(awaitHostCalls(code)).toBe(expected);
  });
});

test("a failed cell is a comment; without a model, none is given; the output type is the declaration's", () => {
  const call = {
    path: "main/pick",
    worker: "pick",
    inputHash: "",
    output: "b",
    batched: false,
    cells: [
      { code: "nope()", error: "ReferenceError: 'nope' is not defined", final: false },
      { code: 'FINAL(llm("pick one", text))', final: true },
    ],
  };
  const worker = {
    name: "pick",
    inputType: "{ text: string }",
    params: ["text"],
    outputType: '("a" | "b")',
    batchConcurrency: 8,
    toolDeclaration: "",
    editedSource: "",
  };
  expect(toolModule(call, worker, { trace: "t.jsonl", recording: "../r.jsonl", input: "../i.json" })).toBe(`// pick, stabilized: the cells its model wrote in a recorded run, as code.
// Written by \`flowc stabilize t.jsonl --call main/pick\` (2 cells).
// Same signature as the code worker it replaces, so no call site changes; its
// llm() and llm_batch() calls make the worker's requests through the runtime.
import { stabilizedHost, type ToolContext } from "@flowc/runtime";

/** This module's version: raise it when you change the code by hand. */
export const version = 1;

export async function pick(input: { text: string }, ctx: ToolContext): Promise<("a" | "b")> {
  const { llm, FINAL, result } = stabilizedHost(ctx, { name: "pick", batchConcurrency: 8 });
  const { text } = input;

  // cell 1 failed in the run (ReferenceError: 'nope' is not defined); left out

  // cell 2
  FINAL(await llm("pick one", text))

  return result<("a" | "b")>();
}
`);
});
