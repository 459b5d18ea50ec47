// Issue #18 in the language: `answer: code` makes a worker a code worker.
// Checked (its settings), emitted as `defineCodeWorker` (tsc --strict
// passes), run on a scripted model, and bounded by `flowc graph`'s estimate.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile } from "../../compiler/index.ts";
import { CallBounds } from "../../compiler/review/bounds/index.ts";
import { diffSpecs } from "../../compiler/review/diff/run.ts";
import { checkText } from "../check/helpers.ts";
import { removeDir, scratchDir, typecheck, writeAll, writeText } from "./harness.ts";
import { js, scriptedModel } from "../runtime/code/script.ts";

const FLOW = `model coder = "code-model"

tool count_words(text: string) -> int from "./tools/count.ts"

/// Finds the magic number in a long text.
worker find_needle(haystack: string, hint: string) -> string {
  model: coder
  answer: code
  instructions: "Find the magic number in haystack. {{hint}}"
  uses: [count_words]
  max_turns: 6
  max_sub_calls: 100
  batch_concurrency: 16
}

flow main(haystack: string) -> string {
  return find_needle(haystack, "It is a number.")
}
`;

const COUNT_TOOL = `export function count_words(input: { text: string }): number {
  return input.text.split(/\\s+/).length;
}
`;

describe("a code worker in a .flow file", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("code-worker");
    writeText(path.join(dir, "app.flow"), FLOW);
    writeText(path.join(dir, "tools/count.ts"), COUNT_TOOL);
  });
  afterAll(() => removeDir(dir));

  const build = () => compile([path.join(dir, "app.flow")], { rootDir: dir, outDir: path.join(dir, "gen"), cacheDir: false });

  test("is emitted as defineCodeWorker with its settings, and the code passes tsc --strict", async () => {
    const result = await build();
    expect(result.diagnostics).toEqual([]);
    const text = result.files[0]!.text;
    expect(text).toContain("export const find_needle: CodeWorker<{ haystack: string; hint: string }, string> = defineCodeWorker(");
    expect(text).toContain("    settings: { maxTurns: 6, maxSubCalls: 100, batchConcurrency: 16 },\n");
    writeAll(result.files);
    expect(typecheck(dir)).toBe("");
  }, 120_000); // two tsc runs (the tool check and --strict): slow on a loaded machine

  test("runs: cells call the tool it uses by name", async () => {
    writeAll((await build()).files);
    const generated = (await import(path.join(dir, "gen/app.ts"))) as {
      runMain: (input: { haystack: string }, options?: object) => Promise<string>;
    };
    const provider = scriptedModel({ turns: [js(`const n = count_words({ text: haystack });\nFINAL(hint + " " + n)`)] });
    expect(await generated.runMain({ haystack: "a b c" }, { provider })).toBe("It is a number. 3");
    expect(provider.requests[0]!.model).toBe("code-model");
  }, 120_000);

  test("flowc graph's bound: turns with their repairs, plus max_sub_calls sub-calls", async () => {
    const { program } = checkText(FLOW, { "tools/count.ts": COUNT_TOOL });
    const bounds = new CallBounds(program);
    expect(bounds.of({ kind: "worker", name: "find_needle", module: program.modules[0]!.file }).text).toBe("118");
  });

  test("flowc diff: a change of answer is a kind change, its settings are limits", () => {
    const text = FLOW.replace("  answer: code\n", "").replace("  max_sub_calls: 100\n  batch_concurrency: 16\n", "");
    writeText(path.join(dir, "text.flow"), text);
    writeText(path.join(dir, "more.flow"), FLOW.replace("max_sub_calls: 100", "max_sub_calls: 200"));
    const changes = (head: string) => {
      const outcome = diffSpecs("app.flow", head, { cwd: dir });
      return outcome.ok ? outcome.report.changes.filter((c) => c.subject === "find_needle").map((c) => `${c.rule}: ${c.reason}`) : ["failed"];
    };
    expect(changes("text.flow")).toEqual([
      "kind-changed: now answers with text (was code); call sites stay the same",
      "limit-changed: `max_sub_calls` changed",
      "limit-changed: `batch_concurrency` changed",
      "bound-shrank: worst-case LLM calls went down",
    ]);
    expect(changes("more.flow")).toEqual(["limit-changed: `max_sub_calls` changed", "bound-grew: worst-case LLM calls grew"]);
  });

  test("code settings need answer: code, and a code worker takes no context, temperature or retries", () => {
    const { diagnostics } = checkText(`
worker plain(q: string) -> string { instructions: "x", max_sub_calls: 3, batch_concurrency: 2 }
worker coder(q: string) -> string { instructions: "x", answer: code, context: q, temperature: 0.5, retries: 1 }
worker odd(q: string) -> string { instructions: "x", answer: javascript }
`);
    expect(diagnostics.map((d) => `${d.code} ${d.message}${d.hint ? ` (${d.hint})` : ""}`)).toEqual([
      "FLW403 `max_sub_calls` must be set only on a code worker (add `answer: code`)",
      "FLW403 `batch_concurrency` must be set only on a code worker (add `answer: code`)",
      "FLW403 `context` must be absent on a code worker (a code worker's parameters are variables in its sandbox)",
      "FLW403 `temperature` must be absent on a code worker (a code worker sets it for its own turns)",
      "FLW403 `retries` must be absent on a code worker (a code worker sets it for its own turns)",
      "FLW403 `answer` must be `code` or `text` (write `answer: code` for a worker that answers by writing JavaScript)",
    ]);
  });
});
