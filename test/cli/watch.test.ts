// `flowc build --watch`: a real child process in a temp project, edited while
// it runs. Waits are bounded polls (of the generated file, of stderr), never
// timed assertions.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_TOOL, BROKEN_FLOW, GREET_FLOW, TOOL_FLOW } from "./fixtures.ts";
import { BIN, cleanEnv, flowc, makeProject } from "./helpers.ts";

const WAIT_MS = 20_000;

/** Polls `check` every 20 ms until it returns true; fails with `what` after WAIT_MS. */
async function waitFor(what: string, check: () => boolean, detail: () => string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr so far:\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Writes a file in one step, as many editors do (a slow machine could otherwise split a write across two rebuilds). */
function save(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

describe("flowc build --watch", () => {
  let project: { dir: string; cleanup: () => void };
  let child: ChildProcess | undefined;
  let stderr = "";
  const at = (...parts: string[]) => path.join(project.dir, ...parts);
  /** The number of lines of stderr that are a build's line. */
  const builds = () => stderr.split("\n").filter((line) => /^(re)?built in \d+ ms: /.test(line)).length;
  const waitForBuild = async (n: number) => waitFor(`build line ${n}`, () => builds() >= n, () => stderr);

  beforeAll(() => {
    project = makeProject({
      "flowc.config.json": '{ "sources": ["flows"], "out": "gen" }\n',
      "flows/greet.flow": GREET_FLOW,
      "flows/sum.flow": TOOL_FLOW.replace('"./tools/add.ts"', '"../tools/add.ts"'),
      "tools/add.ts": ADD_TOOL,
    });
  });
  afterAll(() => {
    child?.kill("SIGKILL");
    project.cleanup();
  });

  it("rebuilds on every change, prints diagnostics and goes on, and exits 0 on SIGTERM", { timeout: 120_000 }, async () => {
    child = spawn(process.execPath, [BIN, "build", "--watch"], { cwd: project.dir, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child!.on("exit", (code, signal) => resolve({ code, signal })),
    );

    // The first build, then the watch.
    await waitFor("the watch to start", () => stderr.includes("watching for changes"), () => stderr);
    expect(stderr).toMatch(/^built in \d+ ms: wrote gen\/flows\/greet\.ts, gen\/flows\/sum\.ts\nwatching for changes; press Ctrl-C to stop\n$/);
    const generated = at("gen", "flows", "greet.ts");
    expect(readFileSync(generated, "utf8")).toContain("warmly");

    // An edit: the generated file follows.
    save(at("flows", "greet.flow"), GREET_FLOW.replace("warmly", "briefly"));
    await waitFor("the regenerated file", () => readFileSync(generated, "utf8").includes("briefly"), () => stderr);
    await waitForBuild(2);
    expect(stderr.split("\n").at(-2)).toMatch(/^rebuilt in \d+ ms: wrote gen\/flows\/greet\.ts$/);

    // An error: the diagnostic on stderr, nothing written, the watch goes on.
    save(at("flows", "greet.flow"), BROKEN_FLOW);
    await waitForBuild(3);
    expect(stderr).toContain("flows/greet.flow:17:46 error FLW203: unknown name `gret`");
    expect(stderr.split("\n").at(-2)).toMatch(/^rebuilt in \d+ ms: 1 error, 0 warnings; nothing written$/);
    expect(readFileSync(generated, "utf8")).toContain("briefly");

    // Fixed again, and a new .flow file in a new folder.
    save(at("flows", "greet.flow"), GREET_FLOW);
    await waitFor("the fixed file", () => readFileSync(generated, "utf8").includes("warmly"), () => stderr);
    await waitForBuild(4);
    mkdirSync(at("flows", "more"));
    save(at("flows", "more", "hello.flow"), GREET_FLOW);
    await waitFor("the new module", () => existsSync(at("gen", "flows", "more", "hello.ts")), () => stderr);
    await waitForBuild(5);

    // A tool file the plan names is watched too: it no longer matches its declaration.
    save(at("tools", "add.ts"), ADD_TOOL.replace("): number {", "): string {").replace("return input.a + input.b;", 'return "";'));
    await waitFor("the tool error", () => stderr.includes("error FLW451"), () => stderr);
    await waitForBuild(6);

    child.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stdout).toBe("");
    expect(stderr).not.toContain("internal error");
  });

  it("--watch with --check or --json is a usage error", async () => {
    expect(await flowc(["build", "--watch", "--check"], { cwd: project.dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --watch cannot be used with --check\nhelp: --watch rebuilds until Ctrl-C; run 'flowc build --check' once in CI\n",
    });
  });
});
