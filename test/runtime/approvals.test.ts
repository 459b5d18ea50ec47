import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  allowList,
  ApprovalDeniedError,
  defineFlow,
  defineModel,
  defineTool,
  defineWorker,
  interactivePrompt,
  runFlow,
  z,
} from "../../runtime/index.ts";
import type { ApprovalPolicy, ApprovalRequest } from "../../runtime/index.ts";
import { denyNonInteractive } from "../../runtime/approvals.ts";
import { memoryTraceSink } from "../../runtime/trace.ts";
import { callTools, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const saved: string[] = [];
const saveReport = defineTool<{ path: string; markdown: string }, void>({
  name: "save_report",
  input: z.object({ path: z.string(), markdown: z.string() }),
  output: z.void(),
  needsApproval: true,
  implementation: ({ path }) => void saved.push(path),
});

const saveTwice = defineFlow<{ names: string[] }, string>({
  name: "publish",
  input: z.object({ names: z.array(z.string()) }),
  output: z.string(),
  async body(ctx, { names }) {
    for (const name of names) await ctx.call(saveReport, { path: `out/${name}.md`, markdown: "# hi" });
    return "published";
  },
});

function asking(answers: ApprovalRequest[], decision: "approve-once" | "approve-for-run" | "deny"): ApprovalPolicy {
  return {
    name: "test",
    decide(request) {
      answers.push(request);
      return { decision };
    },
  };
}

describe("approvals", () => {
  it("runs the tool when the allow list approves it, and traces the decisions", async () => {
    saved.length = 0;
    const sink = memoryTraceSink();
    await runFlow(saveTwice, { names: ["a", "b"] }, { approval: allowList({ approve: ["save_report"] }), trace: sink });
    expect(saved).toEqual(["out/a.md", "out/b.md"]);
    const approvals = sink.events().filter((e) => e.type === "approval");
    expect(approvals.map(({ t: _t, ...rest }) => rest)).toEqual([
      { type: "approval", path: "publish/save_report", tool: "save_report", arguments: { path: "out/a.md", markdown: "# hi" }, decision: "approve-for-run", by: "allow-list" },
      { type: "approval", path: "publish/save_report#2", tool: "save_report", arguments: { path: "out/b.md", markdown: "# hi" }, decision: "approve-for-run", by: "remembered" },
    ]);
  });

  it("asks once per tool and run when approved for the run, every time when approved once", async () => {
    const forRun: ApprovalRequest[] = [];
    await runFlow(saveTwice, { names: ["a", "b", "c"] }, { approval: asking(forRun, "approve-for-run") });
    expect(forRun.map((r) => r.path)).toEqual(["publish/save_report"]);
    const once: ApprovalRequest[] = [];
    await runFlow(saveTwice, { names: ["a", "b"] }, { approval: asking(once, "approve-once") });
    expect(once.map((r) => [r.path, r.arguments])).toEqual([
      ["publish/save_report", { path: "out/a.md", markdown: "# hi" }],
      ["publish/save_report#2", { path: "out/b.md", markdown: "# hi" }],
    ]);
  });

  it("denies tools missing from the allow list, saying how to approve", async () => {
    saved.length = 0;
    const error = await runFlow(saveTwice, { names: ["a"] }, { approval: allowList({ approve: ["other"] }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApprovalDeniedError);
    expect((error as Error).message).toBe(
      'Tool save_report at publish/save_report needs approval and was denied: save_report is not in the approved list; approve it with --approve save_report or --approve-all (in code: approval: allowList({ approve: ["save_report"] }))',
    );
    expect(saved).toEqual([]);
  });

  it("approves everything with approveAll", async () => {
    saved.length = 0;
    await runFlow(saveTwice, { names: ["a"] }, { approval: allowList({ approveAll: true }) });
    expect(saved).toEqual(["out/a.md"]);
  });

  it("denies by default when not interactive, saying how to approve", async () => {
    saved.length = 0;
    expect(process.stdin.isTTY && process.stderr.isTTY).toBeFalsy(); // vitest runs without a TTY
    const sink = memoryTraceSink();
    await expect(runFlow(saveTwice, { names: ["a"] }, { trace: sink })).rejects.toThrow(
      'Tool save_report at publish/save_report needs approval and was denied: the run is not interactive; approve it with --approve save_report or --approve-all (in code: approval: allowList({ approve: ["save_report"] }))',
    );
    expect(saved).toEqual([]);
    expect(sink.events().find((e) => e.type === "approval")).toMatchObject({ decision: "deny", by: "non-interactive" });
  });

  it("ends a worker's loop when the model calls a denied tool (not handed back as text)", async () => {
    const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });
    const writer = defineWorker<{ topic: string }, string>({
      name: "writer",
      input: z.object({ topic: z.string() }),
      output: z.string(),
      model,
      instructions: "Write and save.",
      uses: () => [saveReport],
    });
    const provider = new ScriptedProvider(() => callTools([{ name: "save_report", args: { path: "x.md", markdown: "m" } }]));
    await expect(runFlow(defineFlow({ name: "go", input: z.object({ topic: z.string() }), output: z.string(), body: (ctx, i: { topic: string }) => ctx.call(writer, i) }), { topic: "t" }, { provider, approval: denyNonInteractive() })).rejects.toThrow(ApprovalDeniedError);
    expect(provider.requests).toHaveLength(1);
  });

  it("prompts on a terminal: once, for this run, deny", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = "";
    output.on("data", (chunk: Buffer) => (shown += chunk.toString()));
    const policy = interactivePrompt({ input, output });
    saved.length = 0;
    const pending = runFlow(saveTwice, { names: ["a", "b", "c", "d"] }, { approval: policy });
    const answer = async (text: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      input.write(text);
    };
    await answer("y\n"); // a: once
    await answer("a\n"); // b: for this run → c, d without asking
    expect(await pending).toBe("published");
    expect(saved).toEqual(["out/a.md", "out/b.md", "out/c.md", "out/d.md"]);
    expect(shown).toContain("Tool save_report needs approval.\n  call path: publish/save_report\n  arguments: {\"path\":\"out/a.md\",\"markdown\":\"# hi\"}\n[y] approve once  [a] approve for this run  [n] deny: ");
    expect(shown.match(/needs approval/g)).toHaveLength(2);

    const closed = new PassThrough();
    const closedPending = runFlow(saveTwice, { names: ["f"] }, { approval: interactivePrompt({ input: closed, output }) });
    closed.end();
    await expect(closedPending).rejects.toThrow("was denied: no answer (input closed); approve it with --approve save_report");

    const denyPending = runFlow(saveTwice, { names: ["e"] }, { approval: interactivePrompt({ input, output }) });
    await answer("n\n");
    await expect(denyPending).rejects.toThrow("Tool save_report at publish/save_report needs approval and was denied: denied at the prompt");
  });
});
