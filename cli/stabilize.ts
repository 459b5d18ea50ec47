// `flowc stabilize TRACE --call PATH --flow FILE --input @IN --recording REC`:
// a code worker's successful run, written down as code (issue #18). It writes
// the tool module `<out>/<worker>.ts` (the cells, in order), a vitest test
// `<out>/<worker>.test.ts` that replays the recording against it, and prints
// the `tool` declaration that replaces the worker; `--write` puts that
// declaration into the .flow file in place of the worker's (call sites stay).
import type { Command } from "commander";

export interface StabilizeOptions {
  readonly call: string;
  readonly flow: string;
  readonly input: string;
  readonly recording: string;
  readonly out?: string;
  readonly write?: boolean;
}

export function register(program: Command): void {
  program
    .command("stabilize")
    .summary("turn a code worker's recorded run into a tool")
    .description(
      "Write the cells a code worker's model wrote in a successful run (a trace from `flowc run --trace`) " +
        "as a TypeScript tool module with the worker's signature, a vitest test that replays the run's " +
        "recording against it, and the `tool` declaration that replaces the worker (printed; --write edits the .flow file).",
    )
    .argument("<trace>", "the trace of the run (JSON lines)")
    .requiredOption("--call <path>", "the code worker's call path in the trace (e.g. main/find_answer)")
    .requiredOption("--flow <file>", "the .flow file that declares the code worker")
    .requiredOption("--input <json>", "the call's input: JSON or @file (checked against the trace)")
    .requiredOption("--recording <file>", "the recording of the same run (for the replay test)")
    .option("--out <dir>", "where the module and test go (default: tools/ beside the .flow file)")
    .option("--write", "replace the worker's declaration in the .flow file")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc run app.flow main --input @in.json --record rec.jsonl --trace trace.jsonl
  $ flowc stabilize trace.jsonl --call main/find_answer --flow app.flow --input @call.json --recording rec.jsonl --write`,
    )
    .action(async (trace: string, options: StabilizeOptions) => {
      const { stabilize } = await import("./stabilize-run.ts");
      stabilize(trace, options);
    });
}
