// The CLI's pure helpers, without a child process.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { colorEnabled, formatDuration, formatInt, formatUsd } from "../../cli/output.ts";
import { displayPath, expandFlowPaths, rootDirFor } from "../../cli/paths.ts";
import { readInput } from "../../cli/run-input.ts";
import { findJsonError } from "../../cli/run-json.ts";
import { makeProject } from "./helpers.ts";

describe("expandFlowPaths", () => {
  const project = makeProject({
    "b.flow": "",
    "a/z.flow": "",
    "a/b/c.flow": "",
    "a/notes.txt": "",
    "node_modules/x/skip.flow": "",
    "generated/skip.flow": "",
    ".hidden/skip.flow": "",
    "out/skip.flow": "",
  });
  afterAll(() => project.cleanup());
  const rel = (files: string[]) => files.map((f) => displayPath(f, project.dir));

  it("expands folders to sorted .flow files, skipping node_modules, generated and hidden folders", () => {
    expect(rel(expandFlowPaths(["."], { cwd: project.dir }))).toEqual(["a/b/c.flow", "a/z.flow", "b.flow", "out/skip.flow"]);
  });

  it("skips the output folder it is told about, and removes duplicates", () => {
    expect(rel(expandFlowPaths(["a", "a/z.flow", "b.flow"], { cwd: project.dir, skip: ["out"] }))).toEqual([
      "a/b/c.flow",
      "a/z.flow",
      "b.flow",
    ]);
  });

  it("defaults to the current folder", () => {
    expect(expandFlowPaths([], { cwd: path.join(project.dir, "a") }).length).toBe(2);
  });

  it("rejects missing paths, non-.flow files and folders without .flow files (usage errors)", () => {
    expect(() => expandFlowPaths(["nope"], { cwd: project.dir })).toThrow("no such file or folder: nope");
    expect(() => expandFlowPaths(["a/notes.txt"], { cwd: project.dir })).toThrow("not a .flow file: a/notes.txt");
    mkdirSync(path.join(project.dir, "empty"));
    expect(() => expandFlowPaths(["empty"], { cwd: project.dir })).toThrow("no .flow files under empty");
  });
});

describe("rootDirFor", () => {
  it("is the project root when every file is inside it, else the files' common folder", () => {
    expect(rootDirFor(["/p/a.flow", "/p/x/b.flow"], { root: "/p" })).toBe("/p");
    expect(rootDirFor(["/q/x/a.flow", "/q/y/b.flow"], { root: "/p" })).toBe("/q");
    expect(rootDirFor(["/q/x/a.flow"], { root: "/p" })).toBe("/q/x");
  });
});

describe("--input parsing", () => {
  it.each([
    ['{"a": }', 'unexpected "}" (expected a value)', 6],
    ['{"a": 1,}', "trailing comma before '}'", 8],
    ['{"a": 1', "unexpected end of input (expected ',' or '}')", 7],
    ["{'a': 1}", "unexpected \"'\" (expected a property name in double quotes)", 1],
    ["", "unexpected end of input (expected a value)", 0],
    ["[1 2]", "unexpected \"2\" (expected ',' or ']')", 3],
    ['{"a": tru}', 'unexpected "}" (expected true)', 9],
    ['{"a": "x\ny"}', "control character in a string (write \\n for a newline)", 8],
    ["{} {}", 'unexpected "{" after the end of the value', 3],
  ])("finds the error in %j", (text, message, offset) => {
    expect(findJsonError(text)).toEqual({ message, offset });
  });

  it("reads @file input and reports errors at file:line:column", () => {
    const project = makeProject({ "in.json": '{\n  "a": [1, 2,]\n}\n', "ok.json": '{"a": [1]}' });
    try {
      expect(readInput("@ok.json", project.dir)).toEqual({ name: "ok.json", value: { a: [1] } });
      expect(() => readInput("@in.json", project.dir)).toThrow("in.json is not valid JSON: trailing comma before ']' at in.json:2:14");
      expect(() => readInput("@missing.json", project.dir)).toThrow("cannot read the input file missing.json");
    } finally {
      project.cleanup();
    }
  });
});

describe("output helpers", () => {
  it("colours: a TTY without NO_COLOR; NO_COLOR always wins; FORCE_COLOR forces", () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });

  it("formats numbers the same in every locale", () => {
    expect(formatInt(1234567)).toBe("1,234,567");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(0.0016)).toBe("$0.0016");
    expect(formatUsd(0.0000288)).toBe("$0.000029");
    expect(formatUsd(0.2234)).toBe("$0.22");
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(1234)).toBe("1.2s");
    expect(formatDuration(125_000)).toBe("2m 05s");
  });
});
