// Issue #16, row 9, from `.flow` to a run: a `needs approval` tool's file is
// not imported at the top of the generated module but loaded by
// `loadImplementation` once a call is approved. The tool file's top-level code
// counts its loads in a global; the generated code passes tsc --strict, and the
// tool check still checks the lazy tool's signature.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile } from "../../compiler/index.ts";
import { allowList, ApprovalDeniedError } from "../../runtime/index.ts";
import { removeDir, scratchDir, typecheck, writeAll, writeText } from "./harness.ts";

const FLOW = `tool save_report(path: string) -> string from "./tools/files.ts" needs approval
tool shout(text: string) -> string from "./tools/shout.ts"

flow publish(path: string) -> string {
  return save_report(shout(path))
}
`;

const LOADS = "__flowcLazyToolLoads";
const loads = () => (globalThis as Record<string, unknown>)[LOADS];

const FILES_TOOL = `const counts = globalThis as unknown as Record<string, number>;
counts.${LOADS} = (counts.${LOADS} ?? 0) + 1;
export function save_report(input: { path: string }): string {
  return \`saved \${input.path}\`;
}
`;

const SHOUT_TOOL = `export function shout(input: { text: string }): string {
  return input.text.toUpperCase();
}
`;

describe("a needs-approval tool in generated code", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("lazy-tools");
    writeText(path.join(dir, "app.flow"), FLOW);
    writeText(path.join(dir, "tools/files.ts"), FILES_TOOL);
    writeText(path.join(dir, "tools/shout.ts"), SHOUT_TOOL);
  });
  afterAll(() => removeDir(dir));

  const build = () => compile([path.join(dir, "app.flow")], { rootDir: dir, outDir: path.join(dir, "gen"), cacheDir: false });

  test("is loaded by loadImplementation, not imported at the top, and the code passes tsc --strict", async () => {
    const result = await build();
    expect(result.diagnostics).toEqual([]);
    const text = result.files[0]!.text;
    expect(text.split("\n").filter((line) => line.includes("tools/"))).toEqual([
      'import * as tool_shout from "../tools/shout.js";',
      '  loadImplementation: () => import("../tools/files.js").then((m) => m.save_report),',
    ]);
    writeAll(result.files);
    expect(typecheck(dir)).toBe("");
  });

  test("runs: importing the module and a denied call do not load the tool file; an approved call does", async () => {
    writeAll((await build()).files);
    const generated = (await import(path.join(dir, "gen/app.ts"))) as {
      runPublish: (input: { path: string }, options?: object) => Promise<string>;
    };
    expect(loads()).toBeUndefined();
    const denied = await generated.runPublish({ path: "memo.md" }, { approval: allowList({ approve: ["shout"] }) }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ApprovalDeniedError);
    expect(loads()).toBeUndefined();
    const saved = await generated.runPublish({ path: "memo.md" }, { approval: allowList({ approve: ["save_report"] }) });
    expect([saved, loads()]).toEqual(["saved MEMO.MD", 1]);
  });

  test("the tool check still checks the lazy tool's signature (FLW451)", async () => {
    writeText(path.join(dir, "tools/files.ts"), "export function save_report(input: { path: string }): number {\n  return input.path.length;\n}\n");
    const result = await build();
    expect([result.ok, result.diagnostics.map((d) => [d.code, d.message])]).toEqual([
      false,
      [["FLW451", "tool `save_report` in \"./tools/files.ts\" does not match its declaration: returns `number` but the declaration says `string`"]],
    ]);
  });
});
