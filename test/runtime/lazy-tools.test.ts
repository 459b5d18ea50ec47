// Issue #16, row 9: the module of a `needs approval` tool was imported, top-level
// code and all, even when the call was denied. A tool defined with
// `loadImplementation` (what generated code writes for such tools) loads its
// module only once a call is approved. Each test writes a fresh tool module
// whose top-level code leaves a marker file.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allowList, ApprovalDeniedError, defineFlow, defineTool, runFlow, z } from "../../runtime/index.ts";
import type { ToolImplementation } from "../../runtime/index.ts";

type SaveInput = { path: string; markdown: string };

let dir: string;
let marker: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "flowc-lazy-"));
  marker = path.join(dir, "loaded.txt");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A tool module whose top-level code appends a line to the marker file; its `save_report` echoes the path. */
function toolModule(body: string): string {
  const file = path.join(dir, "tools", "files.mjs");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(marker)}, "loaded\\n");\n${body}\n`);
  return pathToFileURL(file).href;
}

const FUNCTION_TOOL = "export function save_report(input) { return `saved ${input.path}`; }";

/** A `needs approval` tool defined the way generated code defines it, counting its loads. */
function lazySaveReport(url: string, loads: { count: number }) {
  return defineTool<SaveInput, string>({
    name: "save_report",
    input: z.object({ path: z.string(), markdown: z.string() }),
    output: z.string(),
    loadImplementation: () => {
      loads.count++;
      return import(url).then((m: { save_report: ToolImplementation<SaveInput, string> }) => m.save_report);
    },
    needsApproval: true,
  });
}

function publish(tool: ReturnType<typeof lazySaveReport>) {
  return defineFlow<{ names: string[] }, string[]>({
    name: "publish",
    input: z.object({ names: z.array(z.string()) }),
    output: z.array(z.string()),
    async body(ctx, { names }) {
      const out: string[] = [];
      for (const name of names) out.push(await ctx.call(tool, { path: `${name}.md`, markdown: "# hi" }));
      return out;
    },
  });
}

const loadedLines = () => (existsSync(marker) ? readFileSync(marker, "utf8") : "");

describe("a needs-approval tool with loadImplementation", () => {
  it("is not loaded when the call is denied: its module's top-level code never runs", async () => {
    const loads = { count: 0 };
    const flow = publish(lazySaveReport(toolModule(FUNCTION_TOOL), loads));
    const error = await runFlow(flow, { names: ["a"] }, { approval: allowList({ approve: ["other"] }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApprovalDeniedError);
    expect([loads.count, loadedLines()]).toEqual([0, ""]);
  });

  it("is loaded once approved, once for all its calls", async () => {
    const loads = { count: 0 };
    const flow = publish(lazySaveReport(toolModule(FUNCTION_TOOL), loads));
    expect(loadedLines()).toBe("");
    const result = await runFlow(flow, { names: ["a", "b"] }, { approval: allowList({ approve: ["save_report"] }) });
    expect([result, loads.count, loadedLines()]).toEqual([["saved a.md", "saved b.md"], 1, "loaded\n"]);
  });

  it("works with a factory export: an instance per call, disposed with it", async () => {
    const loads = { count: 0 };
    const url = toolModule(
      'export const save_report = { create() { return { call: (input) => `made ${input.path}`, dispose() { globalThis.__lazyDisposed = (globalThis.__lazyDisposed ?? 0) + 1; } }; } };',
    );
    const flow = publish(lazySaveReport(url, loads));
    const result = await runFlow(flow, { names: ["a"] }, { approval: allowList({ approveAll: true }) });
    expect([result, loads.count, (globalThis as { __lazyDisposed?: number }).__lazyDisposed]).toEqual([["made a.md"], 1, 1]);
  });

  it("says so when the loaded module does not export the tool", async () => {
    const flow = publish(lazySaveReport(toolModule("export const other = 1;"), { count: 0 }));
    await expect(runFlow(flow, { names: ["a"] }, { approval: allowList({ approveAll: true }) })).rejects.toThrow(
      "tool save_report: its module does not export a function or a { create } factory named save_report",
    );
  });
});
