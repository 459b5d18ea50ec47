// The command line itself: help, version, usage errors and exit codes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { flowc, ROOT } from "./helpers.ts";

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("flowc --version and --help", () => {
  it("prints the version from package.json", async () => {
    expect(await flowc(["--version"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    expect(await flowc(["-V"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("lists every command with examples and exit codes", async () => {
    const result = await flowc(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Usage: flowc \[options\] \[command\]\n/);
    for (const command of ["check", "build", "run", "trace", "fmt", "graph", "diff"]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(result.stdout).toContain("Exit codes: 0 ok, 1 diagnostics or a failed run, 2 usage error (diff --exit-code: 3 changes, 4 breaking).");
  });

  it.each([
    ["check", "Usage: flowc check [options] [paths...]"],
    ["build", "Usage: flowc build [options] [paths...]"],
    ["run", "Usage: flowc run [options] <file> <flow>"],
    ["trace", "Usage: flowc trace [options] <file>"],
  ])("flowc %s --help has a usage line, a description and examples", async (command, usage) => {
    const result = await flowc([command, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toBe(usage);
    expect(result.stdout).toContain("Examples:\n  $ flowc ");
  });

  it("`flowc help run` is the same as `flowc run --help`", async () => {
    const a = await flowc(["help", "run"]);
    const b = await flowc(["run", "--help"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe("usage errors exit 2 without a stack trace", () => {
  it("no command: help on stderr", async () => {
    const result = await flowc([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Usage: flowc \[options\] \[command\]/);
  });

  it("unknown command, with a suggestion", async () => {
    expect(await flowc(["chek"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command 'chek'\n(Did you mean check?)\nhelp: see 'flowc --help'\n",
    });
  });

  it("unknown option", async () => {
    expect(await flowc(["check", "--frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown option '--frobnicate'\nhelp: see 'flowc check --help'\n",
    });
  });

  it("missing argument", async () => {
    expect(await flowc(["run"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: missing required argument 'file'\nhelp: see 'flowc run --help'\n",
    });
  });

  it("a bad option value", async () => {
    expect(await flowc(["run", "app.flow", "main", "--max-calls", "many"])).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: option '--max-calls <n>' argument 'many' is invalid. expected a positive whole number\n" +
        "help: see 'flowc run --help'\n",
    });
  });

  it("a path that does not exist", async () => {
    expect(await flowc(["check", "no/such/dir"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: no such file or folder: no/such/dir\nhelp: pass .flow files or folders that contain them\n",
    });
  });

  it("a file that is not a .flow file", async () => {
    expect(await flowc(["check", "package.json"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: not a .flow file: package.json\nhelp: flowc reads .flow files (or folders that contain them)\n",
    });
  });

  it("flowc trace of a missing file", async () => {
    expect(await flowc(["trace", "no-such-trace.jsonl"])).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: cannot read the trace no-such-trace.jsonl\n" +
        "help: write one with: flowc run FILE FLOW --trace out/trace.jsonl\n",
    });
  });
});
