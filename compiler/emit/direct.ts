// The direct printer: the final text of the regular declarations (records,
// enums, models, workers, tools) and of the import lines, written in exactly
// the layout prettier gives the reference printer's output (structures.ts),
// without loading ts-morph or prettier. It covers the layouts whose every
// line fits the print width; anything else (a line too long, a template
// literal, a complex `context`) returns undefined and goes the reference way.
// test/emit/direct.test.ts proves the two agree byte for byte.
import { dynamicImport } from "./callables.ts";
import { commentText } from "./literals.ts";
import { fits, jsDocLines, prettierStrings } from "./prettier-rules.ts";
import type { ConstShape, DeclShape, DefineShape, EnumShape, RecordShape } from "./shapes.ts";
import { assertNever } from "../../grammar/exhaustive.ts";

/** Lines of code, or undefined when one does not fit (or its width is unclear). */
function allFit(lines: readonly string[]): boolean {
  return lines.every((line) => fits(line) === true);
}

/** Code text from the shapes, with prettier's string quotes; undefined for what the direct printer leaves alone. */
function code(text: string): string | undefined {
  // Outside string literals: a template literal could hold `"`; prettier rewrites numbers with an exponent.
  if (text.includes("`") || /\de/i.test(text)) {
    const rest = text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    if (rest.includes("`") || /(?<![\w$.])\d[\d.]*e/i.test(rest)) return undefined;
  }
  return prettierStrings(text);
}

function docLines(doc: string | undefined, indent: string): string[] {
  return doc === undefined ? [] : jsDocLines(commentText(doc), indent);
}

/** `z.number().int()` as `["z", ".number()", ".int()"]`: the head and the calls of a member chain. */
function splitChain(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "." && depth === 0) {
      parts.push(text.slice(start, i));
      start = i;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * A schema object entry at `indent`, laid out as prettier lays out a member
 * chain: on one line when it fits, else (three calls or more) one call per
 * line; three calls with a function argument are always broken.
 */
function entryLines(field: RecordShape["fields"][number], indent: string): string[] | undefined {
  const key = code(field.schemaKey);
  const chain = [...splitChain(field.schema), ...field.calls].map(code);
  if (key === undefined || chain.some((part) => part === undefined)) return undefined;
  const [head, ...calls] = chain as string[];
  const line = `${indent}${key}: ${head}${calls.join("")},`;
  const broken = calls.length > 2 && calls.some((call) => call.includes("=>"));
  if (!broken && fits(line) === true) return [line];
  if (calls.length <= 2 || (!broken && fits(line) !== false)) return undefined;
  const lines = [`${indent}${key}: ${head}`, ...calls.map((call, i) => `${indent}  ${call}${i === calls.length - 1 ? "," : ""}`)];
  return allFit(lines) ? lines : undefined;
}

function recordText(shape: RecordShape): string | undefined {
  const fieldLines: string[] = [];
  const entries: string[][] = [];
  const entryIndent = shape.describe === "" ? "  " : "    ";
  for (const field of shape.fields) {
    const type = code(field.type);
    const entry = entryLines(field, entryIndent);
    if (type === undefined || entry === undefined) return undefined;
    const member = `  ${prettierStrings(field.typeKey)}${field.optional ? "?" : ""}: ${type};`;
    if (!allFit([member])) return undefined;
    fieldLines.push(...docLines(field.doc, "  "), member);
    entries.push(entry);
  }
  const describe = code(shape.describe);
  if (describe === undefined) return undefined;
  const alias =
    fieldLines.length === 0
      ? [`export type ${shape.name} = {};`]
      : [`export type ${shape.name} = {`, ...fieldLines, "};"];
  const head = `export const ${shape.name}: ${shape.schemaType} = ${shape.z}`;
  let schema: string[];
  if (entries.length === 0) {
    schema = [`${head}.object({})${describe};`];
  } else if (describe === "") {
    schema = [`${head}.object({`, ...entries.flat(), "});"];
  } else {
    // Two calls with a broken object in the first: prettier's member chain puts each call on its line.
    schema = [head, "  .object({", ...entries.flat(), "  })", `  ${describe};`];
  }
  if (!allFit([alias[0]!, ...schema])) return undefined;
  return [...docLines(shape.doc, ""), ...alias, "", ...schema].join("\n");
}

function enumText(shape: EnumShape): string | undefined {
  const initializer = code(shape.initializer);
  if (initializer === undefined) return undefined;
  const lines = [`export const ${shape.name} = ${initializer};`, `export type ${shape.name} = ${shape.type};`];
  if (!allFit(lines)) return undefined;
  return [...docLines(shape.doc, ""), ...lines].join("\n");
}

function constText(shape: ConstShape): string | undefined {
  const initializer = code(shape.initializer);
  const type = shape.type === undefined ? "" : code(`: ${shape.type}`);
  if (initializer === undefined || type === undefined) return undefined;
  const line = `export const ${shape.name}${type} = ${initializer};`;
  return allFit([line]) ? [...docLines(shape.doc, ""), line].join("\n") : undefined;
}

/** `({ deck }) => deck.text`: the only arrow bodies prettier is sure to leave as they are. */
const SIMPLE_ARROW = /^\((\{ [\w$]+(, [\w$]+)* \})?\) => (\[[\w$.]+(, [\w$.]+)*\]|[\w$.]+)$/;

function defineText(shape: DefineShape): string | undefined {
  const type = code(shape.type);
  if (type === undefined) return undefined;
  const first = `export const ${shape.name}: ${type} = ${shape.callee}({`;
  if (!allFit([first])) return undefined;
  const lines = [...docLines(shape.doc, ""), first];
  for (const [key, raw] of shape.props) {
    const value = code(raw);
    if (value === undefined) return undefined;
    const lazy = LAZY_LOAD.exec(value);
    if (lazy) {
      const loadLines = lazyLoadLines(key, lazy[1]!, lazy[2]!);
      if (loadLines === undefined) return undefined;
      lines.push(...loadLines);
      continue;
    }
    if (value.includes("=>") && !SIMPLE_ARROW.test(value)) return undefined;
    const line = `  ${key}: ${value},`;
    const fit = fits(line);
    // Prettier breaks after the colon of a long string, unless the key is shorter than 5 columns.
    if (fit === true || (fit === false && isStringLiteral(value) && key.length < 5)) lines.push(line);
    else if (fit === false && isStringLiteral(value)) lines.push(`  ${key}:`, `    ${value},`);
    else return undefined;
  }
  lines.push("});");
  return lines.join("\n");
}

/** `() => import("../tools/files.js").then((m) => m.save_report)`: a lazy tool's loader (callables.ts). */
const LAZY_LOAD = /^\(\) => import\(("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\)\.then\(\(m\) => (m(?:\.[\w$]+|\["[\w$-]*"\]))\)$/;

/**
 * Prettier's three layouts of a lazy loader: on one line; broken after `=>`
 * when the rest fits the next line; else with the `.then(` argument on a
 * line of its own (the import line may overflow: a string does not break).
 */
function lazyLoadLines(key: string, specifier: string, member: string): string[] | undefined {
  const load = dynamicImport(specifier);
  const call = `${load}.then((m) => ${member})`;
  const one = `  ${key}: () => ${call},`;
  const two = `    ${call},`;
  const argument = `      (m) => ${member},`;
  if (fits(one) === true) return [one];
  if (fits(one) !== false) return undefined;
  if (fits(two) === true) return [`  ${key}: () =>`, two];
  if (fits(two) !== false || fits(argument) !== true) return undefined;
  return [`  ${key}: () =>`, `    ${load}.then(`, argument, "    ),"];
}

function isStringLiteral(value: string): boolean {
  return /^"(?:[^"\\\n]|\\.)*"$|^'(?:[^'\\\n]|\\.)*'$/.test(value);
}

/** The final text of one declaration, or undefined to leave it to ts-morph and prettier. */
export function directText(shape: DeclShape): string | undefined {
  switch (shape.kind) {
    case "record":
      return recordText(shape);
    case "enum":
      return enumText(shape);
    case "const":
      return constText(shape);
    case "define":
      return defineText(shape);
    case "flow":
      return undefined;
  }
  return assertNever(shape);
}

/** One import line from importLines(), as prettier prints it (one name per line when too long), or undefined when unsure. */
export function importText(line: string): string | undefined {
  const text = prettierStrings(line);
  const fit = fits(text);
  if (fit !== false) return fit === true ? text : undefined;
  const match = /^import (type )?\{ (.*) \} from (.*);$/.exec(text);
  if (!match) return undefined;
  const names = match[2]!.split(", ");
  return [`import ${match[1] ?? ""}{`, ...names.map((n) => `  ${n},`), `} from ${match[3]};`].join("\n");
}
