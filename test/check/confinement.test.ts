// Issue #16, row 8: a tool file must resolve, symlinks followed, inside the
// project root of the `.flow` file that names it (FLW225); `allowToolsOutside`
// in flowc.config.json allows more folders.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/check/index.ts";
import { compile } from "../../compiler/index.ts";
import { findProjectRoot } from "../../compiler/project-root.ts";

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), "flowc-confine-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

const TOOL = 'export function peek(input: { x: string }): string {\n  return "secret";\n}\n';

/** app/ is the project (package.json); outside/ is beside it. */
function project(from: string, files: Record<string, string> = {}): void {
  write("app/package.json", "{}\n");
  write("app/main.flow", `tool peek(x: string) -> string from ${JSON.stringify(from)}\n`);
  write("outside/evil.ts", TOOL);
  for (const [name, text] of Object.entries(files)) write(name, text);
}

/** The diagnostics of app/main.flow, checked from app/ (paths in messages are relative to it). */
function diagnostics() {
  return checkProgram(["main.flow"], path.join(dir, "app")).diagnostics.map(({ code, message, hint, span }) => ({
    code,
    message,
    hint,
    at: `${span.start.line}:${span.start.column}-${span.end.column}`,
  }));
}

describe("tool files outside the project root (FLW225)", () => {
  it("rejects a `../` path out of the project, at the `from` string", () => {
    project("../outside/evil.ts");
    expect(diagnostics()).toEqual([
      {
        code: "FLW225",
        message: `tool file "../outside/evil.ts" resolves to \`${dir}/outside/evil.ts\`, outside the project root \`.\``,
        hint: 'move the file into the project, or create `flowc.config.json` with { "allowToolsOutside": ["../outside"] }',
        at: "1:37-57",
      },
    ]);
  });

  it("rejects a symlinked tool file that points out of the project", () => {
    project("./tools/evil.ts");
    mkdirSync(path.join(dir, "app/tools"));
    symlinkSync(path.join(dir, "outside/evil.ts"), path.join(dir, "app/tools/evil.ts"));
    expect(diagnostics()).toEqual([
      {
        code: "FLW225",
        message: `tool file "./tools/evil.ts" resolves to \`${dir}/outside/evil.ts\`, outside the project root \`.\``,
        hint: 'move the file into the project, or create `flowc.config.json` with { "allowToolsOutside": ["../outside"] }',
        at: "1:37-54",
      },
    ]);
  });

  it("rejects a tool in a symlinked folder that points out of the project", () => {
    project("./tools/evil.ts");
    symlinkSync(path.join(dir, "outside"), path.join(dir, "app/tools"));
    expect(diagnostics().map((d) => [d.code, d.message])).toEqual([
      ["FLW225", `tool file "./tools/evil.ts" resolves to \`${dir}/outside/evil.ts\`, outside the project root \`.\``],
    ]);
  });

  it("accepts tools inside the root, through symlinks that stay inside too", () => {
    project("./tools/peek.ts", { "app/lib/peek.ts": TOOL });
    symlinkSync(path.join(dir, "app/lib"), path.join(dir, "app/tools"));
    expect(diagnostics()).toEqual([]);
  });

  it("takes the nearest project file: a .flow file deeper in the project reaches up to its root", () => {
    write("app/package.json", "{}\n");
    write("app/flows/main.flow", 'tool peek(x: string) -> string from "../tools/peek.ts"\n');
    write("app/tools/peek.ts", TOOL);
    expect(checkProgram(["flows/main.flow"], path.join(dir, "app")).diagnostics).toEqual([]);
  });

  it("allows the folders listed in flowc.config.json's allowToolsOutside (relative to it), and no others", () => {
    project("../outside/evil.ts", {
      "app/flowc.config.json": '{ "sources": ["."], "allowToolsOutside": ["../outside"] }\n',
    });
    expect(diagnostics()).toEqual([]);
    write("app/flowc.config.json", '{ "allowToolsOutside": ["../elsewhere"] }\n');
    expect(diagnostics()).toEqual([
      {
        code: "FLW225",
        message: `tool file "../outside/evil.ts" resolves to \`${dir}/outside/evil.ts\`, outside the project root \`.\``,
        hint: 'move the file into the project, or list its folder in `flowc.config.json`: "allowToolsOutside": ["../outside"]',
        at: "1:37-57",
      },
    ]);
  });

  it("without any project file above it, the .flow file's own folder is the root", () => {
    write("flows/main.flow", 'tool peek(x: string) -> string from "../tools/peek.ts"\n');
    write("tools/peek.ts", TOOL);
    // The temp folder has no package.json above it; the test checks that rather than assume it.
    expect(findProjectRoot(path.join(dir, "flows"))).toEqual({ dir: path.join(dir, "flows"), realDir: path.join(dir, "flows"), allowedOutside: [] });
    expect(checkProgram(["flows/main.flow"], dir).diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([
      [
        "FLW225",
        'tool file "../tools/peek.ts" resolves to `tools/peek.ts`, outside the project root `flows`',
        "no `flowc.config.json` or `package.json` is above the .flow file, so its own folder is the root: create `flowc.config.json` (`{}` will do) in a folder that holds both, like `.`, or move the file into the project",
      ],
    ]);
  });

  it("stops the build: nothing is generated, so nothing runs", async () => {
    project("../outside/evil.ts");
    const app = path.join(dir, "app");
    const result = await compile([path.join(app, "main.flow")], { rootDir: app, outDir: path.join(app, "out"), cacheDir: false });
    expect([result.ok, result.diagnostics.map((d) => d.code), result.files]).toEqual([false, ["FLW225"], []]);
  });
});
