// `flowc stabilize`, the command's work: read the call, check its input,
// read the worker's declaration, write the module, the test and the .flow file.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hashJson } from "../runtime/json.ts";
import { UsageError, writeErr, writeOut } from "./output.ts";
import type { StabilizeOptions } from "./stabilize.ts";
import { readWorkerDeclaration } from "./stabilize-flow.ts";
import { replayTest, toolModule } from "./stabilize-module.ts";
import { readRecordedCall, stabilizeError } from "./stabilize-trace.ts";

export function stabilize(trace: string, options: StabilizeOptions): void {
  const call = readRecordedCall(trace, readText(trace, "trace"), options.call);
  const inputFile = options.input.startsWith("@") ? options.input.slice(1) : undefined;
  const input = parseInput(inputFile ? readText(inputFile, "input") : options.input);
  if (hashJson(input) !== call.inputHash) {
    throw stabilizeError("FLS105", `the input given is not the input of ${call.path} in ${trace}`, "give the input the code worker was called with");
  }
  const outDir = options.out ?? path.join(path.dirname(options.flow), "tools");
  const moduleFile = path.join(outDir, `${call.worker}.ts`);
  const fromFlow = path.relative(path.dirname(options.flow), moduleFile).split(path.sep).join("/");
  const worker = readWorkerDeclaration(options.flow, call.worker, fromFlow.startsWith(".") ? fromFlow : `./${fromFlow}`);
  const relative = (file: string) => portable(path.relative(outDir, file));
  const inputCopy = inputFile ?? path.join(outDir, `${call.worker}.input.json`);
  const from = { trace: path.basename(trace), recording: relative(options.recording), input: relative(inputCopy) };
  mkdirSync(outDir, { recursive: true });
  if (!inputFile) writeFileSync(inputCopy, `${JSON.stringify(input, null, 2)}\n`);
  writeFileSync(moduleFile, toolModule(call, worker, from));
  writeFileSync(path.join(outDir, `${call.worker}.test.ts`), replayTest(call, worker, from));
  if (options.write) writeFileSync(options.flow, worker.editedSource);
  writeErr(`wrote ${moduleFile} and ${path.join(outDir, `${call.worker}.test.ts`)}${options.write ? `; replaced worker ${call.worker} in ${options.flow}` : ""}`);
  writeOut(worker.toolDeclaration);
}

function portable(relative: string): string {
  const slashed = relative.split(path.sep).join("/");
  return slashed.startsWith(".") ? slashed : `./${slashed}`;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read the ${what} ${file}`);
  }
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError("--input is not JSON", "give JSON or @file");
  }
}
