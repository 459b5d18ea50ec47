// `flowc trace FILE`: a run's trace (JSON lines, written by `flowc run --trace`)
// as a call tree with usage and timings per node.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { CliError, UsageError, writeErr, writeOut } from "./output.ts";
import { loadRuntime } from "./typescript-loader.ts";

export function register(program: Command): void {
  program
    .command("trace")
    .summary("show a run's trace as a call tree")
    .description(
      "Render a trace written by `flowc run --trace FILE` as a call tree: every frame " +
        "with its callable, duration, tokens and cost, approvals and errors.",
    )
    .argument("<file>", "the trace (JSON lines)")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc run app.flow main --input @in.json --replay rec.jsonl --trace out/trace.jsonl
  $ flowc trace out/trace.jsonl`,
    )
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        throw new UsageError(`cannot read the trace ${file}`, "write one with: flowc run FILE FLOW --trace out/trace.jsonl");
      }
      const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
      if (lines.length === 0) throw new CliError(`${file} is empty`);
      // A crashed run leaves a torn line (in the middle, once resumed): skipped, but a file that starts with one is no trace.
      const torn = lines.filter((line, i) => {
        try {
          JSON.parse(line);
          return false;
        } catch {
          if (i === 0) throw new CliError(`${file}:1 is not a JSON line; is this a flowc trace?`);
          return true;
        }
      }).length;
      if (torn > 0) writeErr(`${torn === 1 ? "1 torn line" : `${torn} torn lines`} skipped (a run was killed while writing)`);
      const { renderTrace } = await loadRuntime();
      const out = renderTrace(lines);
      writeOut(out);
    });
}
