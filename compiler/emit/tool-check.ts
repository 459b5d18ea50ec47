// Type-checks tool implementation files against their declarations, without
// ts-morph or prettier: one small stub per tool in a temp dir, one run of the
// native tsc over all of them, and every error mapped back to the tool's
// declaration in the `.flow` file (FLW450 missing export, FLW451 mismatch).
//
// tsc costs ~0.4 s a run, so its findings are cached (cache.ts): the key is
// the hash of the stubs, the compiler options and the tsc version; an entry
// holds the errors and the size+mtime of every file tsc read (`--listFiles`),
// of the tool files (present or not) and of the folders the project's files
// are in (a new file there may change how an import resolves). It is used only
// while all of those are unchanged.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { D, diag } from "../diagnostics/table.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { Program, ToolDef, Type } from "../plan/ir.ts";
import { packageRoot } from "../package-root.ts";
import { RUNTIME_PACKAGE, runtimeTypesSpecifier } from "../runtime-package.ts";
import { typeToString } from "../plan/type-text.ts";
import { cacheDir, hashOf, pruneEntries, readEntry, stampMtimeMs, stampOf, stampsHold, writeEntry, type Stamp } from "./cache.ts";
import { memberAccess, stringLiteral, typePropertyKey } from "./literals.ts";
import { objectType, tsType, type NamedType, type TypeNames } from "./types.ts";

export interface ToolCheckOptions {
  readonly rootDir: string;
  readonly outDir: string;
  /** Where to cache tsc's findings; default: the project's cache (see cache.ts). `false`: no cache. */
  readonly cacheDir?: string | false;
}

/** The native tsc of the typescript package flowc depends on. */
function typescriptDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("typescript/package.json"));
}

/**
 * How to start tsc: typescript's `bin/tsc` is a Node script that starts the
 * native binary of its platform package, so running that binary directly
 * saves a Node process per tool check: ~60 ms of CPU (-6 %) and ~10 % of the
 * wall time of a cold `flowc check bench/plans/oolong.flow` (9 interleaved
 * runs). The launcher stays the fallback.
 */
function tscCommand(): { readonly file: string; readonly args: readonly string[] } {
  try {
    const fromTypescript = createRequire(path.join(typescriptDir(), "package.json"));
    const platform = fromTypescript.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
    const exe = path.join(path.dirname(platform), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    if (existsSync(exe)) return { file: exe, args: [] };
  } catch {
    // No platform package where typescript looks for it: its launcher reports that.
  }
  return { file: process.execPath, args: [path.join(typescriptDir(), "bin", "tsc")] };
}

function tscVersion(): string {
  try {
    return String((JSON.parse(readFileSync(path.join(typescriptDir(), "package.json"), "utf8")) as { version?: unknown }).version);
  } catch {
    return "unknown";
  }
}

/** How a tool's stub lines map back: which line checks what. */
interface Stub {
  readonly tool: ToolDef;
  /** The stub's file name in the stub folder (`tool_0.ts`). */
  readonly file: string;
  readonly text: string;
  readonly importLine: number;
  readonly assignLine: number;
  readonly kindLine: number;
  readonly takesLine: number;
  readonly returnsLine: number;
}

interface TscError {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** First line of the message. */
  readonly message: string;
  /** The indented elaboration lines, outermost first. */
  readonly details: readonly string[];
}

/** A cached tsc run: its errors in stub files (by stub file name), valid while `stamps` hold. */
interface CacheEntry {
  readonly stamps: Record<string, Stamp>;
  readonly errors: readonly TscError[];
}

export async function checkToolFiles(program: Program, options: ToolCheckOptions): Promise<Diagnostic[]> {
  const tools = program.modules.flatMap((m) => m.decls.filter((d): d is ToolDef => d.kind === "tool"));
  if (tools.length === 0) return [];
  const names = typeNames(program);
  // The runtime the tool files' own `@flowc/runtime` imports resolve to, as generated code's do.
  const runtimeTypes = runtimeTypesSpecifier(options.rootDir);
  const types = typesFile(program, names, runtimeTypes);
  const stubs = tools.map((tool, index) => stubFile(tool, `tool_${index}.ts`, names, runtimeTypes));
  const compilerOptions = tsconfigOptions(tools, options.rootDir, runtimeTypes);
  const cache = options.cacheDir === false ? undefined : (options.cacheDir ?? cacheDir(options.rootDir));
  const key = hashOf(tscVersion(), JSON.stringify(compilerOptions), types, ...stubs.map((s) => s.text));

  let errors: readonly TscError[];
  const cached = readEntry<CacheEntry>(cache, "tool-check", key);
  if (cached && Array.isArray(cached.errors) && cached.stamps && stampsHold(cached.stamps)) {
    errors = cached.errors;
  } else {
    const run = await runStubs(types, stubs, compilerOptions, tools, Object.keys(cached?.stamps ?? {}));
    if (run.failed) return tools.slice(0, 1).map((t) => diag(D.InternalError, t.span, [run.failed!]));
    errors = run.errors;
    if (run.stamps) {
      writeEntry(cache, "tool-check", key, { stamps: run.stamps, errors } satisfies CacheEntry);
      pruneEntries(cache, "tool-check");
    }
  }
  return stubs.flatMap((stub) =>
    diagnose(
      stub,
      errors.filter((e) => e.file === stub.file),
      names,
    ),
  );
}

/**
 * Writes the stubs to a temp folder and runs tsc over them. Errors come back
 * with stub file names; `stamps` (absent when a file changed while tsc ran)
 * say what the result depends on.
 */
async function runStubs(
  types: string,
  stubs: readonly Stub[],
  compilerOptions: Record<string, unknown>,
  tools: readonly ToolDef[],
  previous: readonly string[],
): Promise<{ errors: TscError[]; stamps?: Record<string, Stamp>; failed?: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "flowc-tools-"));
  try {
    await writeFile(path.join(dir, "types.ts"), types);
    await Promise.all(stubs.map((stub) => writeFile(path.join(dir, stub.file), stub.text)));
    const files = stubs.map((s) => path.join(dir, s.file));
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }, null, 2));
    // Stamps before tsc reads anything, of the files it will likely read: the
    // tool files, and what it read last time for these stubs.
    const before = new Map<string, Stamp>();
    for (const file of [...tools.map((t) => t.implementation), ...previous]) {
      before.set(file, stampOf(file));
      if (!file.split(path.sep).includes("node_modules")) before.set(path.dirname(file), stampOf(path.dirname(file)));
    }
    const started = Date.now();
    const output = await runTsc(path.join(dir, "tsconfig.json"));
    if (output.failed) return { errors: [], failed: output.failed };
    const errors = parseTscOutput(output.text, dir)
      .filter((e) => path.dirname(e.file) === dir)
      .map((e) => ({ ...e, file: path.basename(e.file) }));
    return { errors, stamps: readStamps(listedFiles(output.text, dir), tools, before, started) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The files tsc read (from `--listFiles`), outside the stub folder. */
function listedFiles(text: string, dir: string): string[] {
  const files = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === "" || /^\s/.test(line) || ERROR_LINE.test(line) || !path.isAbsolute(line)) continue;
    const file = path.resolve(line);
    if (path.dirname(file) !== dir) files.add(file);
  }
  return [...files];
}

/**
 * Stamps of the files tsc read, the tool files and the folders of the
 * project's own files (not node_modules); undefined when one of them may have
 * changed while tsc ran, so the result may not match the stamps. A file
 * stamped before tsc started must have the same stamp after; any other must
 * be older than the start (with a second of margin for file systems whose
 * mtimes are coarser than the clock).
 */
function readStamps(
  read: readonly string[],
  tools: readonly ToolDef[],
  before: ReadonlyMap<string, Stamp>,
  started: number,
): Record<string, Stamp> | undefined {
  const stamps: Record<string, Stamp> = {};
  const folders = new Set<string>();
  for (const file of [...read, ...tools.map((t) => t.implementation)]) {
    stamps[file] = stampOf(file);
    if (!file.split(path.sep).includes("node_modules")) folders.add(path.dirname(file));
  }
  for (const folder of folders) stamps[folder] = stampOf(folder);
  for (const [file, stamp] of Object.entries(stamps)) {
    const earlier = before.get(file);
    if (earlier !== undefined ? earlier !== stamp : stampMtimeMs(stamp) >= started - 1000) return undefined;
  }
  return stamps;
}

// ---------------------------------------------------------------- stub files

/** Plain names for records and enums; a module prefix only where two modules use one name. */
function typeNames(program: Program): TypeNames & { all: { name: string; module: string; ident: string }[] } {
  const all: { name: string; module: string; ident: string }[] = [];
  const counts = new Map<string, number>();
  for (const m of program.modules) {
    for (const d of m.decls)
      if (d.kind === "record" || d.kind === "enum") counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
  }
  program.modules.forEach((m, index) => {
    for (const d of m.decls) {
      if (d.kind !== "record" && d.kind !== "enum") continue;
      all.push({ name: d.name, module: m.file, ident: counts.get(d.name)! > 1 ? `M${index}_${d.name}` : `${d.name}` });
    }
  });
  const byKey = new Map(all.map((x) => [`${x.module}\0${x.name}`, x.ident]));
  return {
    all,
    typeName: (ref: NamedType) => byKey.get(`${ref.module}\0${ref.name}`) ?? "unknown",
    json: () => "Json",
  };
}

/** Every record and enum of the program as a TypeScript type (structural twins of the generated ones). */
function typesFile(program: Program, names: TypeNames, runtimeTypes: string): string {
  const lines = [`import type { Json } from ${stringLiteral(runtimeTypes)};`, "export type { Json };"];
  for (const m of program.modules) {
    for (const d of m.decls) {
      if (d.kind === "record") {
        const ident = names.typeName({ kind: "record", name: d.name, module: m.file });
        const fields = d.fields.map(
          (f) => `  ${typePropertyKey(f.name)}${f.optional ? "?" : ""}: ${tsType(f.type, names)};`,
        );
        lines.push(`export interface ${ident} {`, ...fields, "}");
      } else if (d.kind === "enum") {
        const ident = names.typeName({ kind: "enum", name: d.name, module: m.file });
        const members = d.members.map((x) => stringLiteral(x.name)).join(" | ");
        lines.push(`export type ${ident} = ${members || "never"};`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function inputTypeText(tool: ToolDef, names: TypeNames): string {
  return objectType(tool.signature.params.map((p) => ({ name: p.name, type: tsType(p.type, names) })));
}

function stubFile(tool: ToolDef, file: string, names: TypeNames & { all: { ident: string }[] }, runtimeTypes: string): Stub {
  const member = memberAccess("impl", tool.name);
  const lines: string[] = [];
  const push = (line: string): number => lines.push(line);
  push(`import type { ToolContext, ToolImplementation } from ${stringLiteral(runtimeTypes)};`);
  const typeImports = ["Json", ...names.all.map((x) => x.ident)];
  push(`import type { ${typeImports.join(", ")} } from "./types.ts";`);
  const importLine = push(`import * as impl from ${stringLiteral(tool.implementation)};`);
  push(`type In = ${inputTypeText(tool, names)};`);
  push(`type Out = ${tsType(tool.signature.returns, names)};`);
  push(
    `type CallOf<F> = F extends { create: (...args: any[]) => infer I } ? (Awaited<I> extends { call: infer C } ? C : never) : F;`,
  );
  push(`type Fn = CallOf<typeof ${member}>;`);
  push(`type Result = Fn extends (...args: any[]) => infer R ? R : unknown;`);
  const assignLine = push(`export const check: ToolImplementation<In, Out> = ${member};`);
  const kindLine = push(
    `export const kind: ((...args: any[]) => unknown) | { create: (...args: any[]) => unknown } = ${member};`,
  );
  const takesLine = push(`export const takes: (input: In, ctx: ToolContext) => unknown = null as unknown as Fn;`);
  const returnsLine = push(`export const returns: Out | Promise<Out> = null as unknown as Result;`);
  // Keep the type imports used under noUnusedLocals-style configs; harmless otherwise.
  push(`export type Used = [${typeImports.join(", ")}];`);
  return { tool, file, text: `${lines.join("\n")}\n`, importLine, assignLine, kindLine, takesLine, returnsLine };
}

function tsconfigOptions(tools: readonly ToolDef[], rootDir: string, runtimeTypes: string): Record<string, unknown> {
  const compilerOptions: Record<string, unknown> = {
    strict: true,
    noEmit: true,
    target: "ES2022",
    module: "preserve",
    moduleResolution: "bundler",
    allowImportingTsExtensions: true,
    allowJs: true,
    checkJs: false,
    skipLibCheck: true,
    resolveJsonModule: true,
    types: [] as string[],
    paths: { [RUNTIME_PACKAGE]: [runtimeTypes] },
  };
  // Tool files may use Node's APIs: find @types/node the way the user's project would.
  const typeRoots = nodeTypesRoot([rootDir, ...tools.map((t) => path.dirname(t.implementation))]);
  if (typeRoots) {
    compilerOptions.typeRoots = [typeRoots];
    compilerOptions.types = ["node"];
  }
  return compilerOptions;
}

function nodeTypesRoot(starts: readonly string[]): string | undefined {
  const ownPackage = packageRoot();
  for (const start of [...starts, ownPackage]) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const root = path.join(dir, "node_modules", "@types");
      if (existsSync(path.join(root, "node"))) return root;
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- running tsc

function runTsc(project: string): Promise<{ text: string; failed?: string }> {
  return new Promise((resolve) => {
    const tsc = tscCommand();
    execFile(
      tsc.file,
      [...tsc.args, "-p", project, "--pretty", "false", "--listFiles"],
      { maxBuffer: 64 * 1024 * 1024, cwd: path.dirname(project) },
      (error, stdout, stderr) => {
        // tsc exits non-zero when it reports errors; only a missing output is a failure.
        if (error && stdout.trim() === "") {
          resolve({ text: "", failed: `could not run tsc to check tool files: ${stderr.trim() || error.message}` });
        } else {
          resolve({ text: stdout });
        }
      },
    );
  });
}

const ERROR_LINE = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

export function parseTscOutput(text: string, cwd: string): TscError[] {
  const errors: { file: string; line: number; code: string; message: string; details: string[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const match = ERROR_LINE.exec(raw);
    if (match) {
      errors.push({
        file: path.resolve(cwd, match[1]!),
        line: Number(match[2]),
        code: match[4]!,
        message: match[5]!,
        details: [],
      });
    } else if (/^\s+\S/.test(raw) && errors.length > 0) {
      errors[errors.length - 1]!.details.push(raw.trim());
    }
  }
  return errors;
}

// ---------------------------------------------------------------- diagnostics

const MISSING_MEMBER = new Set(["TS2339", "TS2305", "TS2614", "TS2551", "TS7053"]);
const MODULE_NOT_FOUND = new Set(["TS2307", "TS2306", "TS2792"]);

function diagnose(stub: Stub, errors: readonly TscError[], names: TypeNames): Diagnostic[] {
  const { tool } = stub;
  const file = stringLiteral(tool.from);
  const at = (line: number) => errors.filter((e) => e.line === line);
  if (at(stub.importLine).some((e) => MODULE_NOT_FOUND.has(e.code))) {
    return [diag(D.ToolFileNotFound, tool.span, [file])];
  }
  const assign = at(stub.assignLine);
  if (assign.length === 0) return [];
  if (assign.some((e) => MISSING_MEMBER.has(e.code))) {
    return [diag(D.ToolExportMissing, tool.span, [file, tool.name])];
  }
  const expected = expectedSignature(tool, names);
  const kind = at(stub.kindLine);
  if (kind.length > 0) {
    const actual = quotedTypes(kind[0]!.message)[0] ?? "not a function";
    const reason = `it is \`${actual}\`, not a function \`(input, ctx) => ...\` or a factory \`{ create(ctx) }\``;
    return [diag(D.ToolSignatureMismatch, tool.span, [tool.name, file, reason, mismatchHint(expected)])];
  }
  const returns = at(stub.returnsLine);
  const takes = at(stub.takesLine);
  const reasons: string[] = [];
  if (takes.length > 0 && /too few arguments/.test(lastDetail(takes[0]!))) {
    reasons.push("it has more parameters than `(input, ctx)`");
  } else if (takes.length > 0) {
    reasons.push(`its \`input\` parameter does not accept \`${flowInput(tool)}\` (${lastDetail(takes[0]!)})`);
  }
  if (returns.length > 0) {
    const actual = quotedTypes(returns[0]!.message)[0] ?? "another type";
    reasons.push(`returns \`${actual}\` but the declaration says \`${typeToString(tool.signature.returns)}\``);
  }
  if (reasons.length === 0) reasons.push(lastDetail(assign[0]!));
  return [diag(D.ToolSignatureMismatch, tool.span, [tool.name, file, reasons.join("; and "), mismatchHint(expected)])];
}

function mismatchHint(expected: string): string {
  return `the export should be \`${expected}\` (\`ctx\` may be left out)`;
}

/** The TypeScript signature a tool must have, for the hint. */
function expectedSignature(tool: ToolDef, names: TypeNames): string {
  const out = tsType(tool.signature.returns, names);
  return `(input: ${inputTypeText(tool, names)}, ctx: ToolContext) => ${out} | Promise<${out}>`;
}

/** `'A' ... 'B'` in a tsc message -> [A, B]. */
function quotedTypes(message: string): string[] {
  const match = /^Type '(.*)' is not assignable to type '(.*)'\.$/.exec(message);
  return match ? [match[1]!, match[2]!] : [];
}

function lastDetail(error: TscError): string {
  const line = error.details.length > 0 ? error.details[error.details.length - 1]! : error.message;
  return line.replace(/\.$/, "");
}


function flowInput(tool: ToolDef): string {
  return `{ ${tool.signature.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(", ")} }`;
}
