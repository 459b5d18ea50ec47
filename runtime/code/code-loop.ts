// The code loop: each turn the model writes a cell (a call of the inner
// worker `turn`), the cell runs in the sandbox in a frame of its own (`cell`,
// `cell#2`, ...: the sub-calls it makes are nested under it in the trace, and
// its end line holds its code and what it printed), and what it printed is
// the next turn's news. FINAL(value) ends the loop once the value matches the
// output schema; a mismatch is sent back as a repair turn.
import { z } from "zod";
import { defineFlow } from "../callable.ts";
import { ConfigError, DepthLimitError, describeIssues, fieldIssues, MaxTurnsError, OutputValidationError } from "../errors.ts";
import { renderTemplate } from "../template.ts";
import type { FlowContext } from "../types.ts";
import { cellCode, type CodeWorkerShape } from "./code-worker.ts";
import { BUILTIN_NAMES, hostFunctions, type HostState } from "./host-functions.ts";
import { systemPrompt, transcript, transcriptEntry } from "./prompt.ts";
import { Sandbox, type CellResult } from "./sandbox.ts";

/** A cell's trace record: its code, what it printed, its value or error, and what it gave FINAL. */
export interface CellRecord extends CellResult {
  readonly code: string;
  readonly final?: unknown;
}

// A cell's result is never taken from a resume journal: the cell must run to
// rebuild the sandbox's state. Only records made in this process pass.
const madeHere = new WeakSet<object>();
const CellOutput = z.custom<CellRecord>((value) => typeof value === "object" && value !== null && madeHere.has(value), {
  message: "a cell runs again on resume",
});

export async function runCodeLoop<In, Out>(shape: CodeWorkerShape<In, Out>, ctx: FlowContext, input: In): Promise<Out> {
  const { spec, settings } = shape;
  checkRecursion(spec.name, ctx.path, settings.maxDepth);
  const callables = spec.uses?.() ?? [];
  const variables = sandboxVariables(input);
  checkNames(spec.name, [...Object.keys(variables), ...callables.map((c) => c.name)]);
  const state: HostState = { name: spec.name, maxSubCalls: settings.maxSubCalls, batchConcurrency: settings.batchConcurrency, subCalls: 0, cell: undefined, final: undefined };
  const sandbox = await Sandbox.create({ ...settings, signal: ctx.signal }, variables, hostFunctions(state, shape.llm, callables));
  try {
    const cell = defineFlow<{ code: string }, CellRecord>({
      name: "cell",
      input: z.object({ code: z.string() }),
      output: CellOutput,
      body: async (cellCtx, { code }) => {
        state.cell = cellCtx;
        state.final = undefined;
        try {
          const result = await sandbox.run(code);
          // Set by FINAL while the cell ran (TypeScript cannot see that through the await).
          const final = state.final as HostState["final"];
          const record: CellRecord = final ? { code, ...result, final: final.value } : { code, ...result };
          madeHere.add(record);
          return record;
        } finally {
          state.cell = undefined;
        }
      },
    });
    const system = systemPrompt({ name: spec.name, task: renderTemplate(spec.instructions, input), variables, callables, output: spec.output, settings });
    const entries: string[] = [];
    let repairs = 0;
    for (let turn = 1; ; turn++) {
      if (turn > settings.maxTurns) throw new MaxTurnsError(spec.name, ctx.path, settings.maxTurns);
      const answer = await ctx.call(shape.turn, { system, transcript: transcript(entries) });
      const code = cellCode(answer);
      const record = await ctx.call(cell, { code });
      let report = cellReport(record);
      if ("final" in record) {
        const parsed = spec.output.safeParse(record.final);
        if (parsed.success) return parsed.data;
        const problem = describeIssues(fieldIssues(parsed.error));
        if (repairs >= settings.repairTurns) throw new OutputValidationError(spec.name, ctx.path, problem, repairs);
        repairs++;
        const note = `FINAL was rejected: the value does not match the output schema: ${problem}. Fix it and call FINAL again.`;
        report = report === "" ? note : `${report}\n${note}`;
      }
      entries.push(transcriptEntry(turn, code, report));
    }
  } finally {
    sandbox.dispose();
  }
}

/** What the model reads back from a cell. */
export function cellReport(record: CellRecord): string {
  const lines = record.printed === "" ? [] : [record.printed];
  if (record.value !== undefined) lines.push(`=> ${record.value}`);
  if (record.error !== undefined) lines.push(`Uncaught ${record.error}`);
  return lines.join("\n");
}

/** An object input's fields become sandbox variables; any other input is `input`. */
function sandboxVariables(input: unknown): Record<string, unknown> {
  if (input !== null && typeof input === "object" && !Array.isArray(input)) return { ...(input as Record<string, unknown>) };
  return { input };
}

function checkNames(name: string, names: readonly string[]): void {
  for (const taken of names) {
    if ((BUILTIN_NAMES as readonly string[]).includes(taken)) {
      throw new ConfigError(`code worker ${name}: ${taken} is a built-in name of the sandbox; rename that parameter or callable`);
    }
  }
}

/**
 * Recursion: how many frames of this code worker are on the call path (its
 * own included). Calls of itself come from its cells, so each level adds a
 * path segment `name` or `name#n`.
 */
function checkRecursion(name: string, path: string, maxDepth: number): void {
  const own = new RegExp(`^${name.replace(/[^\w]/g, "\\$&")}(#\\d+)?$`);
  const levels = path.split("/").filter((segment) => own.test(segment)).length;
  if (levels - 1 > maxDepth) throw new DepthLimitError(path, levels - 1, maxDepth, `max_depth ${maxDepth} of code worker ${name}`);
}
