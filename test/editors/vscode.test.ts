// The VS Code extension (editors/vscode): which flowc it starts, that its
// source type-checks against the VS Code API, and that package.sh builds a
// .vsix offline with the grammar, the language configuration and the
// bundled client in it.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { serverCommand } from "../../editors/vscode/src/server-path.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const EXTENSION = path.join(ROOT, "editors", "vscode");

describe("the server the extension starts", () => {
  test("the setting, relative to the first workspace folder when it is a path", () => {
    expect(serverCommand("/opt/flowc/bin/flowc.js", ["/work/app"], "linux")).toEqual({ command: "/opt/flowc/bin/flowc.js", shell: false });
    expect(serverCommand("tools/flowc", ["/work/app"], "linux")).toEqual({ command: path.join("/work/app", "tools/flowc"), shell: false });
    expect(serverCommand("flowc-nightly", ["/work/app"], "linux")).toEqual({ command: "flowc-nightly", shell: false });
  });

  test("else the workspace's node_modules/.bin/flowc, else flowc on the PATH", () => {
    const app = mkdtempSync(path.join(os.tmpdir(), "flowc-vscode-"));
    try {
      expect(serverCommand("", [app], "linux")).toEqual({ command: "flowc", shell: false });
      mkdirSync(path.join(app, "node_modules", ".bin"), { recursive: true });
      writeFileSync(path.join(app, "node_modules", ".bin", "flowc"), "#!/bin/sh\n");
      chmodSync(path.join(app, "node_modules", ".bin", "flowc"), 0o755);
      expect(serverCommand(undefined, ["/nowhere", app], "linux")).toEqual({ command: path.join(app, "node_modules", ".bin", "flowc"), shell: false });
      expect(serverCommand("", [], "win32")).toEqual({ command: "flowc.cmd", shell: true });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});

describe("the extension package", () => {
  test("its source type-checks against @types/vscode and vscode-languageclient", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules", ".bin", "tsc"), "-p", path.join(EXTENSION, "tsconfig.json")], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("package.sh makes a .vsix with vsce, offline", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "flowc-vsix-"));
    try {
      const run = spawnSync("sh", [path.join(EXTENSION, "package.sh"), "--out", out], { encoding: "utf8" });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      const vsix = readFileSync(path.join(out, "flowc-vscode-0.1.0.vsix"));
      // A zip's central directory holds each name as it is.
      const names = ["extension/package.json", "extension/dist/extension.js", "extension/syntaxes/flow.tmLanguage.json", "extension/language-configuration.json", "extension/readme.md"];
      expect(names.filter((n) => !vsix.includes(n))).toEqual([]);
      expect(["extension/src/", "extension/node_modules/", "extension/package.sh"].filter((n) => vsix.includes(n))).toEqual([]);
      // The grammar in the package is the one tested in grammar.test.ts.
      expect(readFileSync(path.join(EXTENSION, "syntaxes", "flow.tmLanguage.json"), "utf8")).toBe(readFileSync(path.join(ROOT, "editors", "textmate", "flow.tmLanguage.json"), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
