// `git:REV` and `git:REV:path` inputs, in a temporary repository made here.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { diffSpecs, InputError } from "../../compiler/review/diff/run.ts";
import type { DiffReport } from "../../compiler/review/diff/types.ts";
import { FIXTURES } from "./helpers.ts";

let repo: string;
const fixture = (name: string, file: string) => readFileSync(path.join(FIXTURES, "diff", name, file), "utf8");

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: repo, encoding: "utf8" });
}

function report(base: string, head: string, cwd = repo): DiffReport {
  const outcome = diffSpecs(base, head, { cwd });
  if (!outcome.ok) throw new Error(outcome.failed.map((f) => f.label).join(", "));
  return outcome.report;
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), "flowc-git-"));
  git("init", "-q", "-b", "main");
  git("config", "user.name", "flowc test");
  git("config", "user.email", "flowc@example.com");
  git("config", "commit.gpgsign", "false");
  // Same layout as the fixtures: app/app.flow uses ../_tools/tools.ts, inside
  // the project that package.json marks (tool files must be, FLW225).
  writeFileSync(path.join(repo, "package.json"), "{}\n");
  mkdirSync(path.join(repo, "app"));
  mkdirSync(path.join(repo, "_tools"));
  copyFileSync(path.join(FIXTURES, "diff/_tools/tools.ts"), path.join(repo, "_tools/tools.ts"));
  writeFileSync(path.join(repo, "app/app.flow"), fixture("field-removed", "base.flow"));
  git("add", ".");
  git("commit", "-q", "-m", "base");
  writeFileSync(path.join(repo, "app/app.flow"), fixture("field-removed", "head.flow"));
  git("commit", "-q", "-am", "head");
  // The working tree goes one step further: a new required input field too.
  writeFileSync(path.join(repo, "app/app.flow"), fixture("field-removed", "head.flow").replace("  text: string\n", "  text: string\n  year: int\n"));
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("diff with git revisions", () => {
  test("git:REV against git:REV compares the trees of two commits", () => {
    const r = report("git:HEAD~1", "git:HEAD", path.join(repo, "app"));
    expect(r.base).toBe("git:HEAD~1");
    expect(r.changes.map((c) => c.rule)).toEqual(["field-removed"]);
  });

  test("git:REV:path against a file in the working tree", () => {
    const r = report("git:HEAD:app/app.flow", "app/app.flow");
    expect(r.changes.map((c) => [c.rule, c.class])).toEqual([["field-required", "breaking"]]);
  });

  test("git:REV means the current folder at that revision", () => {
    const r = report("git:main~1", ".", path.join(repo, "app"));
    expect(r.changes.map((c) => c.rule).sort()).toEqual(["field-removed", "field-required"]);
  });

  test("paths starting with ./ are relative to the current folder", () => {
    const r = report("git:HEAD:./app.flow", "git:HEAD:app/app.flow", path.join(repo, "app"));
    expect(r.changes).toEqual([]);
  });

  test("an unknown revision is an input error, and temporary folders are removed", () => {
    expect(() => report("git:no-such-branch", ".")).toThrow(InputError);
    expect(() => report("git:HEAD:missing.flow", ".")).toThrow(/no such file or folder/);
    const leftovers = execFileSync("sh", ["-c", `ls ${tmpdir()} | grep -c '^flowc-diff-' || true`], { encoding: "utf8" });
    expect(Number(leftovers.trim())).toBe(0);
  });
});
