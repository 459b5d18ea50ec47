// The project file (flowc.config.json or "flowc" in package.json): discovery,
// validation, and what build, check and run take from it.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProject, sourceFiles } from "../../cli/project.ts";
import { ADD_TOOL, GREET_FLOW } from "./fixtures.ts";
import { flowc, makeProject } from "./helpers.ts";

const SUM_FLOW = `/// Adds two numbers in code.
tool add(a: int, b: int) -> int from "../../tools/add.ts"

flow sum(a: int, b: int) -> int {
  return add(a: a, b: b)
}
`;

/** Every file under `dir`, by path relative to it, with its bytes. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

describe("findProject", () => {
  let project: { dir: string; cleanup: () => void };
  beforeAll(() => {
    project = makeProject({
      "config/flowc.config.json": '{ "sources": ["flows", "one.flow"], "out": "gen", "importExtension": "" }\n',
      "config/deep/er/.keep": "",
      "pkg/package.json": '{ "name": "app", "flowc": { "out": "build/flows" } }\n',
      "pkg/sub/.keep": "",
      "both/flowc.config.json": '{ "out": "from-config" }\n',
      "both/package.json": '{ "flowc": { "out": "from-package" } }\n',
      "plain/package.json": '{ "name": "no-flowc-here" }\n',
    });
  });
  afterAll(() => project.cleanup());
  const at = (...parts: string[]) => path.join(project.dir, ...parts);

  it("reads flowc.config.json from the working folder or any folder above it; paths are relative to the file's folder", () => {
    const expected = {
      root: at("config"),
      file: at("config", "flowc.config.json"),
      sources: [at("config", "flows"), at("config", "one.flow")],
      out: at("config", "gen"),
      importExtension: "",
      executor: "in-process",
    };
    expect(findProject(at("config"))).toEqual(expected);
    expect(findProject(at("config", "deep", "er"))).toEqual(expected);
  });

  it('reads the "flowc" field of package.json, with defaults for what it leaves out', () => {
    expect(findProject(at("pkg", "sub"))).toEqual({
      root: at("pkg"),
      file: at("pkg", "package.json"),
      sources: [at("pkg")],
      out: at("pkg", "build", "flows"),
      importExtension: ".js",
      executor: "in-process",
    });
  });

  it("flowc.config.json wins over package.json in the same folder", () => {
    expect(findProject(at("both")).out).toBe(at("both", "from-config"));
  });

  it('without a project file (a package.json without "flowc" does not count): the working folder and the defaults', () => {
    expect(findProject(at("plain"))).toEqual({
      root: at("plain"),
      sources: [at("plain")],
      out: at("plain", "generated"),
      importExtension: ".js",
      executor: "in-process",
    });
  });
});

describe("project file errors name the file, the key and what is allowed (exit 2)", () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      "an unknown key",
      { "flowc.config.json": '{ "sources": ["."], "outDir": "gen" }' },
      'error: flowc.config.json: unknown key "outDir"\n' +
        'help: the keys are "sources" (files or folders of .flow files), "out" (the output folder), "importExtension" (".js", ".ts" or ""), "allowToolsOutside" (folders outside the project whose tool files may be used), "executor" (where flowc run runs flows: "in-process" or "dbos")\n',
    ],
    [
      "an executor flowc does not have",
      { "flowc.config.json": '{ "executor": "celery" }' },
      'error: flowc.config.json: "executor" must be "in-process" or "dbos", not "celery"\nhelp: for example: "executor": "dbos"\n',
    ],
    [
      "allowToolsOutside that is not a list of folders",
      { "flowc.config.json": '{ "allowToolsOutside": "../shared" }' },
      'error: flowc.config.json: "allowToolsOutside" must be an array of folder paths, not a string\nhelp: for example: "allowToolsOutside": ["../shared-tools"]\n',
    ],
    [
      "sources that is not an array",
      { "flowc.config.json": '{ "sources": "flows" }' },
      'error: flowc.config.json: "sources" must be an array of paths, not a string\nhelp: for example: "sources": ["flows"]\n',
    ],
    [
      "a source that is not a string",
      { "flowc.config.json": '{ "sources": ["flows", 3] }' },
      'error: flowc.config.json: "sources"[1] must be a path (a string), not a number\nhelp: for example: "sources": ["flows"]\n',
    ],
    [
      "empty sources",
      { "flowc.config.json": '{ "sources": [] }' },
      'error: flowc.config.json: "sources" must name at least one file or folder\nhelp: for example: "sources": ["flows"]\n',
    ],
    [
      "out that is null",
      { "flowc.config.json": '{ "out": null }' },
      'error: flowc.config.json: "out" must be a path (a string), not null\nhelp: for example: "out": "generated"\n',
    ],
    [
      "an import extension flowc does not write",
      { "flowc.config.json": '{ "importExtension": ".mjs" }' },
      'error: flowc.config.json: "importExtension" must be ".js", ".ts" or "", not ".mjs"\n' +
        'help: ".js" for tsc (module NodeNext), tsx, esbuild, vite and vitest; ".ts" with allowImportingTsExtensions (Deno, Bun); "" for bundlers\n',
    ],
    [
      "not an object",
      { "flowc.config.json": '["flows"]' },
      'error: flowc.config.json must hold a JSON object, not an array\nhelp: for example: { "sources": ["flows"], "out": "generated" }\n',
    ],
    [
      "a JSON syntax error: file:line:col",
      { "flowc.config.json": '{\n  "sources": ["flows"],\n  "out": "gen",\n}\n' },
      "error: flowc.config.json is not valid JSON: trailing comma before '}' at flowc.config.json:4:1\nhelp: fix the file, then run again\n",
    ],
    [
      'a wrong type in package.json\'s "flowc"',
      { "package.json": '{ "name": "app", "flowc": { "importExtension": true } }' },
      'error: package.json: "flowc.importExtension" must be ".js", ".ts" or "", not true\n' +
        'help: ".js" for tsc (module NodeNext), tsx, esbuild, vite and vitest; ".ts" with allowImportingTsExtensions (Deno, Bun); "" for bundlers\n',
    ],
    [
      'an unknown key in package.json\'s "flowc"',
      { "package.json": '{ "flowc": { "src": ["flows"] } }' },
      'error: package.json: unknown key "flowc.src"\n' +
        'help: the keys are "flowc.sources" (files or folders of .flow files), "flowc.out" (the output folder), "flowc.importExtension" (".js", ".ts" or ""), "flowc.allowToolsOutside" (folders outside the project whose tool files may be used), "flowc.executor" (where flowc run runs flows: "in-process" or "dbos")\n',
    ],
  ];

  it.each(cases)("%s", async (_name, files, stderr) => {
    const project = makeProject({ ...files, "app.flow": GREET_FLOW });
    try {
      expect(await flowc(["build"], { cwd: project.dir })).toEqual({ code: 2, stdout: "", stderr });
    } finally {
      project.cleanup();
    }
  });

  it("the file is named as seen from the working folder (absolute when it is above it)", () => {
    const project = makeProject({ "flowc.config.json": '{ "out": 1 }', "sub/.keep": "" });
    try {
      expect(() => findProject(path.join(project.dir, "sub"))).toThrow(
        `${path.join(project.dir, "flowc.config.json")}: "out" must be a path (a string), not a number`,
      );
    } finally {
      project.cleanup();
    }
  });

  it("a source that does not exist: the error says it comes from the project file", () => {
    const project = makeProject({ "flowc.config.json": '{ "sources": ["flows", "nope"] }', "flows/app.flow": GREET_FLOW });
    try {
      const found = findProject(project.dir);
      expect(() => sourceFiles([], found, project.dir)).toThrow('no such file or folder: nope (from "sources" in flowc.config.json)');
    } finally {
      project.cleanup();
    }
  });
});

describe("flowc build, check and run in a project", () => {
  let project: { dir: string; cleanup: () => void };
  beforeAll(() => {
    project = makeProject({
      "flowc.config.json": '{ "sources": ["flows"], "out": "gen", "importExtension": ".ts" }\n',
      "package.json": '{ "type": "module" }\n',
      "flows/greet.flow": GREET_FLOW,
      "flows/app/sum.flow": SUM_FLOW,
      "tools/add.ts": ADD_TOOL,
      "scratch/ignored.flow": "not flow syntax: outside the sources",
      "notes/.keep": "",
    });
  });
  afterAll(() => project.cleanup());
  const at = (...parts: string[]) => path.join(project.dir, ...parts);

  it("builds the sources into out, mirrored from the project root, with the project's import extension", async () => {
    expect(await flowc(["build"], { cwd: project.dir })).toEqual({
      code: 0,
      stdout: "wrote gen/flows/app/sum.ts\nwrote gen/flows/greet.ts\n",
      stderr: "2 files written, 0 unchanged\n",
    });
    const sum = readFileSync(at("gen", "flows", "app", "sum.ts"), "utf8");
    expect(sum.split("\n")[0]).toBe("// Generated by flowc from flows/app/sum.flow. Do not edit.");
    expect(sum).toContain('import * as tool_add from "../../../tools/add.ts";');
  });

  it("gives byte-identical output from any folder of the project", async () => {
    const fromRoot = readTree(at("gen"));
    for (const folder of [at("notes"), at("flows", "app")]) {
      rmSync(at("gen"), { recursive: true });
      const result = await flowc(["build"], { cwd: folder });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("2 files written, 0 unchanged\n");
      expect(readTree(at("gen"))).toEqual(fromRoot);
    }
  });

  it("--check says to run a plain 'flowc build'", async () => {
    writeFileSync(at("gen", "flows", "greet.ts"), readFileSync(at("gen", "flows", "greet.ts"), "utf8") + "// stale\n");
    expect(await flowc(["build", "--check"], { cwd: at("notes") })).toEqual({
      code: 1,
      stdout: `stale ${at("gen", "flows", "greet.ts")}\n`,
      stderr: "error: 1 generated file out of date or missing\nhelp: run 'flowc build' and commit the result\n",
    });
    expect((await flowc(["build"], { cwd: project.dir })).stdout).toBe("wrote gen/flows/greet.ts\n");
    // --out generated is not the default here: the hint keeps it.
    const other = await flowc(["build", "--check", "--out", "generated"], { cwd: project.dir });
    expect(other.code).toBe(1);
    expect(other.stderr.endsWith("help: run 'flowc build --out generated' and commit the result\n")).toBe(true);
  });

  it("paths and --out on the command line win, relative to the working folder", async () => {
    const result = await flowc(["build", "greet.flow", "--out", "../elsewhere"], { cwd: at("flows") });
    expect(result).toEqual({ code: 0, stdout: `wrote ${at("elsewhere", "flows", "greet.ts")}\n`, stderr: "1 file written, 0 unchanged\n" });
  });

  it("flowc check without paths checks the project's sources", async () => {
    expect(await flowc(["check"], { cwd: at("notes") })).toEqual({ code: 0, stdout: "", stderr: "2 files checked: 0 errors, 0 warnings\n" });
  });

  it("flowc run writes generated code into the project's out", async () => {
    rmSync(at("gen"), { recursive: true });
    const result = await flowc(["run", "app/sum.flow", "sum", "--input", '{"a": 2, "b": 3}'], { cwd: at("flows") });
    expect(result.stdout).toBe("5\n");
    expect(result.code).toBe(0);
    expect(readdirSync(at("gen", "flows", "app"))).toEqual(["sum.ts"]);
    expect(readFileSync(at("gen", "flows", "app", "sum.ts"), "utf8")).toContain('from "../../../tools/add.ts";');
  });

  it('a "flowc" field in package.json works the same way, and flowc.config.json beside it wins with a warning', async () => {
    const pkg = makeProject({
      "package.json": '{ "type": "module", "flowc": { "sources": ["flows"], "out": "out/ts" } }\n',
      "flows/greet.flow": GREET_FLOW,
    });
    try {
      mkdirSync(path.join(pkg.dir, "flows", "deeper"));
      expect(await flowc(["build"], { cwd: path.join(pkg.dir, "flows", "deeper") })).toEqual({
        code: 0,
        stdout: `wrote ${path.join(pkg.dir, "out", "ts", "flows", "greet.ts")}\n`,
        stderr: "1 file written, 0 unchanged\n",
      });
      writeFileSync(path.join(pkg.dir, "flowc.config.json"), '{ "sources": ["flows"], "out": "gen" }\n');
      expect(await flowc(["build"], { cwd: pkg.dir })).toEqual({
        code: 0,
        stdout: "wrote gen/flows/greet.ts\n",
        stderr: 'warning: package.json: the "flowc" field is ignored: flowc.config.json in the same folder wins\n1 file written, 0 unchanged\n',
      });
    } finally {
      pkg.cleanup();
    }
  });
});
