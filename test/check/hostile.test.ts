// Hostile input (issue #14): deep nesting, huge files, names that are
// properties of Object.prototype, invalid UTF-8 and control characters. The
// checker must end in located diagnostics, never in FLW900 or a throw.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/check/index.ts";
import { invalidSequences } from "../../compiler/check/read-source.ts";
import { renderDiagnostics } from "../../compiler/diagnostics/render.ts";
import { parse } from "../../grammar/index.ts";
import { MAX_FILE_BYTES, MAX_NESTING, MAX_PARSER_DEPTH, MAX_TOKENS } from "../../grammar/limits.ts";
import { FlowParser } from "../../grammar/parser.ts";
import { checkText, codes, project } from "./helpers.ts";

/** `file:line:col CODE message` of every diagnostic, the file relative to `dir`. */
function located(diagnostics: readonly { code: string; message: string; span: { file: string; start: { line: number; column: number } } }[], dir: string): string[] {
  return diagnostics.map((d) => `${path.relative(dir, d.span.file)}:${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`);
}

function checkSource(text: string | Uint8Array) {
  const dir = project({});
  writeFileSync(path.join(dir, "main.flow"), text);
  const result = checkProgram(["main.flow"], dir);
  return { ...result, dir, lines: located(result.diagnostics, dir) };
}

const NESTED = `nested too deeply: more than ${MAX_NESTING} levels`;

describe("deep nesting gives FLW108 where the limit is crossed", () => {
  it("10,000 `[]` on a type", () => {
    const { lines } = checkSource(`type T { a: string${"[]".repeat(10_000)} }\n`);
    // type (1) > field (2) > 10,000 array types, the outermost last: the 99th `[]` from the end is level 101.
    const column = "type T { a: string".length + 2 * (10_000 - 98);
    expect(lines).toEqual([`main.flow:1:${column} FLW108 ${NESTED}`]);
  });

  it("10,000 `not`", () => {
    const { lines } = checkSource(`flow f(b: bool) -> bool {\n  return ${"not ".repeat(10_000)}b\n}\n`);
    // flow (1) > block (2) > return (3) > the first `not` (4): the 98th `not` is level 101.
    expect(lines).toEqual([`main.flow:2:${"  return ".length + 4 * 97 + 1} FLW108 ${NESTED}`]);
  });

  it("a 100,000-term `1+1+...`", () => {
    const { lines, diagnostics } = checkSource(`flow f() -> int {\n  return ${Array(100_000).fill("1").join("+")}\n}\n`);
    // The sum nests to the left: the root is the last `+`, level 101 is the 98th `+` from the end.
    expect(lines).toEqual([`main.flow:2:${"  return ".length + 2 * (100_000 - 98)} FLW108 ${NESTED}`]);
    expect(diagnostics[0]!.hint).toBe("split it up: give inner parts a name with `let`, or move them into a declaration of their own");
  });

  it("10,000 parentheses stop the parser at the one where it would go too deep", () => {
    const { lines } = checkSource(`flow f() -> int {\n  return ${"(".repeat(10_000)}1${")".repeat(10_000)}\n}\n`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^main\\.flow:2:\\d+ FLW108 ${NESTED}$`));
  });

  it("keeps the other declarations of the file, and a nesting within the limit checks", () => {
    const deep = Array(MAX_NESTING + 5).fill("1").join(" + ");
    const fine = Array(MAX_NESTING - 10).fill("1").join(" + ");
    const { lines } = checkSource(`flow deep() -> int {\n  return ${deep}\n}\nflow fine() -> int {\n  return ${fine}\n}\nflow bad() -> int {\n  return "x"\n}\n`);
    // Only the nesting error: the file has a syntax-level error, so its semantic ones are not shown.
    expect(lines.map((l) => l.split(" ")[1])).toEqual(["FLW108"]);
    expect(parse(`flow fine() -> int {\n  return ${fine}\n}\n`, "x.flow").errors).toEqual([]);
  });

  it("chevrotain still keeps the rule stack that the parser's guard reads", () => {
    const parser = new FlowParser() as unknown as { RULE_STACK_IDX?: unknown };
    expect(typeof parser.RULE_STACK_IDX).toBe("number");
    expect(MAX_PARSER_DEPTH).toBeGreaterThan(6 * MAX_NESTING);
  });

  it("every kind of deep input, at and over the limit, ends in diagnostics", () => {
    const n = 2_000;
    const inputs = [
      `flow f(x: json) -> json {\n  return ${"[".repeat(n)}x${"]".repeat(n)}\n}\n`,
      `flow f(x: int) -> int {\n  return ${"-".repeat(n)}x\n}\n`,
      `flow f(x: json) -> json {\n  return ${"{ a: ".repeat(n)}x${" }".repeat(n)}\n}\n`,
      `flow f(xs: int[]) -> json {\n  return ${"map x in xs => ".repeat(n)}1\n}\n`,
      `flow f(b: bool) -> int {\n${"if b {\n".repeat(n)}return 1\n${"}\n".repeat(n)}return 2\n}\n`,
      `flow f(b: bool) -> int {\n  if b { return 0 }${" else if b { return 1 }".repeat(n)}\n  return 2\n}\n`,
      `type R { a: int }\nflow f(r: R) -> int {\n  return r${".a".repeat(n)}\n}\n`,
      `flow f(x: int) -> int {\n  repeat (max: 1) {\n${"repeat (max: 1) {\n".repeat(n)}${"}\n".repeat(n)}  }\n  return x\n}\n`,
    ];
    for (const input of inputs) {
      const { diagnostics } = checkSource(input);
      expect(codes(diagnostics)).toEqual(["FLW108"]);
    }
  });
});

describe("huge input gives FLW110 before it is read or parsed", () => {
  it("a 50 MB file of declarations is refused by its size, at its start", () => {
    const decl = "type Rec { name: string, score: int }\nworker w(r: Rec) -> Rec { instructions: \"Score {{r.name}}\" }\n";
    const { lines, sources, dir } = checkSource(decl.repeat(Math.ceil((50 * 1024 * 1024) / decl.length)));
    expect(lines).toEqual([
      `main.flow:1:1 FLW110 file too large: ${(Math.ceil((50 * 1024 * 1024) / decl.length) * decl.length).toLocaleString("en-US")} bytes, more than the 2,097,152 that flowc reads from one file`,
    ]);
    expect(sources.has(path.join(dir, "main.flow"))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it("a 50 MB string is too large, not nested too deeply", () => {
    const { lines, dir } = checkSource(`model m = "${"x".repeat(50 * 1024 * 1024)}"\n`);
    expect(lines.map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual(["main.flow:1:1 FLW110 file"]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("a string just under the size limit is read (the lexer scans strings without a regular expression)", () => {
    const value = "x".repeat(MAX_FILE_BYTES - 100);
    expect(checkSource(`model m = "${value}"\n`).lines).toEqual([]);
    expect(parse(`model m = "${"y".repeat(8 * 1024 * 1024)}\\"\n`, "x.flow").errors.map((e) => e.kind)).toEqual(["unterminated-string"]);
  });

  it("a file of more tokens than MAX_TOKENS is not parsed", () => {
    const { lines } = checkSource(`flow f() -> int[] {\n  return [${Array(MAX_TOKENS / 2 + 1).fill("1").join(",")}]\n}\n`);
    expect(lines).toEqual([`main.flow:1:1 FLW110 file too large: ${(MAX_TOKENS + 14).toLocaleString("en-US")} tokens, more than the 250,000 that flowc reads from one file`]);
  });

  it("an imported module that is too large poisons its names silently", () => {
    const dir = project({ "main.flow": 'import { Rec } from "./big.flow"\nflow f(r: Rec) -> Rec {\n  return r\n}\n' });
    writeFileSync(path.join(dir, "big.flow"), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    expect(located(checkProgram(["main.flow"], dir).diagnostics, dir)).toEqual([
      `big.flow:1:1 FLW110 file too large: 2,097,153 bytes, more than the 2,097,152 that flowc reads from one file`,
    ]);
  });
});

describe("names that are properties of Object.prototype", () => {
  const NAMES = ["constructor", "toString", "__proto__", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString"];

  it("are unknown names, types, fields, settings and options, never FLW900", () => {
    for (const name of NAMES) {
      const text = [
        `type T { a: ${name} }`,
        `model m = "gpt" { ${name}: 1 }`,
        `worker w(d: T) -> T {`,
        `  instructions: "x {{d.${name}}}"`,
        `  ${name}: 1`,
        `  model: ${name}`,
        `}`,
        `flow f(d: T) -> int {`,
        `  let a = d.${name}`,
        `  let b = map x in [1] (${name}: 2) => x`,
        `  let c = reduce [d] with ${name}`,
        `  let e = ${name}(1)`,
        `  return ${name}`,
        `}`,
      ].join("\n");
      const { diagnostics } = checkText(text);
      expect(codes(diagnostics), name).not.toContain("FLW900");
      expect(codes(diagnostics).length, name).toBeGreaterThanOrEqual(9);
    }
  });

  it("are names of declarations, parameters, fields and variables like any other, except `__proto__`", () => {
    const text = (name: string) =>
      [
        `type ${name}_r { ${name}: string }`,
        `enum E { ${name} }`,
        `worker ${name}(${name}: ${name}_r) -> string {`,
        `  instructions: "x {{${name}.${name}}}"`,
        `}`,
        `flow ${name}_f(p: ${name}_r) -> string {`,
        `  let ${name}_v = { ${name}: p.${name} }`,
        `  let s = ${name}(${name}: ${name}_v)`,
        `  let e = E.${name}`,
        `  return s`,
        `}`,
      ].join("\n");
    for (const name of NAMES.filter((n) => n !== "__proto__")) expect(codes(checkText(text(name)).diagnostics), name).toEqual([]);
    const proto = checkText(text("__proto__"));
    expect(located(proto.diagnostics, proto.dir)).toEqual([
      "main.flow:1:20 FLW217 `__proto__` cannot be used as a name: JavaScript objects take `__proto__` for their prototype, not for a field",
      "main.flow:3:8 FLW217 `__proto__` cannot be used as a name: JavaScript objects take `__proto__` for their prototype, not for a field",
      "main.flow:3:18 FLW217 `__proto__` cannot be used as a name: JavaScript objects take `__proto__` for their prototype, not for a field",
      "main.flow:7:23 FLW217 `__proto__` cannot be used as a name: JavaScript objects take `__proto__` for their prototype, not for a field",
    ]);
  });
});

describe("invalid UTF-8 is FLW109 at the first invalid byte", () => {
  it("inside a string, with the count of invalid sequences", () => {
    const bytes = Buffer.concat([Buffer.from('model m = "café "\nmodel n = "ab'), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from('x"\n')]);
    const { lines, diagnostics, sources, dir } = checkSource(bytes);
    expect(lines).toEqual(["main.flow:2:14 FLW109 invalid UTF-8: byte 0xFF is not part of a UTF-8 character"]);
    expect(diagnostics[0]!.hint).toBe("save the file as UTF-8; this is the first of 2 invalid byte sequences");
    // The code frame shows a replacement character where the bytes were.
    expect(sources.get(path.join(dir, "main.flow"))).toBe('model m = "café "\nmodel n = "ab\ufffd\ufffdx"\n');
  });

  it("finds the decoder's maximal subparts", () => {
    const seqs = (bytes: number[]) => invalidSequences(Uint8Array.from(bytes));
    expect(seqs([0x61, 0xe2, 0x82, 0xac, 0x62])).toEqual([]); // €
    expect(seqs([0xf0, 0x9f, 0xa6, 0x84])).toEqual([]); // 🦄
    expect(seqs([0xe2, 0x82, 0x61])).toEqual([{ at: 0, length: 2 }]);
    expect(seqs([0xc0, 0x80])).toEqual([{ at: 0, length: 1 }, { at: 1, length: 1 }]);
    expect(seqs([0xed, 0xa0, 0x80])).toEqual([{ at: 0, length: 1 }, { at: 1, length: 1 }, { at: 2, length: 1 }]); // a surrogate
    expect(seqs([0xf4, 0x90, 0x80, 0x80])).toHaveLength(4); // above U+10FFFF
    expect(seqs([0xf0, 0x9f, 0xa6])).toEqual([{ at: 0, length: 3 }]);
  });

  it("a byte-order mark is kept, as before", () => {
    expect(checkSource(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('model m = "x"\n')])).lines).toEqual([]);
  });
});

describe("code frames print no control characters", () => {
  it("shows ESC, BEL, NUL, DEL and bidi overrides as visible characters", () => {
    const { diagnostics, sources } = checkSource('model m = "a" { t: 1 }\nflow f() -> string {\n  return \x1b[31m\x07\x00\x7f "\u202e"\n}\n');
    const text = renderDiagnostics(diagnostics, sources, { format: "text", color: false, cwd: "/" });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(text).toContain('   return ␛[31m␇␀␡ "\\u{202E}"');
    // The caret lines up with the escaped line.
    const lines = text.split("\n");
    const frame = lines.findIndex((l) => l.includes("FLW103"));
    expect(lines[frame + 2]).toContain("return ␛[31m");
    expect(lines[frame + 3]!.indexOf("^")).toBe(lines[frame + 2]!.indexOf("␛"));
  });
});
