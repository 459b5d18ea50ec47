// `flowc check` and `flowc build` on small projects in .tmp/.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_TOOL, BROKEN_FLOW, GREET_FLOW, TOOL_FLOW } from "./fixtures.ts";
import { flowc, makeProject } from "./helpers.ts";

describe("flowc check", () => {
  let project: { dir: string; cleanup: () => void };
  beforeAll(() => {
    project = makeProject({
      "ok/greet.flow": GREET_FLOW,
      "broken/greet.flow": BROKEN_FLOW,
      "ok/node_modules/dep/ignored.flow": "this is not even flow syntax",
      "ok/generated/ignored.flow": "neither is this",
    });
  });
  afterAll(() => project.cleanup());

  it("a folder of valid files: exit 0, a summary on stderr, nothing on stdout", async () => {
    expect(await flowc(["check", "ok"], { cwd: project.dir })).toEqual({
      code: 0,
      stdout: "",
      stderr: "1 file checked: 0 errors, 0 warnings\n",
    });
  });

  it("the default path is the current folder", async () => {
    expect(await flowc(["check"], { cwd: path.join(project.dir, "ok") })).toEqual({
      code: 0,
      stdout: "",
      stderr: "1 file checked: 0 errors, 0 warnings\n",
    });
  });

  it("errors: rendered diagnostics with a code frame and a hint, then the summary; exit 1", async () => {
    expect(await flowc(["check", "broken/greet.flow"], { cwd: project.dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "broken/greet.flow:17:46 error FLW203: unknown name `gret`",
        "   |",
        "17 |   return map p in people (concurrency: 2) => gret(person: p)",
        "   |                                              ^^^^",
        "   = help: did you mean `greet`?",
        "1 file checked: 1 error, 0 warnings",
        "",
      ].join("\n"),
    });
  });

  it("--format json: machine-readable diagnostics on stdout", async () => {
    const result = await flowc(["check", "broken", "--format", "json"], { cwd: project.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("1 file checked: 1 error, 0 warnings\n");
    expect(JSON.parse(result.stdout)).toEqual({
      files: ["broken/greet.flow"],
      errors: 1,
      warnings: 0,
      diagnostics: [
        {
          file: "broken/greet.flow",
          line: 17,
          column: 46,
          endLine: 17,
          endColumn: 50,
          severity: "error",
          code: "FLW203",
          message: "unknown name `gret`",
          hint: "did you mean `greet`?",
          related: [],
        },
      ],
    });
  });

  it("checks tool files against their declarations (FLW451); --no-tools skips that", async () => {
    const tools = makeProject({
      "sum.flow": TOOL_FLOW,
      "tools/add.ts": ADD_TOOL.replace("): number {", "): string {").replace("return input.a + input.b;", "return String(input.a + input.b);"),
    });
    try {
      const result = await flowc(["check"], { cwd: tools.dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^sum\.flow:2:1 error FLW451: tool `add` in "\.\/tools\/add\.ts" does not match its declaration/);
      expect(result.stderr.endsWith("1 file checked: 1 error, 0 warnings\n")).toBe(true);
      expect(await flowc(["check", "--no-tools"], { cwd: tools.dir })).toEqual({
        code: 0,
        stdout: "",
        stderr: "1 file checked: 0 errors, 0 warnings\n",
      });
    } finally {
      tools.cleanup();
    }
  });

  it("an unknown --format is a usage error", async () => {
    expect(await flowc(["check", "ok", "--format", "xml"], { cwd: project.dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown format 'xml'\nhelp: use --format text or --format json\n",
    });
  });

  it("colours only when allowed: FORCE_COLOR turns them on, NO_COLOR always wins", async () => {
    const coloured = await flowc(["check", "broken"], { cwd: project.dir, env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(coloured.code).toBe(1);
    expect(coloured.stderr).toContain("\u001b[");
    const plain = await flowc(["check", "broken"], { cwd: project.dir, env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(plain.code).toBe(1);
    expect(plain.stderr).not.toContain("\u001b[");
    // Same text once the colours are stripped.
    expect(coloured.stderr.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain.stderr);
  });
});

describe("flowc build", () => {
  let project: { dir: string; cleanup: () => void };
  beforeAll(() => {
    project = makeProject({ "app/greet.flow": GREET_FLOW });
  });
  afterAll(() => project.cleanup());

  it("writes the generated module, then a second build writes nothing", async () => {
    const first = await flowc(["build", "app"], { cwd: project.dir });
    expect(first).toEqual({ code: 0, stdout: "wrote generated/app/greet.ts\n", stderr: "1 file written, 0 unchanged\n" });
    const text = readFileSync(path.join(project.dir, "generated/app/greet.ts"), "utf8");
    expect(text.split("\n")[0]).toBe("// Generated by flowc from app/greet.flow. Do not edit.");

    const second = await flowc(["build", "app"], { cwd: project.dir });
    expect(second).toEqual({ code: 0, stdout: "", stderr: "0 files written, 1 unchanged\n" });
  });

  it("--check: up to date exits 0", async () => {
    expect(await flowc(["build", "app", "--check"], { cwd: project.dir })).toEqual({
      code: 0,
      stdout: "",
      stderr: "1 generated file up to date\n",
    });
  });

  it("--check: a stale file is listed, nothing is written, exit 1", async () => {
    const source = path.join(project.dir, "app/greet.flow");
    writeFileSync(source, GREET_FLOW.replace("warmly", "briefly"));
    const generated = path.join(project.dir, "generated/app/greet.ts");
    const before = readFileSync(generated, "utf8");
    expect(await flowc(["build", "app", "--check"], { cwd: project.dir })).toEqual({
      code: 1,
      stdout: "stale generated/app/greet.ts\n",
      stderr: "error: 1 generated file out of date or missing\nhelp: run 'flowc build app' and commit the result\n",
    });
    expect(readFileSync(generated, "utf8")).toBe(before);
  });

  it("--out and --json", async () => {
    const result = await flowc(["build", "app", "--out", "gen2", "--json"], { cwd: project.dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ written: ["gen2/app/greet.ts"], unchanged: [], stale: [], refused: [] });
    expect(result.stderr).toBe("1 file written, 0 unchanged\n");
  });

  it("refuses to overwrite a file flowc did not generate", async () => {
    writeFileSync(path.join(project.dir, "generated/app/greet.ts"), "// my own code\n");
    expect(await flowc(["build", "app"], { cwd: project.dir })).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "refused generated/app/greet.ts\n" +
        "error: refusing to overwrite 1 file that flowc did not generate\n" +
        "help: the first line of a generated file names its source; move the file away or choose another --out\n",
    });
  });

  it("diagnostics stop the build: exit 1, nothing written", async () => {
    const broken = makeProject({ "bad.flow": BROKEN_FLOW });
    try {
      const result = await flowc(["build"], { cwd: broken.dir });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("gret");
      expect(result.stderr).toContain("1 error, 0 warnings\nerror: could not compile: fix the errors above\n");
    } finally {
      broken.cleanup();
    }
  });
});
