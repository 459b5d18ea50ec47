// The TextMate grammar (editors/textmate/flow.tmLanguage.json), tested with
// vscode-tmgrammar-test: scope assertions on every construct
// (test/editors/grammar/*.flow), and snapshots of how every example is
// scoped (test/editors/snapshots/, one `.snap` per `examples/**/*.flow`).
// `UPDATE=1` rewrites the snapshots, like the suite's other golden files.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const GRAMMAR = path.join(ROOT, "editors", "textmate", "flow.tmLanguage.json");
const SNAPSHOTS = path.join(ROOT, "test", "editors", "snapshots");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

function examples(dir = path.join(ROOT, "examples")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? examples(path.join(dir, e.name)) : e.name.endsWith(".flow") ? [path.join(dir, e.name)] : [],
  );
}

describe("the TextMate grammar", () => {
  test("scopes every construct as the assertions in test/editors/grammar say", () => {
    const run = spawnSync(process.execPath, [bin("vscode-tmgrammar-test"), "-g", GRAMMAR, "test/editors/grammar/*.flow"], { cwd: ROOT, encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("✓ test/editors/grammar/constructs.flow run successfuly.\n");
    expect(run.status).toBe(0);
  });

  test("scopes every example as its snapshot says", () => {
    const files = examples().map((f) => path.relative(path.join(ROOT, "examples"), f));
    expect(files.length).toBeGreaterThan(0);
    const update = process.env.UPDATE === "1";
    const scratch = mkdtempSync(path.join(os.tmpdir(), "flowc-tmgrammar-"));
    try {
      for (const file of files) {
        mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
        copyFileSync(path.join(ROOT, "examples", file), path.join(scratch, file));
        const snapshot = path.join(SNAPSHOTS, `${file}.snap`);
        // The tool writes a missing snapshot and passes: a missing one must fail here instead.
        if (!update) expect(existsSync(snapshot), `${snapshot} (run with UPDATE=1 to write it)`).toBe(true);
        if (existsSync(snapshot)) copyFileSync(snapshot, path.join(scratch, `${file}.snap`));
      }
      const args = [bin("vscode-tmgrammar-snap"), "-g", GRAMMAR, "-s", "source.flow", ...(update ? ["-u"] : []), "**/*.flow"];
      const run = spawnSync(process.execPath, args, { cwd: scratch, encoding: "utf8" });
      if (update) {
        for (const file of files) {
          mkdirSync(path.dirname(path.join(SNAPSHOTS, file)), { recursive: true });
          copyFileSync(path.join(scratch, `${file}.snap`), path.join(SNAPSHOTS, `${file}.snap`));
        }
      }
      expect(run.status, run.stdout + run.stderr).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
