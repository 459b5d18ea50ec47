// `flowc stabilize`, step 3: the texts it writes. The tool module is the
// cells the model wrote, in order, in one async function: the sandbox's host
// functions are the runtime's (`stabilizedHost`), and each `llm(` and
// `llm_batch(` call gets an `await` (in the sandbox they were synchronous).
// The test replays the recorded run against the tool.
import type { WorkerDeclaration } from "./stabilize-flow.ts";
import type { RecordedCall } from "./stabilize-trace.ts";

export interface Provenance {
  /** The trace's name, as the header shows it. */
  readonly trace: string;
  /** The recording and input files, relative to the module's folder. */
  readonly recording: string;
  readonly input: string;
}

const HOST_NAMES = ["llm", "llm_batch", "print", "FINAL"] as const;

export function toolModule(call: RecordedCall, worker: WorkerDeclaration, from: Provenance): string {
  const kept = call.cells.map((cell, index) => ({ ...cell, number: index + 1 }));
  const body = kept.map((cell) =>
    cell.error === undefined
      ? `  // cell ${cell.number}\n${indent(awaitHostCalls(cell.code))}`
      : `  // cell ${cell.number} failed in the run (${oneLine(cell.error)}); left out`,
  );
  const code = kept.filter((cell) => cell.error === undefined).map((cell) => cell.code).join("\n");
  const used = HOST_NAMES.filter((name) => name === "FINAL" || new RegExp(`(?<![\\w.$])${name}\\s*\\(`).test(awaitHostCalls(code)));
  const options = [`name: ${JSON.stringify(worker.name)}`, ...(worker.model ? [`model: ${modelLiteral(worker.model)}`] : []), `batchConcurrency: ${worker.batchConcurrency}`];
  return [
    `// ${worker.name}, stabilized: the cells its model wrote in a recorded run, as code.`,
    `// Written by \`flowc stabilize ${from.trace} --call ${call.path}\` (${call.cells.length} ${call.cells.length === 1 ? "cell" : "cells"}).`,
    "// Same signature as the code worker it replaces, so no call site changes; its",
    "// llm() and llm_batch() calls make the worker's requests through the runtime.",
    'import { stabilizedHost, type ToolContext } from "@flowc/runtime";',
    "",
    "/** This module's version: raise it when you change the code by hand. */",
    "export const version = 1;",
    "",
    `export async function ${worker.name}(input: ${worker.inputType}, ctx: ToolContext): Promise<${worker.outputType}> {`,
    `  const { ${used.join(", ")}, result } = stabilizedHost(ctx, { ${options.join(", ")} });`,
    ...(worker.params.length > 0 ? [`  const { ${worker.params.join(", ")} } = input;`] : []),
    "",
    body.join("\n\n"),
    "",
    `  return result<${worker.outputType}>();`,
    "}",
    "",
  ].join("\n");
}

export function replayTest(call: RecordedCall, worker: WorkerDeclaration, from: Provenance): string {
  return [
    `// Replays the recorded run of ${worker.name} (${call.path} in ${from.trace}) against`,
    "// the stabilized tool: its llm() requests get the recorded answers, and it",
    "// returns what the code worker returned. Written by `flowc stabilize`.",
    'import { readFileSync } from "node:fs";',
    'import { fileURLToPath } from "node:url";',
    'import { expect, test } from "vitest";',
    'import { defineTool, run, z } from "@flowc/runtime";',
    'import { ReplayProvider } from "@flowc/runtime/models";',
    `import { ${worker.name} } from "./${worker.name}.ts";`,
    "",
    "const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));",
    "",
    `test("${worker.name} replays its recorded run", async () => {`,
    `  const tool = defineTool({ name: "${worker.name}", input: z.custom<Parameters<typeof ${worker.name}>[0]>(), output: z.custom<${worker.outputType}>(), implementation: ${worker.name} });`,
    `  const input = JSON.parse(readFileSync(here(${JSON.stringify(from.input)}), "utf8")) as Parameters<typeof ${worker.name}>[0];`,
    `  const provider = new ReplayProvider({ path: here(${JSON.stringify(from.recording)}) });`,
    "  const { output } = await run(tool, input, { provider });",
    `  expect(output).toEqual(${JSON.stringify(call.output)});`,
    "});",
    "",
  ].join("\n");
}

/** `const s = llm(p, t)` -> `const s = await llm(p, t)` (not `x.llm(`, not already awaited). */
export function awaitHostCalls(code: string): string {
  return code.replace(/(?<![\w.$])(?<!await\s+)(llm_batch|llm)(\s*\()/g, "await $1$2").replace(/(?<![\w.$])console\.log\s*\(/g, "print(");
}

function indent(code: string): string {
  return code
    .split("\n")
    .map((line) => (line === "" ? "" : `  ${line}`))
    .join("\n");
}

function oneLine(text: string): string {
  const first = text.split("\n")[0] ?? "";
  return first.length > 100 ? `${first.slice(0, 97)}...` : first;
}

function modelLiteral(model: NonNullable<WorkerDeclaration["model"]>): string {
  const settings = Object.entries(model.settings).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
  return `{ alias: ${JSON.stringify(model.alias)}, id: ${JSON.stringify(model.id)}, settings: {${settings.length > 0 ? ` ${settings.join(", ")} ` : ""}} }`;
}
