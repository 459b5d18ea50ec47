// `flowc run FILE.flow FLOW --input JSON|@file.json [...]`: check and build the
// file (writing generated code only when its bytes change), import the
// generated module, validate the input against the flow's schema before any
// model call, then run it on the shared runtime. The result is JSON on stdout;
// a usage summary goes to stderr.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidArgumentError, type Command } from "commander";
import type { CallableRef, Expr, Program, Stmt, Type } from "../compiler/plan/ir.ts";
import type { ModelProvider } from "../runtime/models/provider.ts";
import type { RunOptions } from "../runtime/options.ts";
import type { AnyCallable } from "../runtime/types.ts";
import type { UsageReport } from "../runtime/usage.ts";
import { generate } from "./build.ts";
import {
  CliError,
  colors,
  EXIT,
  firstLine,
  formatDuration,
  formatInt,
  formatUsd,
  isInteractive,
  UsageError,
  writeErr,
  writeOut,
} from "./output.ts";
import { packageRoot } from "../compiler/package-root.ts";
import { typeToString } from "../compiler/plan/type-text.ts";
import { displayPath } from "./paths.ts";
import { enableTypeScriptImports, loadModels, loadRuntime } from "./typescript-loader.ts";
import type { Progress } from "./progress.ts";

interface RunCommandOptions {
  readonly input?: string;
  readonly replay?: string;
  readonly record?: string;
  readonly model?: string[];
  readonly approve?: string[];
  readonly approveAll?: boolean;
  readonly trace?: string;
  readonly maxUsd?: number;
  readonly maxCalls?: number;
  readonly concurrency?: number;
  readonly out: string;
  readonly progress: boolean;
  readonly raw?: boolean;
}

export function register(program: Command): void {
  program
    .command("run")
    .summary("check, build and run a flow")
    .description(
      "Check and build FILE, then run FLOW with the given input on the flowc runtime. " +
        "The input is validated against the flow's parameters before any model call. " +
        "The result is printed as JSON on stdout; a usage summary goes to stderr.\n\n" +
        "Models come from OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible server), " +
        "or from a recording with --replay FILE (offline).",
    )
    .argument("<file>", "the .flow file")
    .argument("<flow>", "the flow (or worker or tool) to run")
    .option("-i, --input <json>", "the input: JSON text, @file.json to read it from a file, or @- for stdin", "{}")
    .option("--replay <file>", "answer model requests from a recording (offline, no API key)")
    .option("--record <file>", "record the model's answers to FILE (replay them later with --replay)")
    .option("-m, --model <alias=id>", "use model ID for the model ALIAS (repeatable)", collect)
    .option("--approve <tool>", "approve a `needs approval` tool for this run (repeatable)", collect)
    .option("--approve-all", "approve every `needs approval` tool")
    .option("--trace <file>", "write the run's trace (JSON lines) to FILE; view it with `flowc trace FILE`")
    .option("--max-usd <usd>", "stop the run once it has cost more than USD", positiveNumber)
    .option("--max-calls <n>", "stop the run before model request number N+1", positiveInt)
    .option("--concurrency <n>", "default concurrency of map, filter and reduce (default 8)", positiveInt)
    .option("-o, --out <dir>", "where generated code is written", "generated")
    .option("--raw", "print a string result as plain text instead of a JSON string")
    .option("--no-progress", "do not draw progress bars (they are drawn only on a terminal)")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc run examples/pitchdeck/pitchdeck.flow evaluate_decks \\
      --input @examples/pitchdeck/input.json \\
      --replay examples/pitchdeck/recording.jsonl --approve save_report
  $ OPENAI_API_KEY=sk-... flowc run app.flow summarize --input '{"text": "..."}' \\
      --model analyst=gpt-4.1 --max-usd 0.50 --trace out/trace.jsonl
  $ OPENAI_BASE_URL=http://localhost:11434/v1 flowc run app.flow summarize \\
      --input @in.json --record out/recording.jsonl

Approvals: tools declared \`needs approval\` run only if approved with --approve NAME
or --approve-all, or at a prompt on a terminal; otherwise they are denied.
Exit codes: 0 ok, 1 diagnostics, bad input or a failed run, 2 usage error.`,
    )
    .action(async (file: string, flow: string, options: RunCommandOptions) => {
      await runFlowCommand(file, flow, options);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

async function runFlowCommand(file: string, flowName: string, options: RunCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const source = path.resolve(cwd, file);
  if (!source.endsWith(".flow")) throw new UsageError(`not a .flow file: ${file}`, "usage: flowc run FILE.flow FLOW --input JSON");
  if (!existsSync(source) || !statSync(source).isFile()) throw new UsageError(`no such file: ${file}`);
  if (options.replay && options.record) {
    throw new UsageError("--replay and --record cannot be used together", "record once against a real model, then replay the recording");
  }
  const models = parseModelOverrides(options.model ?? []);
  // Read the input before compiling: a typo in the command line should not wait for the compiler.
  const input = readInput(options.input ?? "{}", cwd);

  // Check, generate and write (only changed bytes), like `flowc build FILE`.
  const outDir = path.resolve(cwd, options.out);
  const built = await generate([source], { outDir });
  const program = built.compiled.program;
  const generatedFile = built.compiled.files.find((f) => f.source === source)?.path;
  if (!generatedFile) throw new Error(`the compiler produced no module for ${displayPath(source, cwd)}`);

  const declared = findDeclaration(program, source, flowName, cwd);
  checkModelAliases(program, models);
  requireEsmScope(generatedFile, cwd);
  const needsModel = reachesWorker(program, { kind: declared.kind, name: flowName, module: source });
  let module: Record<string, unknown>;
  let providers: Promise<CreateProvider> | undefined;
  try {
    await enableTypeScriptImports();
    // The provider code loads while the generated module (and the runtime, the tool files) does.
    providers = providerFactory(options, needsModel);
    providers?.catch(() => {}); // awaited (and reported) below, after the input is validated
    module = (await import(pathToFileURL(generatedFile).href)) as Record<string, unknown>;
  } catch (error) {
    // Most often a tool file that throws (or does not parse) when it is loaded.
    throw new CliError(
      `could not load ${displayPath(generatedFile, cwd)}: ${firstLine(error instanceof Error ? error.message : String(error))}`,
      { hint: "the generated module imports the tool files the .flow file names; check that they load on their own" },
    );
  }
  const callable = module[flowName] as AnyCallable | undefined;
  if (!callable || typeof callable !== "object" || !("kind" in callable)) {
    throw new Error(`generated module ${displayPath(generatedFile, cwd)} does not export ${flowName}`);
  }

  // Validate the input against the flow's schema: no model call happens with a wrong input.
  const parsed = callable.input.safeParse(input.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${fieldPath(issue.path) || "(input)"}: ${issue.message}`);
    throw new CliError(`${input.name} does not match the input of ${flowName}: ${issues.join("; ")}`, {
      hint: `${flowName} takes ${signatureOf(declared)}`,
    });
  }

  const provider = needsModel
    ? await createModelProvider(options, cwd, providers)
    : await offlineProvider(options, cwd, providers);

  const runtime = await loadRuntime();
  let progress: Progress | undefined;
  if (options.progress && isInteractive(process.stderr)) {
    const { createProgress } = await import("./progress.ts");
    progress = await createProgress(process.stderr);
  }
  // Tools not approved by flags: ask on a terminal (progress bars stop first,
  // so the question is readable), deny otherwise.
  const prompt = isInteractive(process.stdin) && isInteractive(process.stderr) ? runtime.interactivePrompt() : undefined;
  const approval = runtime.allowList({
    approve: options.approve ?? [],
    approveAll: options.approveAll ?? false,
    otherwise: prompt && {
      name: prompt.name,
      decide: (request) => {
        progress?.stop();
        return prompt.decide(request);
      },
    },
  });
  let finalUsage: { usage: UsageReport; durationMs: number } | undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    progress?.stop();
    writeErr("interrupted: stopping the run (press Ctrl-C again to quit now)");
    controller.abort(new CliError("interrupted", { exitCode: EXIT.failure }));
  };
  process.on("SIGINT", onSigint);

  const runOptions: RunOptions = {
    provider,
    models,
    approval,
    signal: controller.signal,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.trace ? { trace: path.resolve(cwd, options.trace) } : {}),
    budgets: {
      ...(options.maxUsd !== undefined ? { maxUsd: options.maxUsd } : {}),
      ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}),
    },
    onEvent: (event) => {
      if (event.type === "run-end") finalUsage = { usage: event.usage, durationMs: event.durationMs };
      progress?.onEvent(event);
    },
  };

  try {
    const result = await runtime.run(callable, parsed.data, runOptions);
    progress?.stop();
    const output = result.output ?? null;
    writeOut(options.raw && typeof output === "string" ? output : JSON.stringify(output, null, 2));
    printUsage(result.usage, result.durationMs, provider);
  } catch (error) {
    progress?.stop();
    if (finalUsage) printUsage(finalUsage.usage, finalUsage.durationMs, provider);
    throw runFailure(error, options, provider);
  } finally {
    process.off("SIGINT", onSigint);
    await closeProvider(provider);
  }
  if (options.record && provider?.name === "record") writeErr(`recorded ${displayPath(path.resolve(cwd, options.record), cwd)}`);
  else if (options.record) writeErr(`nothing recorded: ${flowName} made no model call`);
  if (options.trace) writeErr(`trace written to ${displayPath(path.resolve(cwd, options.trace), cwd)} (view it with 'flowc trace ${options.trace}')`);
}

/**
 * Generated code is ES modules in `.ts` files: Node (and tsx) load it as such
 * only under a package.json with "type": "module". Say so instead of failing
 * with a module-format error.
 */
function requireEsmScope(generatedFile: string, cwd: string): void {
  let dir = path.dirname(generatedFile);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      let type: unknown;
      try {
        type = (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (type === "module") return;
      throw new CliError(`generated code is ES modules, but ${displayPath(manifest, cwd)} does not say "type": "module"`, {
        hint: `add "type": "module" to ${displayPath(manifest, cwd)}, or write the generated code elsewhere with --out DIR`,
      });
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new CliError(`generated code is ES modules, but no package.json above ${displayPath(path.dirname(generatedFile), cwd)} says "type": "module"`, {
        hint: `run flowc in your project (with "type": "module" in its package.json), or create one: echo '{ "type": "module" }' > package.json`,
      });
    }
    dir = parent;
  }
}

// ---------------------------------------------------------------- input

interface InputValue {
  /** How to name the input in messages: `--input` or the file. */
  readonly name: string;
  readonly value: unknown;
}

/** Parses `--input`: JSON text, or `@file.json`. A syntax error names its line and column. */
export function readInput(raw: string, cwd: string): InputValue {
  let text = raw;
  let name = "--input";
  if (raw === "@-") {
    name = "the input on stdin";
    try {
      text = readFileSync(0, "utf8");
    } catch {
      throw new UsageError("cannot read the input from stdin", "pipe JSON in, e.g. echo '{}' | flowc run app.flow main --input @-");
    }
  } else if (raw.startsWith("@")) {
    const file = path.resolve(cwd, raw.slice(1));
    name = displayPath(file, cwd);
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new UsageError(`cannot read the input file ${raw.slice(1)}`, "--input takes JSON text or @path/to/input.json");
    }
  }
  try {
    return { name, value: JSON.parse(text) };
  } catch {
    const problem = findJsonError(text);
    const { line, column } = lineColumn(text, problem.offset);
    const where = raw.startsWith("@") && raw !== "@-" ? `at ${name}:${line}:${column}` : `at line ${line}, column ${column}`;
    throw new CliError(`${name} is not valid JSON: ${problem.message} ${where}`, {
      hint:
        name === "--input"
          ? `quote the JSON for your shell, e.g. --input '{"text": "hello"}', or put it in a file and pass --input @file.json`
          : raw === "@-"
            ? "fix the JSON you pipe in, then run again"
            : "fix the file, then run again",
    });
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/** Finds where JSON text goes wrong (JSON.parse does not always say). */
export function findJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  class Failure {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const describe = (at: number) =>
    at >= text.length ? "unexpected end of input" : `unexpected ${JSON.stringify(text[at])}`;
  const fail = (message: string): never => {
    throw new Failure(i, message);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`${describe(i)} (expected ${word})`);
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const ch = text[i]!;
      if (ch === "\\") {
        i++;
        const esc = text[i];
        if (esc === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail("invalid \\u escape in a string");
          }
        } else if (esc === undefined || !'"\\/bfnrt'.includes(esc)) {
          fail("invalid escape in a string");
        }
        i++;
      } else if (ch < " ") {
        fail("control character in a string (write \\n for a newline)");
      } else {
        i++;
      }
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`${describe(i)} (expected a number)`);
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`${describe(i)} (expected a property name in double quotes)`);
        string();
        ws();
        if (text[i] !== ":") fail(`${describe(i)} (expected ':')`);
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "}") fail("trailing comma before '}'");
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(`${describe(i)} (expected ',' or '}')`);
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "]") fail("trailing comma before ']'");
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(`${describe(i)} (expected ',' or ']')`);
      }
    }
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    if (ch === "'") fail("unexpected \"'\" (JSON strings use double quotes)");
    fail(`${describe(i)} (expected a value)`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`${describe(i)} after the end of the value`);
    return { offset: 0, message: "invalid JSON" };
  } catch (error) {
    if (error instanceof Failure) return { offset: error.offset, message: error.message };
    throw error;
  }
}

/** `decks[1].text`, as the runtime names fields. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

// ---------------------------------------------------------------- the plan

type Found = { readonly kind: "worker" | "tool" | "flow"; readonly params: readonly { name: string; type: string }[] };

function findDeclaration(program: Program, file: string, name: string, cwd: string): Found {
  const module = program.modules.find((m) => m.file === file);
  const callables = (module?.decls ?? []).filter((d) => d.kind === "flow" || d.kind === "worker" || d.kind === "tool");
  const decl = callables.find((d) => d.name === name);
  if (!decl || (decl.kind !== "flow" && decl.kind !== "worker" && decl.kind !== "tool")) {
    const flows = callables.filter((d) => d.kind === "flow").map((d) => d.name);
    const suggestion = closest(name, callables.map((d) => d.name));
    const shown = displayPath(file, cwd);
    throw new UsageError(
      `no flow named '${name}' in ${shown}${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`,
      flows.length > 0 ? `flows in ${shown}: ${flows.join(", ")}` : `${shown} declares no flow`,
    );
  }
  return { kind: decl.kind, params: decl.signature.params.map((p) => ({ name: p.name, type: typeToString(p.type) })) };
}

function signatureOf(found: Found): string {
  if (found.params.length === 0) return "no parameters: pass --input '{}'";
  return `{ ${found.params.map((p) => `${p.name}: ${p.type}`).join(", ")} }`;
}


/** Edit distance, for "did you mean". */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** True when running `start` can call a worker (and so needs a model provider). */
export function reachesWorker(program: Program, start: CallableRef): boolean {
  const seen = new Set<string>();
  const visit = (ref: CallableRef): boolean => {
    const key = `${ref.module}\u0000${ref.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const decl = program.modules.find((m) => m.file === ref.module)?.decls.find((d) => d.name === ref.name);
    if (!decl) return ref.kind === "worker";
    if (decl.kind === "worker") return true;
    if (decl.kind !== "flow") return false;
    return decl.body.some((stmt) => stmtCallees(stmt).some(visit));
  };
  return visit(start);
}

function stmtCallees(stmt: Stmt): CallableRef[] {
  switch (stmt.kind) {
    case "let":
    case "assign":
      return exprCallees(stmt.value);
    case "expr":
      return exprCallees(stmt.expr);
    case "return":
      return stmt.value ? exprCallees(stmt.value) : [];
    case "if":
      return [...exprCallees(stmt.condition), ...stmt.then.flatMap(stmtCallees), ...(stmt.else ?? []).flatMap(stmtCallees)];
    case "repeat":
      return stmt.body.flatMap(stmtCallees);
    default:
      return [];
  }
}

function exprCallees(e: Expr): CallableRef[] {
  switch (e.kind) {
    case "call":
      return [e.callee, ...e.args.flatMap((a) => exprCallees(a.value))];
    case "reduce":
      return [e.fn, ...exprCallees(e.source)];
    case "array":
      return e.elements.flatMap(exprCallees);
    case "object":
      return e.entries.flatMap((x) => exprCallees(x.value));
    case "member":
      return exprCallees(e.object);
    case "builtin":
      return [...e.args.flatMap(exprCallees), ...e.options.flatMap((o) => exprCallees(o.value))];
    case "binary":
      return [...exprCallees(e.left), ...exprCallees(e.right)];
    case "unary":
      return exprCallees(e.operand);
    case "map":
    case "filter":
      return [...exprCallees(e.source), ...exprCallees(e.body)];
    default:
      return [];
  }
}

// ---------------------------------------------------------------- models

/** `--model analyst=gpt-4.1` -> { analyst: "gpt-4.1" }. */
function parseModelOverrides(values: readonly string[]): Record<string, string> {
  const models: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    const alias = value.slice(0, eq).trim();
    const id = value.slice(eq + 1).trim();
    if (eq <= 0 || alias === "" || id === "") {
      throw new UsageError(`--model expects ALIAS=ID, got '${value}'`, "for example: --model analyst=gpt-4.1");
    }
    models[alias] = id;
  }
  return models;
}

/** `--model` names a model of the plan: a declared alias, or a model id used by a worker. */
function checkModelAliases(program: Program, models: Readonly<Record<string, string>>): void {
  const known = new Map<string, string>(); // alias -> id
  let usesDefault = false;
  for (const module of program.modules) {
    for (const decl of module.decls) {
      if (decl.kind === "model") known.set(decl.name, decl.id);
      if (decl.kind === "worker") {
        if (!decl.model) usesDefault = true;
        else known.set(decl.model.kind === "declared" ? (decl.model.name ?? decl.model.id) : decl.model.id, decl.model.id);
      }
    }
  }
  if (usesDefault) known.set("gpt-4.1-mini", "gpt-4.1-mini");
  const ids = new Set(known.values());
  for (const alias of Object.keys(models)) {
    if (known.has(alias) || ids.has(alias)) continue;
    const list = [...known].map(([name, id]) => (name === id ? name : `${name} (${id})`));
    throw new UsageError(
      `--model ${alias}=...: the plan has no model '${alias}'`,
      list.length > 0 ? `models in this plan: ${list.join(", ")}` : "this plan calls no model",
    );
  }
}

const NO_CREDENTIALS_HINT =
  "export OPENAI_API_KEY=sk-... to use OpenAI, or OPENAI_BASE_URL=http://localhost:11434/v1 for an OpenAI-compatible server (Ollama, vLLM, llama.cpp); or run offline on a recording with --replay FILE";

type CreateProvider = (typeof import("../runtime/models/index.ts"))["createProvider"];

function hasCredentials(): boolean {
  return Boolean(process.env.OPENAI_API_KEY?.trim() || process.env.OPENAI_BASE_URL?.trim());
}

/**
 * Starts loading the provider code the run will use, if any. A replay needs
 * only the replay provider, so the model SDK (~0.2 s to load) is not loaded.
 */
function providerFactory(options: RunCommandOptions, needsModel: boolean): Promise<CreateProvider> | undefined {
  if (options.replay) return loadReplay();
  if ((needsModel || options.record) && hasCredentials()) return loadModels().then((models) => models.createProvider);
  return undefined;
}

async function loadReplay(): Promise<CreateProvider> {
  await enableTypeScriptImports();
  // The same file the runtime's model index imports, so the same module instance.
  const url = pathToFileURL(path.join(packageRoot(), "runtime", "models", "replay.ts")).href;
  const { ReplayProvider } = (await import(url)) as typeof import("../runtime/models/replay.ts");
  return (config) => {
    if (config.kind !== "replay") throw new Error(`flowc run: expected a replay provider, not ${config.kind}`);
    return new ReplayProvider({ path: config.path });
  };
}

async function createModelProvider(
  options: RunCommandOptions,
  cwd: string,
  providers: Promise<CreateProvider> | undefined,
): Promise<ModelProvider> {
  const factory = async () => (await providers) ?? (await providerFactory(options, true)) ?? (await loadModels()).createProvider;
  if (options.replay) {
    const file = path.resolve(cwd, options.replay);
    if (!existsSync(file)) {
      throw new UsageError(
        `no such recording: ${options.replay}`,
        `make one with --record ${options.replay} against a real model`,
      );
    }
    const createProvider = await factory();
    try {
      return createProvider({ kind: "replay", path: file });
    } catch (error) {
      throw new CliError(firstLine(error instanceof Error ? error.message : String(error)));
    }
  }
  if (!hasCredentials()) {
    throw new CliError("no model to call: OPENAI_API_KEY and OPENAI_BASE_URL are both unset", { hint: NO_CREDENTIALS_HINT });
  }
  const createProvider = await factory();
  try {
    if (options.record) return createProvider({ kind: "record", path: path.resolve(cwd, options.record) });
    return createProvider({ kind: "openai" });
  } catch (error) {
    throw new CliError(firstLine(error instanceof Error ? error.message : String(error)), { hint: NO_CREDENTIALS_HINT });
  }
}

/** A plan that calls no worker runs without credentials; --replay/--record still apply if given. */
async function offlineProvider(
  options: RunCommandOptions,
  cwd: string,
  providers: Promise<CreateProvider> | undefined,
): Promise<ModelProvider | undefined> {
  if (options.replay) return createModelProvider(options, cwd, providers);
  if (options.record && hasCredentials()) return createModelProvider(options, cwd, providers);
  return undefined;
}

async function closeProvider(provider: ModelProvider | undefined): Promise<void> {
  try {
    await provider?.close?.();
  } catch (error) {
    writeErr(`warning: could not close the model provider: ${firstLine(String((error as Error)?.message ?? error))}`);
  }
}

// ---------------------------------------------------------------- reporting

function printUsage(usage: UsageReport, durationMs: number, provider: ModelProvider | undefined): void {
  const c = colors();
  const t = usage.total;
  const calls = `${formatInt(t.calls)} model ${t.calls === 1 ? "call" : "calls"}`;
  const tokens = `${formatInt(t.promptTokens)} tokens in, ${formatInt(t.completionTokens)} out`;
  let cost: string;
  if (t.usd !== null) cost = usage.unpricedModels.length > 0 ? `${formatUsd(t.usd)} + unpriced` : formatUsd(t.usd);
  else cost = t.calls === 0 ? formatUsd(0) : "cost unknown";
  const source = provider?.name === "replay" ? " (replayed)" : "";
  writeErr(c.dim(`usage: ${calls}, ${tokens}, ${cost}${source}, ${formatDuration(durationMs)}`));
}

/** Errors of a run are the user's (a tool threw, a model failed, a budget ran out): `error: ...`, exit 1. */
function runFailure(error: unknown, options: RunCommandOptions, provider: ModelProvider | undefined): CliError {
  if (error instanceof CliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  let hint: string | undefined;
  if (name === "ApprovalDeniedError") hint = undefined; // the message says how to approve
  else if (name === "ModelRequestError" && provider?.name === "replay") hint = undefined; // the replay miss explains itself
  else if (name === "BudgetExceededError") hint = "raise --max-usd / --max-calls, or leave them out";
  else if (!options.trace) hint = "run again with --trace FILE and view it with 'flowc trace FILE' to see the call tree";
  return new CliError(message, { hint, exitCode: EXIT.failure });
}
